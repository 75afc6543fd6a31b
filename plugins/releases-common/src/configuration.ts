import { z } from 'zod';
import {
  MAX_COMMIT_AGE_DAYS,
  MAX_REPORTED_AGE_DAYS,
  MAX_REPORTED_CLOCK_SKEW_MS,
} from './limits';
import { boundedRange, pageQuerySchema } from './schemas';

/**
 * A deployment's states. Reports under the same source and external id move
 * it forward, never back: queued → in_progress → one of the final states.
 *
 * @public
 */
export const DEPLOYMENT_STATUSES = [
  'queued',
  'in_progress',
  'succeeded',
  'failed',
  'cancelled',
  'rolled_back',
] as const;
/** @public */
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/**
 * The states a deployment ends in.
 *
 * @public
 */
export const FINAL_DEPLOYMENT_STATUSES: readonly DeploymentStatus[] = [
  'succeeded',
  'failed',
  'cancelled',
  'rolled_back',
];

/** @public */
export interface Environment {
  name: string;
  order: number;
  gated: boolean;
}

/**
 * One reported deployment of a component to an environment.
 *
 * @public
 */
export interface Deployment {
  id: string;
  entityRef: string;
  environment: string;
  version: string;
  status: DeploymentStatus;
  /**
   * When the server saw the deployment start changing the environment (its
   * first report that was not `queued`; until then, when it was queued):
   * this time decides `authorized` and the current version.
   */
  deployedAt: string;
  /** When the server first saw it `in_progress`; null when it never was. */
  startedAt: string | null;
  /** When the server first saw it in a final state; null until then. */
  finishedAt: string | null;
  /**
   * The time the reporter gave with the state the deployment is in (the
   * earlier one when the latest report gave none), kept as reported and never
   * trusted to decide anything; null when none.
   */
  reportedAt: string | null;
  /** When the deployed commit was made, as reported: DORA's lead time for changes starts there. */
  committedAt: string | null;
  /** User ref, or `external:<subject>` / `plugin:<id>` for tokens. */
  actor: string;
  source: string;
  externalId: string;
  releaseId: string | null;
  commit: string | null;
  url: string | null;
  /** False when it reached a gated environment without a release in `deploy`. */
  authorized: boolean;
  authorizationReason: string;
  createdAt: string;
}

/** @public */
export const DRIFT_KINDS = [
  'ahead_of_previous_environment',
  'differs_from_release',
  'unauthorized',
] as const;
/** @public */
export type DriftKind = (typeof DRIFT_KINDS)[number];

/** @public */
export interface DriftFlag {
  kind: DriftKind;
  message: string;
}

/**
 * The current version of one component in one environment.
 *
 * @public
 */
export interface VersionCell {
  environment: string;
  version: string;
  deployedAt: string;
  actor: string;
  releaseId: string | null;
  deploymentId: string;
  authorized: boolean;
  drift: DriftFlag[];
}

/** @public */
export interface VersionsRow {
  entityRef: string;
  /** Keyed by environment name; an environment never deployed to is absent. */
  environments: Record<string, VersionCell>;
  drifted: boolean;
}

/** @public */
export interface VersionsMatrix {
  environments: Environment[];
  rows: VersionsRow[];
  totalCount: number;
  limit: number;
  offset: number;
}

/** @public */
export type BaselineScope =
  | { entityRef: string }
  | { system: string }
  | { owner: string };

/** @public */
export interface BaselineItem {
  entityRef: string;
  environment: string;
  version: string;
  deploymentId: string;
  deployedAt: string;
}

/** @public */
export interface Baseline {
  id: string;
  name: string;
  scope: BaselineScope;
  createdBy: string;
  createdAt: string;
  itemCount: number;
}

/** @public */
export interface BaselineDiffEntry {
  entityRef: string;
  environment: string;
  change: 'added' | 'removed' | 'changed';
  before: string | null;
  after: string | null;
}

/** @public */
export interface BaselineDiff {
  baseline: Baseline;
  /** `current`, or the id of the other baseline. */
  against: string;
  entries: BaselineDiffEntry[];
  summary: {
    added: number;
    removed: number;
    changed: number;
    unchanged: number;
  };
}

/** @public */
export interface ImpactedEntity {
  entityRef: string;
  /** How far from the start, 1 = direct. */
  depth: number;
  /** The relation that reached it, e.g. `dependencyOf`, `consumesApi`, `partOf`. */
  relation: string;
  /** The entity it was reached from. */
  via: string;
  /** Every hop from the start entity to this one. */
  path: string[];
}

/** @public */
export interface ImpactResult {
  entityRef: string;
  depth: number;
  dependents: ImpactedEntity[];
}

