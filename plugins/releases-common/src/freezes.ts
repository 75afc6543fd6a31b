import { z } from 'zod';
import type { FreezeSelector } from './calendar';
import { POLICY_LIMITS, RANGE_LIMITS } from './limits';
import { pageQuerySchema } from './schemas';
import { RELEASE_TYPES, ReleaseType } from './types';

/**
 * Where a runtime freeze stands at the time of the answer.
 *
 * @public
 */
export type RuntimeFreezeState = 'scheduled' | 'active' | 'ended' | 'lifted';

/**
 * A freeze declared at runtime (`POST /freezes`): it blocks the gate exactly
 * as a configured freeze window does, from the next request on every replica,
 * until it ends or is lifted. Never deleted: lifting records who and when.
 *
 * @public
 */
export interface RuntimeFreeze {
  id: string;
  name: string;
  reason: string;
  environments: string[];
  selector?: FreezeSelector;
  /** Release types that may still deploy during the freeze, e.g. [emergency]. */
  allow: ReleaseType[];
  startsAt: string;
  /** Null: open-ended, until lifted. */
  endsAt: string | null;
  declaredBy: string;
  declaredAt: string;
  liftedBy: string | null;
  liftedAt: string | null;
  liftReason: string | null;
  state: RuntimeFreezeState;
}

const isoDateTime = z.iso.datetime({
  offset: true,
  error: i =>
    i.input === undefined
      ? 'is required'
      : 'must be an ISO-8601 date-time, e.g. 2026-12-01T09:00:00Z',
});

const selectorValues = z
  .union([
    z.string().trim().min(1).max(300),
    z
      .array(z.string().trim().min(1).max(300))
      .min(1, 'needs at least one value')
      .max(
        POLICY_LIMITS.selectorValues,
        `may list at most ${POLICY_LIMITS.selectorValues} values`,
      ),
  ])
  .transform(v => (Array.isArray(v) ? v : [v]));

/**
 * A selector of catalog components, as freeze windows and policies take it.
 *
 * @public
 */
export const freezeSelectorSchema = z
  .strictObject({
    system: selectorValues.optional(),
    owner: selectorValues.optional(),
    component: selectorValues.optional(),
    lifecycle: selectorValues.optional(),
    tag: selectorValues.optional(),
  })
  .check(ctx => {
    if (Object.values(ctx.value).every(v => v === undefined)) {
      ctx.issues.push({
        code: 'custom',
        message:
          'needs at least one of system, owner, component, lifecycle, tag',
        input: ctx.value,
      });
    }
  });

const DAY_MS = 24 * 3600 * 1000;

/** @public */
export const declareFreezeSchema = z
  .strictObject({
    name: z
      .string({
        error: i =>
          i.input === undefined ? 'is required' : 'must be a string',
      })
      .trim()
      .min(1, 'is required')
      .max(100, 'must be at most 100 characters'),
    reason: z
      .string({
        error: i =>
          i.input === undefined ? 'is required' : 'must be a string',
      })
      .trim()
      .min(1, 'is required: say why deployments must stop')
      .max(2000, 'must be at most 2000 characters'),
    /** Defaults to every gated environment. */
    environments: z
      .array(z.string().trim().min(1, 'must not be empty').max(63), {
        error: 'must be a list',
      })
      .min(1, 'needs at least one environment')
      .max(20, 'may list at most 20 environments')
      .optional(),
    selector: freezeSelectorSchema.optional(),
    allow: z
      .array(
        z.enum(RELEASE_TYPES, {
          error: `must be one of ${RELEASE_TYPES.join(', ')}`,
        }),
        { error: 'must be a list' },
      )
      .max(RELEASE_TYPES.length)
      .default([]),
    /** Defaults to now. */
    startsAt: isoDateTime.optional(),
    /** Absent or null: open-ended, until lifted. */
    endsAt: isoDateTime.nullable().optional(),
  })
  .check(ctx => {
    const now = Date.now();
    const { startsAt, endsAt } = ctx.value;
    const start = startsAt ? Date.parse(startsAt) : now;
    const limit = RANGE_LIMITS.planned.maxFutureDays;
    if (startsAt && start > now + limit * DAY_MS) {
      ctx.issues.push({
        code: 'custom',
        path: ['startsAt'],
        message: `may be at most ${limit} days after now`,
        input: startsAt,
      });
    }
    // A freeze cannot be declared for the past: it would rewrite what the
    // gate answered then. A little clock skew is tolerated.
    if (startsAt && start < now - 5 * 60 * 1000) {
      ctx.issues.push({
        code: 'custom',
        path: ['startsAt'],
        message: 'must not be in the past; leave it out to start now',
        input: startsAt,
      });
    }
    if (endsAt) {
      const end = Date.parse(endsAt);
      if (end <= Math.max(start, now)) {
        ctx.issues.push({
          code: 'custom',
          path: ['endsAt'],
          message: 'must be after startsAt and in the future',
          input: endsAt,
        });
      } else if (end - start > RANGE_LIMITS.planned.maxSpanDays * DAY_MS) {
        ctx.issues.push({
          code: 'custom',
          path: ['endsAt'],
          message: `may be at most ${RANGE_LIMITS.planned.maxSpanDays} days after startsAt; leave it out for an open-ended freeze`,
          input: endsAt,
        });
      }
    }
  });

/** @public */
export type DeclareFreezeRequest = z.input<typeof declareFreezeSchema>;

/** @public */
export const liftFreezeSchema = z
  .strictObject({
    reason: z
      .string({ error: 'must be a string' })
      .trim()
      .max(2000, 'must be at most 2000 characters')
      .optional()
      .transform(v => (v === '' ? undefined : v)),
  })
  .default({ reason: undefined });

/** @public */
export const listFreezesQuerySchema = pageQuerySchema.extend({
  state: z
    .enum(['current', 'all'], { error: 'must be current or all' })
    .default('current'),
});
