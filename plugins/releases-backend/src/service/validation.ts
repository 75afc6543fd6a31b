import { InputError } from '@backstage/errors';
import { describeZodError } from '@backstage-itsm/plugin-releases-common';
import { z } from 'zod';

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

/** Parses a body or query with a shared schema; a 400 names every bad field. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    throw new InputError(describeZodError(result.error));
  }
  const nul = nulPath(result.data, []);
  if (nul !== undefined) {
    throw new InputError(`${nul || 'input'}: must not contain NUL characters`);
  }
  return result.data;
}
