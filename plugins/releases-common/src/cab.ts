import { z } from 'zod';
import type { PlanningWarning } from './calendar';
import type { ApprovalPolicy } from './approvals';
import { boundedRange } from './schemas';
import type { Release } from './types';

/**
 * A Change Advisory Board as configured in `releases.cab.boards`: who sits
 * on it, who chairs it, when it meets and which releases need its approval.
 *
 * @public
 */
export interface CabBoard {
  name: string;
  description?: string;
  /** Members: notified when an agenda is ready, may add items by hand. */
  group: string;
  /** Records decisions and minutes; the members' group when not configured. */
  chair: string;
  /** RFC 5545 recurrence of the meetings, in wall-clock time of `timezone`. */
  rrule: string;
  /** ISO-8601 duration of each meeting, e.g. PT1H. */
  duration: string;
  timezone: string;
  /** Which releases need the board's approval, as approval policies say it. */
  when: ApprovalPolicy['when'];
  /** The next meeting (in progress or upcoming), when there is one within a year. */
  nextMeeting: CabMeetingSummary | null;
}

/** @public */
export const CAB_DECISIONS = ['approved', 'rejected', 'deferred'] as const;
/** @public */
export type CabDecisionValue = (typeof CAB_DECISIONS)[number];

/**
 * A chair's decision on one release in one meeting.
 *
 * @public
 */
export interface CabDecision {
  id: string;
  meetingId: string;
  board: string;
  releaseId: string;
  /** The release's approval round it was given in; a new round asks the board again. */
  round: number;
  decision: CabDecisionValue;
  comment: string;
  decidedBy: string;
  decidedAt: string;
}

/** @public */
export type CabMeetingStatus = 'upcoming' | 'in_progress' | 'past';

/**
 * One occurrence of a board's recurrence.
 *
 * @public
 */
export interface CabMeetingSummary {
  /** `<board slug>-<start as yyyyMMddTHHmmZ>`, stable for the occurrence. */
  id: string;
  board: string;
  start: string;
  end: string;
  timezone: string;
  status: CabMeetingStatus;
}

/**
 * The board's verdict on a release for its current approval round.
 *
 * @public
 */
export type CabItemState = 'pending' | 'deferred' | 'approved' | 'rejected';

/** @public */
export interface CabAgendaItem {
  release: Release;
  /** `agenda`: the release needs the board and is planned before the next meeting; `manual`: a member added it. */
  source: 'agenda' | 'manual';
  addedBy: string | null;
  addedAt: string | null;
  note: string | null;
  /** As of now, for the release's current approval round (from any meeting of the board). */
  state: CabItemState;
  /** Decisions recorded on the release in this meeting, newest first. */
  decisions: CabDecision[];
  /** Collisions with other releases (that the reader may read) and freeze conflicts. */
  warnings: PlanningWarning[];
  /** Whether the release must carry a rollback plan before deploy (`releases.rollbackPlans`). */
  rollbackPlanRequired: boolean;
}

/** @public */
export interface CabMeeting extends CabMeetingSummary {
  description?: string;
  /** Start of the board's following meeting: the agenda holds releases planned before it. */
  nextStart: string | null;
  minutes: { text: string; by: string; at: string } | null;
  /** When the members were told that the agenda is ready. */
  agendaAnnouncedAt: string | null;
  /** Only the items whose release the reader may read, by planned start, then risk (highest first). */
  items: CabAgendaItem[];
  /**
   * Set when more releases could need the board before its next meeting
   * than one agenda judges (the first 2,000 by planned start): the later
   * ones are not on it by rule (they can be added by hand).
   */
  agendaTruncated?: boolean;
  /** What the reader may do in this meeting. */
  viewer: {
    member: boolean;
    chair: boolean;
    /** May add items by hand (a member with `releases.cab.manage`). */
    canAddItems: boolean;
    /** May record decisions (a chair; each release also needs `releases.cab.decide`). */
    canDecide: boolean;
    /** May write the minutes (a chair with `releases.cab.manage`). */
    canWriteMinutes: boolean;
  };
}

const isoDateTime = z.iso.datetime({
  offset: true,
  error: i =>
    i.input === undefined
      ? 'is required'
      : 'must be an ISO-8601 date-time, e.g. 2026-12-01T00:00:00Z',
});

/** @public */
export const listCabMeetingsQuerySchema = z
  .object({
    board: z
      .string()
      .trim()
      .min(1)
      .max(100, 'must be at most 100 characters')
      .optional(),
    from: isoDateTime.optional(),
    to: isoDateTime.optional(),
  })
  .check(boundedRange('calendar', { strict: true }));

/** @public */
export const addCabItemSchema = z.strictObject({
  releaseId: z
    .string({
      error: i => (i.input === undefined ? 'is required' : 'must be a string'),
    })
    .trim()
    .min(1, 'is required')
    .max(36, 'must be at most 36 characters'),
  note: z
    .string({ error: 'must be a string' })
    .trim()
    .max(2000, 'must be at most 2000 characters')
    .optional()
    .transform(v => (v === '' ? undefined : v)),
});

/** @public */
export type AddCabItemRequest = z.input<typeof addCabItemSchema>;

/** @public */
export const cabDecisionSchema = z
  .strictObject({
    decision: z.enum(CAB_DECISIONS, {
      error: i =>
        i.input === undefined
          ? 'is required'
          : `must be one of ${CAB_DECISIONS.join(', ')}`,
    }),
    comment: z
      .string({ error: 'must be a string' })
      .trim()
      .max(5000, 'must be at most 5000 characters')
      .default(''),
  })
  .check(ctx => {
    if (ctx.value.decision === 'rejected' && ctx.value.comment === '') {
      ctx.issues.push({
        code: 'custom',
        path: ['comment'],
        message: 'is required when rejecting: give the reason',
        input: ctx.value.comment,
      });
    }
  });

/** @public */
export type CabDecisionRequest = z.input<typeof cabDecisionSchema>;

/** @public */
export const cabMinutesSchema = z.strictObject({
  text: z
    .string({
      error: i => (i.input === undefined ? 'is required' : 'must be a string'),
    })
    .max(50000, 'must be at most 50000 characters'),
});

/** @public */
export type CabMinutesRequest = z.input<typeof cabMinutesSchema>;
