import { DateTime } from 'luxon';
import {
  createReleaseSchema,
  CreateReleaseRequest,
  Release,
  ReleaseType,
  UpdateReleaseRequest,
} from '@backstage-itsm/plugin-releases-common';
import { normalizeRef } from '../shared/refs';

/** What the dialog edits: strings exactly as the inputs hold them. */
export interface ReleaseFormValues {
  title: string;
  type: ReleaseType;
  description: string;
  /** `datetime-local` values in the viewer's zone, e.g. `2026-12-01T09:00`. */
  plannedStart: string;
  plannedEnd: string;
  owner: string;
  components: { entityRef: string; version: string }[];
  environments: string[];
  /** The standard change it is planned from, or `''` for a normal change (new releases only). */
  standardChange: string;
  /** How to undo it; both empty for no plan. */
  rollbackText: string;
  rollbackLink: string;
}

/**
 * Field key → message. Keys are the request's top-level fields, plus
 * `components.<index>.version` for one component's version.
 */
export type FieldErrors = Record<string, string>;

export const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  type: 'Type',
  description: 'Description',
  plannedStart: 'Planned start',
  plannedEnd: 'Planned end',
  owner: 'Owner',
  components: 'Components',
  environments: 'Environments',
  version: 'Version',
  standardChange: 'Standard change',
  rollbackPlan: 'Rollback plan',
  rollbackText: 'Rollback plan',
  rollbackLink: 'Rollback link',
};

const LOCAL_INPUT_FORMAT = "yyyy-MM-dd'T'HH:mm";

export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) {
    return '';
  }
  const time = DateTime.fromISO(iso);
  return time.isValid ? time.toLocal().toFormat(LOCAL_INPUT_FORMAT) : '';
}

/** A `datetime-local` value, read in the viewer's zone, as ISO-8601 UTC. */
export function localInputToIso(value: string): string | undefined {
  if (!value) {
    return undefined;
  }
  const time = DateTime.fromISO(value, { zone: 'local' });
  // An unparsable value goes through unchanged so the schema names the field.
  return time.isValid
    ? time.toUTC().toISO({ suppressMilliseconds: true }) ?? value
    : value;
}

export function emptyFormValues(
  prefill: Partial<ReleaseFormValues> = {},
): ReleaseFormValues {
  return {
    title: '',
    type: 'minor',
    description: '',
    plannedStart: '',
    plannedEnd: '',
    owner: '',
    components: [],
    environments: [],
    standardChange: '',
    rollbackText: '',
    rollbackLink: '',
    ...prefill,
  };
}

export function formValuesOf(release: Release): ReleaseFormValues {
  return {
    title: release.title,
    type: release.type,
    description: release.description ?? '',
    plannedStart: isoToLocalInput(release.plannedStart),
    plannedEnd: isoToLocalInput(release.plannedEnd),
    owner: release.owner,
    components: release.components.map(c => ({
      entityRef: c.entityRef,
      version: c.version ?? '',
    })),
    environments: [...release.environments],
    standardChange: release.standardChange?.name ?? '',
    rollbackText: release.rollbackPlan?.text ?? '',
    rollbackLink: release.rollbackPlan?.link ?? '',
  };
}

/** The create request the form stands for; may be invalid. */
export function toCreateRequest(
  values: ReleaseFormValues,
): CreateReleaseRequest {
  return {
    title: values.title,
    description: values.description,
    type: values.type,
    plannedStart: localInputToIso(values.plannedStart) as string,
    plannedEnd: localInputToIso(values.plannedEnd) as string,
    owner: normalizeRef(values.owner, 'group'),
    components: values.components.map(c => ({
      entityRef: c.entityRef,
      ...(c.version.trim() && { version: c.version.trim() }),
    })),
    environments: values.environments,
    ...(values.rollbackText.trim() && {
      rollbackPlan: {
        text: values.rollbackText.trim(),
        ...(values.rollbackLink.trim() && {
          link: values.rollbackLink.trim(),
        }),
      },
    }),
    ...(values.standardChange && { standardChange: values.standardChange }),
  };
}

/** The fields that differ from the release being edited, plus its revision. */
export function toUpdateRequest(
  values: ReleaseFormValues,
  initial: ReleaseFormValues,
  revision: number,
): UpdateReleaseRequest | undefined {
  const next = toCreateRequest(values);
  const before = toCreateRequest(initial);
  const changes: Partial<CreateReleaseRequest> = {};
  const keys = new Set([...Object.keys(next), ...Object.keys(before)]);
  // A release is planned from a standard change once, when it is created.
  keys.delete('standardChange');
  for (const key of keys as Set<keyof CreateReleaseRequest>) {
    if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) {
      // A rollback plan emptied is removed.
      (changes as Record<string, unknown>)[key] = next[key] ?? null;
    }
  }
  if (Object.keys(changes).length === 0) {
    return undefined;
  }
  return { ...changes, revision };
}

/** Client-side validation with the same schema the backend applies. */
export function validateForm(values: ReleaseFormValues): FieldErrors {
  const result = createReleaseSchema.safeParse(toCreateRequest(values));
  if (result.success) {
    return {};
  }
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = fieldKeyOf(issue.path.map(String).join('.'));
    if (field && !errors[field]) {
      errors[field] = humanizeFieldMessage(field, issue.message);
    }
  }
  return errors;
}

/** Which input a request path like `components.0.entityRef` belongs to. */
export function fieldKeyOf(path: string): string | undefined {
  const [head, index, leaf] = path.split('.');
  if (head === 'components' && index !== undefined && leaf === 'version') {
    return `components.${index}.version`;
  }
  if (head === 'rollbackPlan') {
    return index === 'link' ? 'rollbackLink' : 'rollbackText';
  }
  if (head in FIELD_LABELS && head !== 'version') {
    return head;
  }
  return undefined;
}

/** `plannedEnd`, `must be after plannedStart` → `Planned end must be after planned start`. */
export function humanizeFieldMessage(field: string, message: string): string {
  const label = FIELD_LABELS[field.split('.').pop() ?? field] ?? field;
  const text = message.replace(/\b(plannedStart|plannedEnd)\b/g, name =>
    FIELD_LABELS[name].toLocaleLowerCase('en-US'),
  );
  if (text === 'needs at least one component') {
    return 'Choose at least one component';
  }
  if (/^(is|must|may) /.test(text)) {
    return `${label} ${text}`;
  }
  return text;
}
