import { z } from 'zod';
import { endAfterStart } from './schemas';
import { RELEASE_TYPES, Release, ReleaseType } from './types';

/** Which catalog entities a freeze window applies to; every given key must match. */
export interface FreezeSelector {
  system?: string[];
  owner?: string[];
  component?: string[];
  lifecycle?: string[];
  tag?: string[];
}

/** A freeze or maintenance window as configured in `releases.freezeWindows`. */
export interface FreezeWindowDefinition {
  name: string;
  kind: 'freeze' | 'maintenance';
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

/** One occurrence of a window, in UTC. */
export interface FreezeOccurrence {
  window: string;
  kind: 'freeze' | 'maintenance';
  start: string;
  end: string;
  timezone: string;
  environments: string[];
  allow: ReleaseType[];
  selector?: FreezeSelector;
}

export interface TimeRange {
  start: string;
  end: string;
}

/** Two open releases whose planned windows overlap on the same part of the dependency graph. */
export interface ReleaseCollision {
  kind: 'component' | 'dependency' | 'api';
  releaseIds: [string, string];
  /** The shared or linked entities, e.g. both components of a dependsOn link. */
  entities: string[];
  message: string;
  overlap: TimeRange;
}

/** A release planned into a freeze window that covers it and does not allow its type. */
export interface FreezeConflict {
  releaseId: string;
  window: string;
  environments: string[];
  message: string;
  overlap: TimeRange;
}

export interface PlanningWarning {
  kind: 'freeze' | 'collision';
  message: string;
  window?: string;
  releaseId?: string;
  overlap: TimeRange;
}

export interface CalendarResponse {
  from: string;
  to: string;
  releases: Release[];
  /** True when more releases met the range than were returned. */
  truncated: boolean;
  freezes: FreezeOccurrence[];
  collisions: ReleaseCollision[];
  freezeConflicts: FreezeConflict[];
}

export interface FeedToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedFeedToken extends FeedToken {
  /** Shown once; only its hash is stored. */
  token: string;
  /** The feed URL with the token, for a calendar app. */
  url: string;
}

export const MAX_CALENDAR_DAYS = 400;

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
  })
  .check(ctx => {
    const from = Date.parse(ctx.value.from);
    const to = Date.parse(ctx.value.to);
    if (to <= from) {
      ctx.issues.push({
        code: 'custom',
        path: ['to'],
        message: 'must be after from',
        input: ctx.value.to,
      });
    } else if (to - from > MAX_CALENDAR_DAYS * 24 * 3600 * 1000) {
      ctx.issues.push({
        code: 'custom',
        path: ['to'],
        message: `the range may span at most ${MAX_CALENDAR_DAYS} days`,
        input: ctx.value.to,
      });
    }
  });

export type CalendarQuery = z.output<typeof calendarQuerySchema>;

export const feedQuerySchema = z.object({
  entityRef: optionalRef,
  owner: optionalRef,
  system: optionalRef,
  token: z.string().max(200).optional(),
});

export const createFeedTokenSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(100, 'must be at most 100 characters')
    .default('Calendar feed'),
});

/** A candidate plan, checked for freezes and collisions before it is saved. */
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

export type PlanCheckRequest = z.input<typeof planCheckSchema>;
