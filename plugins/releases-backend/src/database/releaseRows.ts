import { NotFoundError } from '@backstage/errors';
import {
  FieldChange,
  isOpenPhase,
  ReleaseEventType,
  ReleasePhase,
} from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { conflictOn } from '../service/errors';

/** The columns of a release row that other domains' writes are checked against. */
export interface LockedRelease {
  id: string;
  phase: ReleasePhase;
  planRevision: number;
  signoffRound: number;
}

/**
 * Locks a release's row for the rest of the transaction (PostgreSQL; SQLite
 * runs one writer at a time) and answers what writes about the release are
 * checked against. With `open`, a closed or cancelled release is a 409
 * naming `field`.
 */
export async function lockRelease(
  tx: Knex.Transaction,
  id: string,
  options: { open?: { field: string; what: string } } = {},
): Promise<LockedRelease> {
  const query = tx('releases')
    .where({ id })
    .first('id', 'phase', 'plan_revision', 'signoff_round');
  if (tx.client.config.client === 'pg') {
    query.forUpdate();
  }
  const row = await query;
  if (!row) {
    throw new NotFoundError(`No release with id ${id}`);
  }
  if (options.open && !isOpenPhase(row.phase)) {
    throw conflictOn(
      options.open.field,
      `the release is ${row.phase}; ${options.open.what} can no longer change`,
    );
  }
  return {
    id: row.id,
    phase: row.phase,
    planRevision: Number(row.plan_revision),
    signoffRound: Number(row.signoff_round),
  };
}

/** Appends a history row to a release, in the caller's transaction. */
export async function recordReleaseEvent(
  tx: Knex.Transaction,
  event: {
    releaseId: string;
    type: ReleaseEventType;
    actor: string;
    at: Date;
    reason?: string | null;
    changes: Record<string, FieldChange>;
  },
): Promise<void> {
  await tx('release_events').insert({
    release_id: event.releaseId,
    type: event.type,
    actor: event.actor,
    at: event.at,
    reason: event.reason || null,
    changes: JSON.stringify(event.changes),
  });
}
