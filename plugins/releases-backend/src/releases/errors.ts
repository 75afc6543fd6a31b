import { Release } from '@backstage-itsm/plugin-releases-common';
import { FieldConflictError } from '../service/errors';

/** A PATCH carried a revision that is no longer the current one. */
export class StaleRevisionError extends FieldConflictError {
  constructor(readonly expected: number, readonly current: Release) {
    super([
      {
        field: 'revision',
        message: `the release is at revision ${current.revision}, not ${expected}; reload it and apply your change again`,
      },
    ]);
  }
}
