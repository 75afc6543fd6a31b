import {
  ApprovalDecision,
  ApprovalDecisionValue,
} from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { fromDbTime } from '../database/time';

interface ApprovalRow {
  id: string | number;
  release_id: string;
  round: number;
  approver: string;
  on_behalf_of: string | null;
  decision: string;
  comment: string;
  decided_at: unknown;
}

function toDecision(row: ApprovalRow): ApprovalDecision {
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

/** Append-only approval decisions, each written with its history event. */
export class ApprovalStore {
  constructor(private readonly knex: Knex) {}

  async record(
    decision: Omit<ApprovalDecision, 'id'>,
  ): Promise<ApprovalDecision> {
    return this.knex.transaction(async tx => {
      const [row] = await tx('approvals')
        .insert({
          release_id: decision.releaseId,
          round: decision.round,
          approver: decision.approver,
          on_behalf_of: decision.onBehalfOf,
          decision: decision.decision,
          comment: decision.comment,
          decided_at: new Date(decision.decidedAt),
        })
        .returning('id');
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
      return { ...decision, id: String(id) };
    });
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

  async countInRound(releaseId: string, round: number): Promise<number> {
    const [{ count }] = await this.knex('approvals')
      .where({ release_id: releaseId, round })
      .count<Array<{ count: number | string }>>({ count: '*' });
    return Number(count);
  }
}
