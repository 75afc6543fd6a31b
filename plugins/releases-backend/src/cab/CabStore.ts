import { NotFoundError } from '@backstage/errors';
import {
  CabDecision,
  CabDecisionValue,
  ReleasePhase,
} from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { isStorableText } from '../database/ReleasesDatabase';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../database/time';
import { conflictOn } from '../service/errors';

/** A meeting as its row is first written. */
export interface MeetingKey {
  id: string;
  board: string;
  start: string;
  end: string;
  timezone: string;
}

export interface MeetingRecord extends MeetingKey {
  minutes: { text: string; by: string; at: string } | null;
  agendaAnnouncedAt: string | null;
}

export interface ItemRecord {
  meetingId: string;
  releaseId: string;
  source: 'agenda' | 'manual';
  addedBy: string | null;
  addedAt: string;
  note: string | null;
}

interface MeetingRow {
  id: string;
  board: string;
  starts_at: unknown;
  ends_at: unknown;
  timezone: string;
  minutes: string | null;
  minutes_by: string | null;
  minutes_at: unknown;
  agenda_announced_at: unknown;
}

interface ItemRow {
  meeting_id: string;
  release_id: string;
  source: string;
  added_by: string | null;
  added_at: unknown;
  note: string | null;
}

interface DecisionRow {
  id: string | number;
  meeting_id: string;
  board: string;
  release_id: string;
  round: number | string;
  decision: string;
  comment: string;
  decided_by: string;
  decided_at: unknown;
}

const toMeeting = (row: MeetingRow): MeetingRecord => ({
  id: row.id,
  board: row.board,
  start: fromDbTime(row.starts_at),
  end: fromDbTime(row.ends_at),
  timezone: row.timezone,
  minutes:
    row.minutes === null || row.minutes === undefined
      ? null
      : {
          text: row.minutes,
          by: row.minutes_by ?? '',
          at: fromDbTime(row.minutes_at),
        },
  agendaAnnouncedAt: fromDbTimeOrNull(row.agenda_announced_at),
});

const toItem = (row: ItemRow): ItemRecord => ({
  meetingId: row.meeting_id,
  releaseId: row.release_id,
  source: row.source === 'manual' ? 'manual' : 'agenda',
  addedBy: row.added_by,
  addedAt: fromDbTime(row.added_at),
  note: row.note,
});

const toDecision = (row: DecisionRow): CabDecision => ({
  id: String(row.id),
  meetingId: row.meeting_id,
  board: row.board,
  releaseId: row.release_id,
  round: Number(row.round),
  decision: row.decision as CabDecisionValue,
  comment: row.comment,
  decidedBy: row.decided_by,
  decidedAt: fromDbTime(row.decided_at),
});

/**
 * CAB meetings, their agenda items and the chair's decisions. A meeting row
 * is written the first time the meeting is read or acted on, by whichever
 * replica gets there first (its id derives from the board and the start);
 * every mutation writes the release's history row in the same transaction.
 */
export class CabStore {
  constructor(private readonly knex: Knex) {}

  /** Writes the meeting's row unless a replica already has. */
  async ensureMeeting(
    meeting: MeetingKey,
    db: Knex | Knex.Transaction = this.knex,
  ): Promise<void> {
    await db('cab_meetings')
      .insert({
        id: meeting.id,
        board: meeting.board,
        starts_at: toDbTime(meeting.start),
        ends_at: toDbTime(meeting.end),
        timezone: meeting.timezone,
        created_at: new Date(),
      })
      .onConflict()
      .ignore();
  }

  async getMeeting(id: string): Promise<MeetingRecord | undefined> {
    if (!isStorableText(id)) {
      return undefined;
    }
    const row: MeetingRow | undefined = await this.knex('cab_meetings')
      .where({ id })
      .first();
    return row ? toMeeting(row) : undefined;
  }

  /** Meetings on record of the boards that start in [from, to). */
  async meetingsBetween(
    boards: string[],
    from: Date,
    to: Date,
  ): Promise<MeetingRecord[]> {
    if (boards.length === 0) {
      return [];
    }
    const rows: MeetingRow[] = await this.knex('cab_meetings')
      .whereIn('board', boards)
      .where('starts_at', '>=', from)
      .where('starts_at', '<', to)
      .orderBy('starts_at')
      .limit(5000);
    return rows.map(toMeeting);
  }

