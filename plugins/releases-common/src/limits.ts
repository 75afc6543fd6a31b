/**
 * How much one request may ask for. Every time range the API takes is bounded
 * in span and in distance from now, so that no request can make the server
 * expand recurring freeze windows over centuries or scan years of history;
 * the README's API table lists the same figures.
 */

const DAY_MS = 24 * 3600 * 1000;

/** @public */
export interface RangeLimit {
  /** The longest `from`–`to` span. */
  maxSpanDays: number;
  /** How far before now `from` may lie. */
  maxPastDays: number;
  /** How far after now `to` may lie. */
  maxFutureDays: number;
}

/**
 * The range limits of each kind of query, by name.
 *
 * @public
 */
export const RANGE_LIMITS = {
  /** Planned windows of releases (create, edit, plan checks). */
  planned: { maxSpanDays: 400, maxPastDays: 1096, maxFutureDays: 1096 },
  /** `GET /calendar`. */
  calendar: { maxSpanDays: 400, maxPastDays: 1096, maxFutureDays: 1096 },
  /** `GET /metrics`. */
  metrics: { maxSpanDays: 731, maxPastDays: 1827, maxFutureDays: 366 },
  /** `POST /policies/dry-run`. */
  dryRun: { maxSpanDays: 400, maxPastDays: 1827, maxFutureDays: 366 },
  /** Filters of history lists: releases, deployments, incidents. */
  history: { maxSpanDays: 3653, maxPastDays: 3653, maxFutureDays: 1096 },
} as const satisfies Record<string, RangeLimit>;

/** @public */
export type RangeKind = keyof typeof RANGE_LIMITS;

/**
 * What is wrong with a range of the given kind, if anything, with the field to
 * blame; `undefined` when it is fine. Either end may be missing (an open
 * range is bounded by the other end alone).
 *
 * @public
 */
export function rangeProblem(
  kind: RangeKind,
  from: string | undefined,
  to: string | undefined,
  now: number = Date.now(),
): { field: 'from' | 'to'; message: string } | undefined {
  const limit: RangeLimit = RANGE_LIMITS[kind];
  const start = from === undefined ? undefined : Date.parse(from);
  const end = to === undefined ? undefined : Date.parse(to);
  if (start !== undefined && start < now - limit.maxPastDays * DAY_MS) {
    return {
      field: 'from',
      message: `may be at most ${limit.maxPastDays} days before now`,
    };
  }
  if (end !== undefined && end > now + limit.maxFutureDays * DAY_MS) {
    return {
      field: 'to',
      message: `may be at most ${limit.maxFutureDays} days after now`,
    };
  }
  if (start !== undefined && end !== undefined) {
    if (end - start > limit.maxSpanDays * DAY_MS) {
      return {
        field: 'to',
        message: `the range may span at most ${limit.maxSpanDays} days`,
      };
    }
  }
  return undefined;
}

/**
 * A reported time may be this far in the future (clock skew between a pipeline and the server).
 *
 * @public
 */
export const MAX_REPORTED_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * A reported deployment time may be at most this many days old.
 *
 * @public
 */
export const MAX_REPORTED_AGE_DAYS = 90;

/**
 * A deployed commit's reported time may be at most this many days old.
 *
 * @public
 */
export const MAX_COMMIT_AGE_DAYS = 366;

/**
 * Live feed tokens one user may hold.
 *
 * @public
 */
export const MAX_LIVE_FEED_TOKENS = 20;

/**
 * Bounds of a policy set given to the dry-run (and of any configured set).
 *
 * @public
 */
export const POLICY_LIMITS = {
  policies: 20,
  rulesPerPolicy: 10,
  selectorValues: 20,
} as const;
