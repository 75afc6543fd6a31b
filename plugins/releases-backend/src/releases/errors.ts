import { ConflictError } from '@backstage/errors';
import { Release } from '@backstage-itsm/plugin-releases-common';

/** A PATCH carried a revision that is no longer the current one. */
export class StaleRevisionError extends ConflictError {
  constructor(readonly expected: number, readonly current: Release) {
    super(
      `revision: release ${current.id} is at revision ${current.revision}, not ${expected}; reload it and apply your change again`,
    );
    this.name = 'ConflictError';
  }
}
