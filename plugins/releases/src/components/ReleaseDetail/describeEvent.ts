import {
  FieldChange,
  PHASE_PATH,
  ReleaseComponent,
  ReleaseEvent,
  ReleasePhase,
  ReleaseType,
} from '@backstage-itsm/plugin-releases-common';
import {
  formatComponent,
  formatDateTime,
  humanizeRef,
  phaseLabel,
  typeLabel,
} from '../shared/format';

const CHANGE_LABELS: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  type: 'Type',
  phase: 'Phase',
  plannedStart: 'Planned start',
  plannedEnd: 'Planned end',
  actualStart: 'Actual start',
  actualEnd: 'Actual end',
  owner: 'Owner',
  components: 'Components',
  environments: 'Environments',
  approvalRound: 'Approval round',
  breakGlass: 'Break glass',
};

/** Bookkeeping fields that every change touches; not worth a line in the history. */
const HIDDEN_FIELDS = new Set(['revision', 'updatedAt', 'createdAt', 'id']);

function phaseChange(event: ReleaseEvent) {
  const change = event.changes?.phase;
  if (!change) {
    return undefined;
  }
  return {
    from: change.before as ReleasePhase | undefined,
    to: change.after as ReleasePhase | undefined,
  };
}

/** What the actor did, e.g. `moved the release from Plan to Design`. */
export function describeEvent(event: ReleaseEvent): string {
  switch (event.type) {
    case 'created':
      return 'created the release';
    case 'updated':
      return 'updated the release';
    case 'approved':
      return 'approved the release';
    case 'rejected':
      return 'rejected the release';
    case 'transitioned': {
      const move = phaseChange(event);
      if (!move?.to) {
        return 'changed the phase of the release';
      }
      if (move.to === 'cancelled') {
        return move.from
          ? `cancelled the release in ${phaseLabel(move.from)}`
          : 'cancelled the release';
      }
      if (!move.from) {
        return `moved the release to ${phaseLabel(move.to)}`;
      }
      const back = PHASE_PATH.indexOf(move.to) < PHASE_PATH.indexOf(move.from);
      return `moved the release ${back ? 'back ' : ''}from ${phaseLabel(
        move.from,
      )} to ${phaseLabel(move.to)}`;
    }
    default:
      return `changed the release (${String(event.type)})`;
  }
}

/** The phase a cancelled release was in, read from its history. */
export function cancelledInPhase(
  events: ReleaseEvent[],
): ReleasePhase | undefined {
  const cancel = events.find(
    e => e.type === 'transitioned' && phaseChange(e)?.to === 'cancelled',
  );
  return cancel ? phaseChange(cancel)?.from : undefined;
}

function formatValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') {
    return '(none)';
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return '(none)';
    }
    if (field === 'components') {
      return (value as ReleaseComponent[]).map(formatComponent).join(', ');
    }
    return value.map(v => String(v)).join(', ');
  }
  if (typeof value === 'string') {
    if (/^(planned|actual)(Start|End)$/.test(field)) {
      return formatDateTime(value);
    }
    if (field === 'phase') {
      return phaseLabel(value as ReleasePhase);
    }
    if (field === 'type') {
      return typeLabel(value as ReleaseType);
    }
    if (field === 'owner') {
      return humanizeRef(value);
    }
    return value;
  }
  if (typeof value === 'object' && 'reason' in value) {
    return String((value as { reason: unknown }).reason);
  }
  return JSON.stringify(value);
}

export interface DescribedChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

/**
 * The field changes worth listing: none for `created` (the release itself
 * shows them), and the phase of a transition is already in its sentence.
 */
export function describeChanges(event: ReleaseEvent): DescribedChange[] {
  if (event.type === 'created') {
    return [];
  }
  return Object.entries(event.changes ?? {})
    .filter(([field]) => !HIDDEN_FIELDS.has(field))
    .filter(([field]) => !(event.type === 'transitioned' && field === 'phase'))
    .map(([field, change]: [string, FieldChange]) => ({
      field,
      label: CHANGE_LABELS[field] ?? field,
      before: formatValue(field, change?.before),
      after: formatValue(field, change?.after),
    }));
}