  async itemsOf(meetingId: string): Promise<ItemRecord[]> {
    const rows: ItemRow[] = await this.knex('cab_items')
      .where({ meeting_id: meetingId })
      .orderBy('id');
    return rows.map(toItem);
  }

  /** Decisions recorded in the meeting, newest first. */
  async decisionsOfMeeting(meetingId: string): Promise<CabDecision[]> {
    const rows: DecisionRow[] = await this.knex('cab_decisions')
      .where({ meeting_id: meetingId })
      .orderBy('id', 'desc');
    return rows.map(toDecision);
  }

  /** Every CAB decision on the releases, newest first: one indexed query. */
  async decisionsOf(releaseIds: string[]): Promise<CabDecision[]> {
    const ids = [...new Set(releaseIds.filter(isStorableText))];
    const decisions: CabDecision[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows: DecisionRow[] = await this.knex('cab_decisions')
        .whereIn('release_id', ids.slice(i, i + 500))
        .orderBy('id', 'desc');
      decisions.push(...rows.map(toDecision));
    }
    return decisions.sort((a, b) => Number(b.id) - Number(a.id));
  }

  /** Whether the board approved or rejected the release in this round (for a new round on edit). */
  async hasFinalDecision(releaseId: string, round: number): Promise<boolean> {
    const row = await this.knex('cab_decisions')
      .where({ release_id: releaseId, round })
      .whereNot('decision', 'deferred')
      .first('id');
    return Boolean(row);
  }

  /**
   * Puts a release on the agenda by hand, with its history event; answers
   * whether it was added (false: it was on the recorded agenda already).
   */
  async addItem(input: {
    meeting: MeetingKey;
    releaseId: string;
    addedBy: string;
    addedAt: Date;
    note?: string;
  }): Promise<{ item: ItemRecord; created: boolean }> {
    return this.knex.transaction(async tx => {
      await this.ensureMeeting(input.meeting, tx);
      const inserted: unknown[] = await tx('cab_items')
        .insert({
          meeting_id: input.meeting.id,
          release_id: input.releaseId,
          source: 'manual',
          added_by: input.addedBy,
          added_at: input.addedAt,
          note: input.note ?? null,
        })
        .onConflict(['meeting_id', 'release_id'])
        .ignore()
        .returning('id');
      if (inserted.length > 0) {
        await tx('release_events').insert({
          release_id: input.releaseId,
          type: 'cab-item-added',
          actor: input.addedBy,
          at: input.addedAt,
          reason: input.note ?? null,
          changes: JSON.stringify({
            cabAgenda: {
              before: null,
              after: {
                board: input.meeting.board,
                meetingId: input.meeting.id,
              },
            },
          }),
        });
      }
      const row: ItemRow = await tx('cab_items')
        .where({ meeting_id: input.meeting.id, release_id: input.releaseId })
        .first();
      return { item: toItem(row), created: inserted.length > 0 };
    });
  }

