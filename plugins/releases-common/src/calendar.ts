import { z } from 'zod';
import type { CabMeetingSummary } from './cab';
import type { RuntimeFreeze } from './freezes';
import type { CalendarMilestone, CalendarTask } from './plans';
import {
  boundedRange,
  endAfterStart,
  listOf,
  pageQuerySchema,
} from './schemas';
import { RANGE_LIMITS } from './limits';
import { RELEASE_TYPES, Release, ReleaseType } from './types';

/**
 * Which catalog entities a freeze window applies to; every given key must match.
 *
 * @public
 */
export interface FreezeSelector {
  system?: string[];
  owner?: string[];
  component?: string[];
  lifecycle?: string[];
  tag?: string[];
}

/**
 * A freeze, maintenance or allow window as configured in
 * `releases.freezeWindows`; `GET /freeze-windows` lists the runtime freezes in
 * force or ahead with them (`source: 'runtime'`).
 *
 * @public
 */
export interface FreezeWindowDefinition {
  name: string;
  /** `allow`: deploys to its environments happen only inside its occurrences. */
  kind: 'freeze' | 'maintenance' | 'allow';
  /** `config` (app-config.yaml) or `runtime` (declared through `POST /freezes`). */
  source?: 'config' | 'runtime';
  /** The runtime freeze, for `source: 'runtime'`. */
  runtime?: RuntimeFreeze;
  description?: string;
  timezone: string;
  environments: string[];
  /** Release types that may still deploy during the window. */
  allow: ReleaseType[];
  selector?: FreezeSelector;
  /** Fixed windows: local date-times in `timezone`. Recurring: the first occurrence. */
  start?: string;
  end?: string;
  rrule?: string;
  duration?: string;
}

/**
 * One occurrence of a window, in UTC.
 *
 * @public
 */
export interface FreezeOccurrence {
  window: string;
  kind: 'freeze' | 'maintenance';
  start: string;
  end: string;
  timezone: string;
  environments: string[];
  allow: ReleaseType[];
  selector?: FreezeSelector;
  /** Set for a runtime freeze: its id, why, who declared it. */
  runtime?: {
    freezeId: string;
    reason: string;
    declaredBy: string;
    /** No end until lifted: `end` is then the end of the range asked about. */
    openEnded: boolean;
  };
}

/**
 * One occurrence of an allow window: deploys to its environments happen only inside one.
 *
 * @public
 */
export interface AllowWindowOccurrence
  extends Omit<FreezeOccurrence, 'kind' | 'runtime'> {
  kind: 'allow';
}

/** @public */
export interface TimeRange {
  start: string;
  end: string;
}

/**
 * Two open releases whose planned windows overlap on the same part of the dependency graph.
 *
 * @public
 */
export interface ReleaseCollision {
  kind: 'component' | 'dependency' | 'api';
  releaseIds: [string, string];
  /** The shared or linked entities, e.g. both components of a dependsOn link. */
  entities: string[];
  message: string;
  overlap: TimeRange;
}

/**
 * A release planned into a freeze window that covers it and does not allow its type.
 *
 * @public
 */
export interface FreezeConflict {
  releaseId: string;
  window: string;
  environments: string[];
  message: string;
  overlap: TimeRange;
}

/** @public */
export interface PlanningWarning {
  kind: 'freeze' | 'collision';
  message: string;
  window?: string;
  releaseId?: string;
  overlap: TimeRange;
}

/**
 * The fields of a release a calendar entry carries, in
 * `CalendarResponse.releases`: what the calendar, the timeline and the feed
 * show. The rest (risk, rollback plan, approvals, review) is one
 * `GET /releases/:id` away.
 *
 * @public
 */
export const CALENDAR_RELEASE_FIELDS = [
  'id',
  'title',
  'description',
  'type',
  'phase',
  'plannedStart',
  'plannedEnd',
  'owner',
  'components',
  'environments',
  'revision',
  'updatedAt',
] as const;

/** @public */
export type CalendarRelease = Pick<
  Release,
  (typeof CALENDAR_RELEASE_FIELDS)[number]
>;

