import { zodFieldProblems } from '@backstage-itsm/plugin-releases-common';
import { z } from 'zod';
import { badField, FieldInputError } from './errors';

/** Where in a parsed input a string holds NUL, which PostgreSQL text cannot store. */
function nulPath(
  value: unknown,
  path: Array<string | number>,
): string | undefined {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? path.join('.') : undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = nulPath(child, [...path, key]);
      if (found !== undefined) {
        return found;
      }
    }
  }
  return undefined;
}

/** Parses a body or query with a shared schema; a 400 names every bad field, as text and as data. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    throw new FieldInputError(zodFieldProblems(result.error));
  }
  const nul = nulPath(result.data, []);
  if (nul !== undefined) {
    // Name the field as it was sent: a schema may reshape it (a single
    // value into a list), and the parsed path would name no sent field.
    const sent = nulPath(input, []) ?? nul;
    throw badField(sent || 'input', 'must not contain NUL characters');
  }
  return result.data;
}
