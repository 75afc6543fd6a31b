import { z } from 'zod';
import { RANGE_LIMITS, RangeKind, rangeProblem } from './limits';
import { RELEASE_PHASES } from './phases';
import {
  rollbackPlanSchema,
  standardChangeNameSchema,
} from './standardChanges';
import { RELEASE_TYPES } from './types';

/** Error messages say what is wrong; the field name is prefixed by `describeZodError`. */
function required(what: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? 'is required' : `must be ${what}`;
}

const isoDateTime = z.iso.datetime({
  offset: true,
  error: required('an ISO-8601 date-time, e.g. 2026-12-01T09:00:00Z'),
});

const entityRef = z
  .string({ error: required('a string') })
  .trim()
  .min(1, 'is required')
  .max(300, 'must be at most 300 characters');

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: required(`one of ${values.join(', ')}`) });
}

/** @public */
export const releaseComponentSchema = z.strictObject({
  entityRef,
  version: z
    .string({ error: required('a string') })
    .trim()
    .max(100, 'must be at most 100 characters')
    .optional()
    .transform(v => (v === '' ? undefined : v)),
});

const title = z
  .string({ error: required('a string') })
  .trim()
  .min(1, 'is required')
  .max(200, 'must be at most 200 characters');
const description = z
  .string({ error: required('a string') })
  .max(20000, 'must be at most 20000 characters');
const components = z
  .array(releaseComponentSchema, { error: required('a list') })
  .min(1, 'needs at least one component')
  .max(100, 'may list at most 100 components');
const environments = z
  .array(
    z
      .string({ error: required('a string') })
      .trim()
      .min(1, 'must not be empty')
      .max(63, 'must be at most 63 characters'),
    { error: required('a list') },
  )
  .max(20, 'may list at most 20 environments');

/**
 * The longest planned window. Longer ones are typing mistakes, and checking
 * one against recurring freeze windows would expand them over centuries.
 *
 * @public
 */
export const MAX_PLANNED_DAYS = RANGE_LIMITS.planned.maxSpanDays;

/**
 * What is wrong with a planned window, if anything; `undefined` when it is fine.
 *
 * @public
 */
export function plannedWindowProblem(
  plannedStart: string,
  plannedEnd: string,
): string | undefined {
  const span = Date.parse(plannedEnd) - Date.parse(plannedStart);
  if (span <= 0) {
    return 'must be after plannedStart';
  }
  if (span > MAX_PLANNED_DAYS * 24 * 3600 * 1000) {
    return `may be at most ${MAX_PLANNED_DAYS} days after plannedStart`;
  }
  return undefined;
}

/**
 * Checks plannedEnd against plannedStart where a schema has both, and keeps
 * each given end within the planning horizon (so that checking a plan
 * against recurring freeze windows stays bounded).
 *
 * @public
 */
export function endAfterStart(ctx: {
  value: { plannedStart?: string; plannedEnd?: string };
  issues: { push(issue: object): void };
}) {
  const { plannedStart, plannedEnd } = ctx.value;
  const problem =
    plannedStart && plannedEnd
      ? plannedWindowProblem(plannedStart, plannedEnd)
      : undefined;
  if (problem) {
    ctx.issues.push({
      code: 'custom',
      path: ['plannedEnd'],
      message: problem,
      input: plannedEnd,
    });
    return;
  }
  const horizon = rangeProblem('planned', plannedStart, plannedEnd);
  if (horizon) {
    const field = horizon.field === 'from' ? 'plannedStart' : 'plannedEnd';
    ctx.issues.push({
      code: 'custom',
      path: [field],
      message: horizon.message,
      input: ctx.value[field],
    });
  }
}

/**
 * A zod check that keeps `from`/`to` in order and within the limits of the
 * given kind of range (see RANGE_LIMITS).
 *
 * @public
 */
export function boundedRange(
  kind: RangeKind,
  options: { strict?: boolean } = {},
) {
  return (ctx: {
    value: { from?: string; to?: string };
    issues: { push(issue: object): void };
  }) => {
    const { from, to } = ctx.value;
    if (from && to) {
      const span = Date.parse(to) - Date.parse(from);
      if (options.strict ? span <= 0 : span < 0) {
        ctx.issues.push({
          code: 'custom',
          path: ['to'],
          message: options.strict
            ? 'must be after from'
            : 'must not be before from',
          input: to,
        });
        return;
      }
    }
    const problem = rangeProblem(kind, from, to);
    if (problem) {
      ctx.issues.push({
        code: 'custom',
        path: [problem.field],
        message: problem.message,
        input: ctx.value[problem.field],
      });
    }
  };
}

