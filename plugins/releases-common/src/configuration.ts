import { z } from 'zod';
import { pageQuerySchema } from './schemas';

export const DEPLOYMENT_STATUSES = [
  'succeeded',
  'failed',
  'rolled_back',
] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export interface Environment {
  name: string;
  order: number;
  gated: boolean;
}

/** One reported deployment of a component to an environment. */
export interface Deployment {
  id: string;
  entityRef: string;
  environment: string;
  version: string;
  status: DeploymentStatus;
  deployedAt: string;
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

export const DRIFT_KINDS = [
  'ahead_of_previous_environment',
  'differs_from_release',
  'unauthorized',
] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

export interface DriftFlag {
  kind: DriftKind;
  message: string;
}

/** The current version of one component in one environment. */
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

export interface VersionsRow {
  entityRef: string;
  /** Keyed by environment name; an environment never deployed to is absent. */
  environments: Record<string, VersionCell>;
  drifted: boolean;
}

export interface VersionsMatrix {
  environments: Environment[];
  rows: VersionsRow[];
  totalCount: number;
  limit: number;
  offset: number;
}

export type BaselineScope =
  | { entityRef: string }
  | { system: string }
  | { owner: string };

export interface BaselineItem {
  entityRef: string;
  environment: string;
  version: string;
  deploymentId: string;
  deployedAt: string;
}

export interface Baseline {
  id: string;
  name: string;
  scope: BaselineScope;
  createdBy: string;
  createdAt: string;
  itemCount: number;
}

export interface BaselineDiffEntry {
  entityRef: string;
  environment: string;
  change: 'added' | 'removed' | 'changed';
  before: string | null;
  after: string | null;
}

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
  deployedAt: isoDateTime.optional(),
  source: text(100),
  externalId: text(200),
  releaseId: optionalText(36),
  commit: optionalText(100),
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2000, 'must be at most 2000 characters')
    .optional(),
});

export type RecordDeploymentRequest = z.input<typeof recordDeploymentSchema>;

const booleanParam = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .transform(v => v === 'true');

export const EXPORT_FORMATS = ['json', 'csv'] as const;
const exportFormat = z
  .enum(EXPORT_FORMATS, { error: 'must be json or csv' })
  .optional();

const scopeParams = {
  entityRef: optionalText(300),
  system: optionalText(300),
  owner: optionalText(300),
};

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
  .check(ctx => {
    const { from, to } = ctx.value;
    if (from && to && Date.parse(to) < Date.parse(from)) {
      ctx.issues.push({
        code: 'custom',
        path: ['to'],
        message: 'must not be before from',
        input: to,
      });
    }
  });

export type ListDeploymentsQuery = z.output<typeof listDeploymentsQuerySchema>;

export const versionsQuerySchema = pageQuerySchema.extend({
  ...scopeParams,
  driftOnly: booleanParam.optional(),
  format: exportFormat,
});

export type VersionsQuery = z.output<typeof versionsQuerySchema>;

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

export type CreateBaselineRequest = z.input<typeof createBaselineSchema>;

export const baselineDiffQuerySchema = z.object({
  against: z
    .string()
    .trim()
    .max(36, 'must be "current" or a baseline id')
    .default('current'),
  format: exportFormat,
});

export const impactQuerySchema = z.object({
  entityRef: text(300),
  depth: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(5, 'must be at most 5')
    .default(2),
});
