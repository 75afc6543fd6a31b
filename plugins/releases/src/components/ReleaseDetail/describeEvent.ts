import {
  PHASE_PATH,
  ReleaseEvent,
  ReleasePhase,
} from '@backstage-itsm/plugin-releases-common';
import { Labels, ReleasesT } from '../shared/labels';

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
export function describeEvent(
  event: ReleaseEvent,
  t: ReleasesT,
  labels: Labels,
): string {
  switch (event.type) {
    case 'created':
      return t('history.created');
    case 'updated':
      return t('history.updated');
    case 'approved':
      return t('history.approved');
    case 'rejected':
      return t('history.rejected');
    case 'reviewed':
      return t('history.reviewed');
    case 'transitioned': {
      const move = phaseChange(event);
      if (!move?.to) {
        return t('history.changedPhase');
      }
      if (move.to === 'cancelled') {
        return move.from
          ? t('history.cancelledIn', { from: labels.phase(move.from) })
          : t('history.cancelledRelease');
      }
      if (!move.from) {
        return t('history.movedTo', { to: labels.phase(move.to) });
      }
      const back = PHASE_PATH.indexOf(move.to) < PHASE_PATH.indexOf(move.from);
      const phases = {
        from: labels.phase(move.from),
        to: labels.phase(move.to),
      };
      return back ? t('history.movedBack', phases) : t('history.moved', phases);
    }
    default:
      return t('history.changed');
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

/**
 * The field changes worth listing: none for `created` (the release itself
 * shows them), and the phase of a transition is already in its sentence.
 */
export function changedFields(
  event: ReleaseEvent,
): { field: string; before: unknown; after: unknown }[] {
  if (event.type === 'created') {
    return [];
  }
  return Object.entries(event.changes ?? {})
    .filter(([field]) => !HIDDEN_FIELDS.has(field))
    .filter(([field]) => !(event.type === 'transitioned' && field === 'phase'))
    .map(([field, change]) => ({
      field,
      before: change?.before,
      after: change?.after,
    }));
}