const text = (max: number) =>
  z
    .string({
      error: i => (i.input === undefined ? 'is required' : 'must be a string'),
    })
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`);

const optionalText = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .max(max, `must be at most ${max} characters`)
    .optional()
    .transform(v => (v === '' ? undefined : v));

const isoDateTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO-8601 date-time, e.g. 2026-12-01T09:00:00Z',
});

/**
 * A time a pipeline or monitoring tool reports. It is kept as reported, never
 * trusted to decide anything, and bounded: not in the future beyond a little
 * clock skew, not older than `maxAgeDays` (MAX_REPORTED_AGE_DAYS unless given).
 *
 * @public
 */
export function reportedTime(options: { maxAgeDays?: number } = {}) {
  const maxAgeDays = options.maxAgeDays ?? MAX_REPORTED_AGE_DAYS;
  return isoDateTime.check(ctx => {
    const at = Date.parse(ctx.value);
    const now = Date.now();
    if (at > now + MAX_REPORTED_CLOCK_SKEW_MS) {
      ctx.issues.push({
        code: 'custom',
        message: `must not be in the future (more than ${
          MAX_REPORTED_CLOCK_SKEW_MS / 60000
        } minutes ahead of the server's clock)`,
        input: ctx.value,
      });
    } else if (at < now - maxAgeDays * 24 * 3600 * 1000) {
      ctx.issues.push({
        code: 'custom',
        message: `must be within the last ${maxAgeDays} days`,
        input: ctx.value,
      });
    }
  });
}

/** @public */
export const recordDeploymentSchema = z.strictObject({
  entityRef: text(300),
  environment: text(63),
  version: text(100),
  status: z.enum(DEPLOYMENT_STATUSES, {
    error: i =>
      i.input === undefined
        ? 'is required'
        : `must be one of ${DEPLOYMENT_STATUSES.join(', ')}`,
  }),
  deployedAt: reportedTime().optional(),
  committedAt: reportedTime({ maxAgeDays: MAX_COMMIT_AGE_DAYS }).optional(),
  source: text(100),
  externalId: text(200),
  releaseId: optionalText(36),
  commit: optionalText(100),
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2000, 'must be at most 2000 characters')
    .optional(),
});

/** @public */
export type RecordDeploymentRequest = z.input<typeof recordDeploymentSchema>;

const booleanParam = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .transform(v => v === 'true');

/** @public */
export const EXPORT_FORMATS = ['json', 'csv'] as const;
const exportFormat = z
  .enum(EXPORT_FORMATS, { error: 'must be json or csv' })
  .optional();

const scopeParams = {
  entityRef: optionalText(300),
  system: optionalText(300),
  owner: optionalText(300),
};

/** @public */
export const listDeploymentsQuerySchema = pageQuerySchema
  .extend({
    ...scopeParams,
    environment: optionalText(63),
    status: z
      .enum(DEPLOYMENT_STATUSES, {
        error: `must be one of ${DEPLOYMENT_STATUSES.join(', ')}`,
      })
      .optional(),
    authorized: booleanParam.optional(),
    from: isoDateTime.optional(),
    to: isoDateTime.optional(),
    format: exportFormat,
  })
  .check(boundedRange('history'));

/** @public */
export type ListDeploymentsQuery = z.output<typeof listDeploymentsQuerySchema>;

/** @public */
export const versionsQuerySchema = pageQuerySchema.extend({
  ...scopeParams,
  driftOnly: booleanParam.optional(),
  format: exportFormat,
});

/** @public */
export type VersionsQuery = z.output<typeof versionsQuerySchema>;

/** @public */
export const createBaselineSchema = z.strictObject({
  name: text(200),
  scope: z
    .strictObject(
      {
        entityRef: optionalText(300),
        system: optionalText(300),
        owner: optionalText(300),
      },
      {
        error: i =>
          i.input === undefined ? 'is required' : 'must be an object',
      },
    )
    .check(ctx => {
      const set = ['entityRef', 'system', 'owner'].filter(
        k => (ctx.value as Record<string, unknown>)[k] !== undefined,
      );
      if (set.length !== 1) {
        ctx.issues.push({
          code: 'custom',
          message: 'needs exactly one of entityRef, system or owner',
          input: ctx.value,
        });
      }
    }),
});

/** @public */
export type CreateBaselineRequest = z.input<typeof createBaselineSchema>;

/** @public */
export const baselineDiffQuerySchema = z.object({
  against: z
    .string()
    .trim()
    .max(36, 'must be "current" or a baseline id')
    .default('current'),
  format: exportFormat,
});

/** @public */
export const impactQuerySchema = z.object({
  entityRef: text(300),
  depth: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(5, 'must be at most 5')
    .default(2),
});
