import { normalizeEntityRef } from '../catalog/refs';
import { badField } from '../service/errors';

/**
 * A user or group ref as a person typed it: a short name is a user
 * (`alice`), a group needs its kind (`group:qa`). Anything else is a 400
 * naming `field`.
 */
export function normalizeUserOrGroup(raw: string, field: string): string {
  const colon = raw.indexOf(':');
  const kind =
    colon > 0 ? raw.slice(0, colon).toLocaleLowerCase('en-US') : 'user';
  if (kind !== 'user' && kind !== 'group') {
    throw badField(field, `"${raw}" must be a user or a group`);
  }
  return normalizeEntityRef(raw, kind, field);
}

/** Refs compare case-insensitively, as the catalog compares them. */
export const sameRef = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