/** @public */
export interface CalendarResponse {
  from: string;
  to: string;
  /** Summaries (see `CALENDAR_RELEASE_FIELDS`), by planned start. */
  releases: CalendarRelease[];
  /** True when more releases met the range than were returned. */
  truncated: boolean;
  /** Configured freeze and maintenance windows and runtime freezes, by start. */
  freezes: FreezeOccurrence[];
  /** Occurrences of configured allow windows. */
  allowWindows: AllowWindowOccurrence[];
  /** CAB meetings of every board in the range. */
  cabMeetings: CabMeetingSummary[];
  /**
   * Pairs of open releases of the view, or of one of them and one of
   * `otherReleases`: the first 3 of each release (by planned start) and no
   * others, so that every release that collides keeps at least one.
   */
  collisions: ReleaseCollision[];
  /** Set when `collisions` left some out: how many there are in all. */
  collisionsTotal?: number;
  /**
   * Of a scoped calendar (component, system or owner): open releases of the
   * range outside its scope (summaries) that releases in it collide with: they
   * change one of their components, one linked to it or the other side of an
   * API.
   */
  otherReleases?: CalendarRelease[];
  /**
   * With `otherReleases`: true when more open releases outside the scope
   * could collide with its releases than one read holds (500, by planned
   * start); collisions with the later ones are not in `collisions`.
   */
  otherReleasesTruncated?: boolean;
  freezeConflicts: FreezeConflict[];
  /** With `include=milestones`: milestones of the releases shown whose planned end falls in the range. */
  milestones?: CalendarMilestone[];
  /** With `include=tasks`: open tasks of the releases shown that are due in the range. */
  tasks?: CalendarTask[];
}

/**
 * What `GET /calendar?include=` may add to the answer.
 *
 * @public
 */
export const CALENDAR_INCLUDES = ['milestones', 'tasks'] as const;
/** @public */
export type CalendarInclude = (typeof CALENDAR_INCLUDES)[number];

/** @public */
export interface FeedToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** @public */
export interface CreatedFeedToken extends FeedToken {
  /** Shown once; only its hash is stored. */
  token: string;
  /** The feed URL with the token, for a calendar app. */
  url: string;
}

/** @public */
export const MAX_CALENDAR_DAYS = RANGE_LIMITS.calendar.maxSpanDays;

const isoDateTime = z.iso.datetime({
  offset: true,
  error: i =>
    i.input === undefined
      ? 'is required'
      : 'must be an ISO-8601 date-time, e.g. 2026-12-01T00:00:00Z',
});
const optionalRef = z
  .string()
  .trim()
  .min(1)
  .max(300, 'must be at most 300 characters')
  .optional();

/** @public */
export const calendarQuerySchema = z
  .object({
    from: isoDateTime,
    to: isoDateTime,
    entityRef: optionalRef,
    owner: optionalRef,
    system: optionalRef,
    type: z
      .union([z.string(), z.array(z.string())])
      .transform(v =>
        (Array.isArray(v) ? v : [v]).flatMap(s => s.split(',')).filter(Boolean),
      )
      .pipe(
        z.array(
          z.enum(RELEASE_TYPES, {
            error: `must be one of ${RELEASE_TYPES.join(', ')}`,
          }),
        ),
      )
      .optional(),
    environment: z.string().trim().max(63).optional(),
    include: listOf(CALENDAR_INCLUDES).optional(),
  })
  .check(boundedRange('calendar', { strict: true }));

/** @public */
export type CalendarQuery = z.output<typeof calendarQuerySchema>;

/** @public */
export const feedQuerySchema = z.object({
  entityRef: optionalRef,
  owner: optionalRef,
  system: optionalRef,
  token: z.string().max(200).optional(),
});

/** @public */
export const listFeedTokensQuerySchema = pageQuerySchema.extend({
  includeRevoked: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .transform(v => v === 'true')
    .default(false),
});

/** @public */
export const createFeedTokenSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(100, 'must be at most 100 characters')
    .default('Calendar feed'),
});

/**
 * A candidate plan, checked for freezes and collisions before it is saved.
 *
 * @public
 */
export const planCheckSchema = z
  .strictObject({
    releaseId: z.string().max(36).optional(),
    type: z.enum(RELEASE_TYPES, {
      error: `must be one of ${RELEASE_TYPES.join(', ')}`,
    }),
    plannedStart: isoDateTime,
    plannedEnd: isoDateTime,
    components: z
      .array(
        z.strictObject({
          entityRef: z.string().trim().min(1).max(300),
          version: z.string().max(100).optional(),
        }),
      )
      .max(100, 'may list at most 100 components'),
    environments: z.array(z.string().trim().min(1).max(63)).max(20).optional(),
  })
  .check(endAfterStart);

/** @public */
export type PlanCheckRequest = z.input<typeof planCheckSchema>;
