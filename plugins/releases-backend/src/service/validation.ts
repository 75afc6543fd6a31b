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
    throw badField(nul || 'input', 'must not contain NUL characters');
  }
  return result.data;
}
