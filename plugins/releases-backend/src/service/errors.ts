import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { ErrorField } from '@backstage-itsm/plugin-releases-common';

const describe = (fields: ErrorField[]) =>
  fields.map(f => `${f.field}: ${f.message}`).join('; ');

/**
 * A 400 that names every bad field in its message and carries them as data
 * (`error.fields` in the body), so that clients never parse messages.
 */
export class FieldInputError extends InputError {
  readonly fields: ErrorField[];

  constructor(fields: ErrorField[]) {
    super(describe(fields));
    // The error middleware maps statuses by name.
    this.name = 'InputError';
    this.fields = fields;
  }
}

/** A 409 about named fields: a refused move, an edit of what was approved. */
export class FieldConflictError extends ConflictError {
  readonly fields: ErrorField[];

  constructor(fields: ErrorField[]) {
    super(describe(fields));
    this.name = 'ConflictError';
    this.fields = fields;
  }
}

export function badField(field: string, message: string): FieldInputError {
  return new FieldInputError([{ field, message }]);
}

export function conflictOn(field: string, message: string): FieldConflictError {
  return new FieldConflictError([{ field, message }]);
}

/**
 * The answer to a release the caller may not read is the answer to one that
 * does not exist, so that a 403 never confirms that a hidden release exists.
 */
export function releaseNotFound(id: string): NotFoundError {
  return new NotFoundError(`No release with id ${id}`);
}
