import { NotFoundError } from '@backstage/errors';
import {
  ApprovalDecision,
  ApprovalDecisionValue,
  ReleasePhase,
} from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { fromDbTime } from '../database/time';
import {
  parsedRows,
  rowsOfRelease,
  RowsWithRelease,
} from '../releases/rowsWithRelease';
import { conflictOn } from '../service/errors';

/** An `approvals` row as the drivers return it. */
export interface ApprovalRow {
  id: string | number;
  release_id: string;
  round: number;
  approver: string;
  on_behalf_of: string | null;
  decision: string;
  comment: string;
  decided_at: unknown;
}

export function toDecision(row: ApprovalRow): ApprovalDecision {
  return {
    id: String(row.id),
    releaseId: row.release_id,
    round: Number(row.round),
    approver: row.approver,
    onBehalfOf: row.on_behalf_of,
    decision: row.decision as ApprovalDecisionValue,
    comment: row.comment,
    decidedAt: fromDbTime(row.decided_at),
  };
}

/** Every decision on the release, newest first, as `ApprovalStore.decisions` answers. */
export const decisionsWithRelease: RowsWithRelease<ApprovalDecision[]> = {
  json: rowsOfRelease('approvals', 'a', { orderBy: 'a.id desc' }),
  parse: value => parsedRows<ApprovalRow>(value).map(toDecision),
};

/** Append-only approval decisions, each written with its history event. */
export class ApprovalStore {
  constructor(private readonly knex: Knex) {}

  /**
   * Appends a decision with its history event. With `expected`, the release
   * must still be in the decision's round and in one of the phases in which
   * the decision was allowed: its row is locked, so that a concurrent move
   * past the deploy gate or into a new round either happens first and
   * refuses this decision (409), or waits for it and sees it (see
   * KnexReleaseStore.update).
   */
  async record(
    decision: Omit<ApprovalDecision, 'id'>,
    expected?: { phases: readonly ReleasePhase[] },
  ): Promise<{ decision: ApprovalDecision; created: boolean }> {
    return this.knex.transaction(async tx => {
      if (expected) {
        const query = tx('releases')
          .where({ id: decision.releaseId })
          .first('phase', 'approval_round');
        if (this.knex.client.config.client === 'pg') {
          query.forUpdate();
        }
        const release = await query;
        if (!release) {
          throw new NotFoundError(`No release with id ${decision.releaseId}`);
        }
        if (
          !expected.phases.includes(release.phase) ||
          Number(release.approval_round) !== decision.round
        ) {
          throw conflictOn(
            'decision',
            `the release moved to ${release.phase} (approval round ${release.approval_round}) meanwhile; reload it and decide again`,
          );
        }
      }
      // One decision per approver and round: a repeat (or a race of
      // repeats, on any replica) finds the first one.
      const inserted: Array<{ id: string | number }> = await tx('approvals')
        .insert({
          release_id: decision.releaseId,
          round: decision.round,
          approver: decision.approver,
          on_behalf_of: decision.onBehalfOf,
          decision: decision.decision,
          comment: decision.comment,
          decided_at: new Date(decision.decidedAt),
        })
        .onConflict(['release_id', 'round', 'approver'])
        .ignore()
        .returning('id');
      if (inserted.length === 0) {
        const first: ApprovalRow = await tx('approvals')
          .where({
            release_id: decision.releaseId,
            round: decision.round,
            approver: decision.approver,
          })
          .first();
        return { decision: toDecision(first), created: false };
      }
      const [row] = inserted;
      await tx('release_events').insert({
        release_id: decision.releaseId,
        type: decision.decision,
        actor: decision.approver,
        at: new Date(decision.decidedAt),
        reason: decision.comment || null,
        changes: JSON.stringify({
          approval: {
            before: null,
            after: { round: decision.round, onBehalfOf: decision.onBehalfOf },
          },
        }),
      });
      const id = typeof row === 'object' ? row.id : row;
      return { decision: { ...decision, id: String(id) }, created: true };
    });
  }

  /** The approver's decisions, newest first, on releases a permission condition lets through. */
  async decidedBy(
    approver: string,
    page: { limit: number; offset: number },
    condition?: (query: Knex.QueryBuilder) => void,
  ): Promise<{ items: ApprovalDecision[]; totalCount: number }> {
    const base = this.knex('approvals')
      .join('releases', 'releases.id', 'approvals.release_id')
      .where('approvals.approver', approver);
    if (condition) {
      base.where(condition);
    }
    const [{ count }] = await base
      .clone()
      .count<Array<{ count: number | string }>>({ count: '*' });
    const rows: ApprovalRow[] = await base
      .clone()
      .select('approvals.*')
      .orderBy('approvals.id', 'desc')
      .limit(page.limit)
      .offset(page.offset);
    return { items: rows.map(toDecision), totalCount: Number(count) };
  }

  /** Every decision on the releases, newest first. */
  async decisions(releaseIds: string[]): Promise<ApprovalDecision[]> {
    if (releaseIds.length === 0) {
      return [];
    }
    const rows: ApprovalRow[] = await this.knex('approvals')
      .whereIn('release_id', releaseIds)
      .orderBy('id', 'desc');
    return rows.map(toDecision);
  }

  /** The id of the latest decision in the round, or null when there is none. */
  async lastDecisionInRound(
    releaseId: string,
    round: number,
  ): Promise<string | null> {
    const [{ last }] = await this.knex('approvals')
      .where({ release_id: releaseId, round })
      .max<Array<{ last: string | number | null }>>({ last: 'id' });
    return last === null || last === undefined ? null : String(last);
  }
}
