import { InputError } from '@backstage/errors';
import { describeZodError } from '@backstage-itsm/plugin-releases-common';
import { z } from 'zod';

/** Parses a body or query with a shared schema; a 400 names every bad field. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    throw new InputError(describeZodError(result.error));
  }
  return result.data;
}