/** @public */
export const createReleaseSchema = z
  .strictObject({
    title,
    description: description.optional().default(''),
    type: oneOf(RELEASE_TYPES),
    plannedStart: isoDateTime,
    plannedEnd: isoDateTime,
    owner: entityRef,
    components,
    environments: environments.optional(),
    rollbackPlan: rollbackPlanSchema.nullable().optional(),
    /** A standard change's name (`GET /standard-changes`): pre-approved while its conditions hold. */
    standardChange: standardChangeNameSchema.optional(),
  })
  .check(endAfterStart);

/** @public */
export type CreateReleaseRequest = z.input<typeof createReleaseSchema>;

/** @public */
export const updateReleaseSchema = z
  .strictObject({
    title: title.optional(),
    description: description.optional(),
    type: oneOf(RELEASE_TYPES).optional(),
    plannedStart: isoDateTime.optional(),
    plannedEnd: isoDateTime.optional(),
    owner: entityRef.optional(),
    components: components.optional(),
    environments: environments.optional(),
    /** Null removes it. */
    rollbackPlan: rollbackPlanSchema.nullable().optional(),
    revision: z
      .number({ error: required('a number') })
      .int('must be an integer')
      .min(1, 'must be at least 1'),
  })
  .check(endAfterStart);

/** @public */
export type UpdateReleaseRequest = z.input<typeof updateReleaseSchema>;

/** @public */
export const transitionRequestSchema = z.strictObject({
  to: oneOf(RELEASE_PHASES),
  reason: z
    .string({ error: required('a string') })
    .trim()
    .max(2000, 'must be at most 2000 characters')
    .optional()
    .transform(v => (v === '' ? undefined : v)),
});

/** @public */
export type TransitionRequest = z.input<typeof transitionRequestSchema>;

/**
 * Accepts `a,b` and repeated query parameters alike.
 *
 * @public
 */
export function listOf<const T extends readonly [string, ...string[]]>(
  values: T,
): z.ZodType<T[number][], string | string[]> {
  // The return type is spelled out: the inferred one emits a declaration that does not
  // compile (TS2536) in adopters' builds that check libraries (skipLibCheck false).
  return z
    .union([z.string(), z.array(z.string())], { error: 'must be a list' })
    .transform(v =>
      (Array.isArray(v) ? v : [v])
        .flatMap(s => s.split(','))
        .map(s => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(oneOf(values)));
}

/** @public */
export const MAX_PAGE_SIZE = 100;

const pageParams = {
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
    .default(20),
  offset: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must not be negative')
    .max(1_000_000, 'must be at most 1000000')
    .default(0),
};

/** @public */
export const pageQuerySchema = z.object(pageParams);

/**
 * What `GET /releases?include=` may add to each release listed.
 *
 * @public
 */
export const RELEASE_LIST_INCLUDES = ['roles'] as const;
/** @public */
export type ReleaseListInclude = (typeof RELEASE_LIST_INCLUDES)[number];

/** @public */
export const listReleasesQuerySchema = z
  .object({
    entityRef: entityRef.optional(),
    owner: entityRef.optional(),
    system: entityRef.optional(),
    type: listOf(RELEASE_TYPES).optional(),
    phase: listOf(RELEASE_PHASES).optional(),
    from: isoDateTime.optional(),
    to: isoDateTime.optional(),
    q: z.string().trim().max(200, 'must be at most 200 characters').optional(),
    order: z
      .enum(['asc', 'desc'], { error: 'must be asc or desc' })
      .default('desc'),
    include: listOf(RELEASE_LIST_INCLUDES).optional(),
    ...pageParams,
  })
  .check(boundedRange('history'));

/** @public */
export type ListReleasesQuery = z.output<typeof listReleasesQuerySchema>;

/**
 * One bad field of a request, as error bodies carry them.
 *
 * @public
 */
export interface FieldProblem {
  /** Dotted path, e.g. `components.0.entityRef`; `input` when the whole body is wrong. */
  field: string;
  message: string;
}

/**
 * The zod issues as field problems, for error bodies that clients read field by field.
 *
 * @public
 */
export function zodFieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap(issue => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map(key => ({
        field: [...issue.path, key].join('.'),
        message: 'is not a known field',
      }));
    }
    return [{ field: issue.path.join('.') || 'input', message: issue.message }];
  });
}

/**
 * Turns zod issues into one message that names every offending field,
 * e.g. `title: is required; plannedEnd: must be after plannedStart`.
 *
 * @public
 */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map(issue => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys
          .map(key => [...issue.path, key].join('.'))
          .map(path => `${path}: is not a known field`)
          .join('; ');
      }
      const path = issue.path.join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