  /**
   * Records the chair's decision with its history event. The release row is
   * locked and must still be in the decision's round and a phase where
   * decisions count, so that an edit starting a new round or a move past
   * the gate either happens first and refuses it (409) or waits for it and
   * sees it. An approval or rejection bumps the release's revision: an edit
   * planned before it is refused as stale and, reloaded, starts a new round.
   * At most one approval or rejection per board, release and round (the
   * database enforces it); a repeat answers the first one (`created: false`).
   */
  async recordDecision(input: {
    meeting: MeetingKey;
    releaseId: string;
    round: number;
    decision: CabDecisionValue;
    comment: string;
    decidedBy: string;
    decidedAt: Date;
    phases: readonly ReleasePhase[];
  }): Promise<{ decision: CabDecision; created: boolean }> {
    return this.knex.transaction(async tx => {
      const query = tx('releases')
        .where({ id: input.releaseId })
        .first('phase', 'approval_round');
      if (this.knex.client.config.client === 'pg') {
        query.forUpdate();
      }
      const release = await query;
      if (!release) {
        throw new NotFoundError(`No release with id ${input.releaseId}`);
      }
      if (
        !input.phases.includes(release.phase) ||
        Number(release.approval_round) !== input.round
      ) {
        throw conflictOn(
          'decision',
          `the release moved to ${release.phase} (approval round ${release.approval_round}) meanwhile; reload the meeting and decide again`,
        );
      }
      const existing = async (): Promise<CabDecision | undefined> => {
        const final: DecisionRow | undefined = await tx('cab_decisions')
          .where({
            board: input.meeting.board,
            release_id: input.releaseId,
            round: input.round,
          })
          .whereNot('decision', 'deferred')
          .first();
        if (final) {
          return toDecision(final);
        }
        if (input.decision !== 'deferred') {
          return undefined;
        }
        const deferral: DecisionRow | undefined = await tx('cab_decisions')
          .where({
            meeting_id: input.meeting.id,
            release_id: input.releaseId,
            round: input.round,
            decision: 'deferred',
          })
          .first();
        return deferral ? toDecision(deferral) : undefined;
      };
      const repeat = (first: CabDecision) => {
        if (first.decision !== input.decision) {
          throw conflictOn(
            'decision',
            `the board already ${first.decision} this release in this approval round (meeting ${first.meetingId}); a new round starts when what was approved changes`,
          );
        }
        return { decision: first, created: false };
      };
      const before = await existing();
      if (before) {
        return repeat(before);
      }
      await this.ensureMeeting(input.meeting, tx);
      const inserted: Array<{ id: string | number } | string | number> =
        await tx('cab_decisions')
          .insert({
            meeting_id: input.meeting.id,
            board: input.meeting.board,
            release_id: input.releaseId,
            round: input.round,
            decision: input.decision,
            comment: input.comment,
            decided_by: input.decidedBy,
            decided_at: input.decidedAt,
          })
          .onConflict()
          .ignore()
          .returning('id');
      if (inserted.length === 0) {
        // A replica recorded one meanwhile (the unique indexes tell).
        return repeat((await existing())!);
      }
      if (input.decision !== 'deferred') {
        await tx('releases')
          .where({ id: input.releaseId })
          .update({
            revision: tx.raw('revision + 1'),
            updated_at: input.decidedAt,
          });
      }
      await tx('release_events').insert({
        release_id: input.releaseId,
        type: 'cab-decision',
        actor: input.decidedBy,
        at: input.decidedAt,
        reason: input.comment || null,
        changes: JSON.stringify({
          cabDecision: {
            before: null,
            after: {
              board: input.meeting.board,
              meetingId: input.meeting.id,
              round: input.round,
              decision: input.decision,
            },
          },
        }),
      });
      const [row] = inserted;
      const id = typeof row === 'object' ? row.id : row;
      return {
        decision: {
          id: String(id),
          meetingId: input.meeting.id,
          board: input.meeting.board,
          releaseId: input.releaseId,
          round: input.round,
          decision: input.decision,
          comment: input.comment,
          decidedBy: input.decidedBy,
          decidedAt: input.decidedAt.toISOString(),
        },
        created: true,
      };
    });
  }

  /** Writes the minutes (the latest write wins; the audit log keeps each). */
  async setMinutes(
    meeting: MeetingKey,
    text: string,
    by: string,
    at: Date,
  ): Promise<MeetingRecord> {
    return this.knex.transaction(async tx => {
      await this.ensureMeeting(meeting, tx);
      await tx('cab_meetings')
        .where({ id: meeting.id })
        .update({ minutes: text, minutes_by: by, minutes_at: at });
      return toMeeting(
        await tx('cab_meetings').where({ id: meeting.id }).first(),
      );
    });
  }

  /**
   * Marks the meeting's agenda as announced and records its items, once:
   * answers false when a replica announced it already.
   */
  async announce(
    meeting: MeetingKey,
    releaseIds: string[],
    at: Date,
  ): Promise<boolean> {
    return this.knex.transaction(async tx => {
      await this.ensureMeeting(meeting, tx);
      const claimed = await tx('cab_meetings')
        .where({ id: meeting.id })
        .whereNull('agenda_announced_at')
        .update({ agenda_announced_at: at });
      if (claimed !== 1) {
        return false;
      }
      for (const releaseId of releaseIds) {
        await tx('cab_items')
          .insert({
            meeting_id: meeting.id,
            release_id: releaseId,
            source: 'agenda',
            added_by: null,
            added_at: at,
            note: null,
          })
          .onConflict(['meeting_id', 'release_id'])
          .ignore();
      }
      return true;
    });
  }
}
