import { z } from 'zod';
import { RiskLevel } from './approvals';
import { reportedTime } from './configuration';
import { boundedRange } from './schemas';

/** @public */
export const RELEASE_OUTCOMES = [
  'successful',
  'partially_successful',
  'failed',
  'rolled_back',
] as const;
/** @public */
export type ReleaseOutcome = (typeof RELEASE_OUTCOMES)[number];

/** @public */
export interface ReviewAction {
  description: string;
  /** User or group ref responsible for the follow-up. */
  owner: string;
}

/**
 * The post-implementation review of a release.
 *
 * @public
 */
export interface ReleaseReview {
  releaseId: string;
  outcome: ReleaseOutcome;
  wentWell: string;
  wentWrong: string;
  actions: ReviewAction[];
  reviewedBy: string;
  reviewedAt: string;
}

/** @public */
export const INCIDENT_SEVERITIES = [
  'critical',
  'high',
  'medium',
  'low',
] as const;
/** @public */
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/** @public */
export interface Incident {
  id: string;
  entityRef: string;
  environment: string;
  severity: IncidentSeverity;
  title: string;
  openedAt: string;
  resolvedAt: string | null;
  url: string | null;
  source: string;
  externalId: string;
  /** The deployment it is attributed to: the latest one of the entity in the environment inside the window before it opened. */
  deploymentId: string | null;
  releaseId: string | null;
  createdAt: string;
}

/** @public */
export interface RiskFactor {
  /**
   * The factor's id: one of the built-in `type`, `dependents`,
   * `change_failure_rate`, `freeze_proximity`, `lead_time`, or the id of a
   * factor a backend module added.
   */
  factor: string;
  /**
   * What people read as the factor's name, given by a module's factor (the
   * built-in ones are named by the frontend). Without one, the id is shown
   * in words.
   */
  label?: string;
  points: number;
  detail: string;
}

/** @public */
export interface ReleaseRisk {
  score: number;
  level: RiskLevel;
  reasons: RiskFactor[];
  computedAt: string;
}

/**
 * One bucket (or the totals) of the release KPIs. Rates are null when there is nothing to divide by.
 *
 * @public
 */
export interface MetricsValues {
  /** Releases that entered deploy. */
  releases: number;
  /** Successful deployments to gated (production) environments. */
  productionDeployments: number;
  reviewedReleases: number;
  successfulReleases: number;
  /** successful reviews ÷ reviewed releases. */
  changeSuccessRate: number | null;
  productionDeploymentsWithIncident: number;
  /** production deployments with an attributed incident ÷ production deployments. */
  changeFailureRate: number | null;
  /** Incidents attributed to a release. */
  incidentsAfterRelease: number;
  incidents: number;
  /** Of incidents resolved, opened → resolved, in minutes. */
  meanTimeToRecoveryMinutes: number | null;
  medianTimeToRecoveryMinutes: number | null;
  /** Release created → entered deploy, in hours. */
  meanLeadTimeHours: number | null;
  /** Production deployments whose commit time is known (the base of the lead time for changes). */
  deploymentsWithCommitTime: number;
  /** DORA's lead time for changes: commit → succeeded in production, in hours. */
  meanLeadTimeForChangesHours: number | null;
  medianLeadTimeForChangesHours: number | null;
}

/** @public */
export interface MetricsBucket extends MetricsValues {
  start: string;
  end: string;
}

/** @public */
export interface MetricsResponse {
  from: string;
  to: string;
  bucket: 'week' | 'month';
  buckets: MetricsBucket[];
  totals: MetricsValues;
}

const text = (max: number) =>
  z
    .string({
      error: i => (i.input === undefined ? 'is required' : 'must be a string'),
    })
    .trim()
    .max(max, `must be at most ${max} characters`);

/** @public */
export const reviewRequestSchema = z.strictObject({
  outcome: z.enum(RELEASE_OUTCOMES, {
    error: i =>
      i.input === undefined
        ? 'is required'
        : `must be one of ${RELEASE_OUTCOMES.join(', ')}`,
  }),
  wentWell: text(10000).default(''),
  wentWrong: text(10000).default(''),
  actions: z
    .array(
      z.strictObject({
        description: text(1000).min(1, 'is required'),
        owner: text(300).min(1, 'is required'),
      }),
    )
    .max(50, 'may list at most 50 actions')
    .default([]),
});

/** @public */
export type ReviewRequest = z.input<typeof reviewRequestSchema>;

const isoDateTime = z.iso.datetime({
  offset: true,
  error: i =>
    i.input === undefined ? 'is required' : 'must be an ISO-8601 date-time',
});

/** @public */
export const recordIncidentSchema = z.strictObject({
  entityRef: text(300).min(1, 'is required'),
  environment: text(63).min(1, 'is required'),
  severity: z.enum(INCIDENT_SEVERITIES, {
    error: i =>
      i.input === undefined
        ? 'is required'
        : `must be one of ${INCIDENT_SEVERITIES.join(', ')}`,
  }),
  title: text(500).min(1, 'is required'),
  openedAt: reportedTime(),
  resolvedAt: reportedTime().nullable().optional(),
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2000)
    .optional(),
  source: text(100).min(1, 'is required'),
  externalId: text(200).min(1, 'is required'),
});

/** @public */
export type RecordIncidentRequest = z.input<typeof recordIncidentSchema>;

/** @public */
export const metricsQuerySchema = z
  .object({
    entityRef: z.string().trim().max(300).optional(),
    owner: z.string().trim().max(300).optional(),
    system: z.string().trim().max(300).optional(),
    from: isoDateTime,
    to: isoDateTime,
    bucket: z
      .enum(['week', 'month'], { error: 'must be week or month' })
      .default('month'),
  })
  .check(boundedRange('metrics', { strict: true }));

/** @public */
export const listIncidentsQuerySchema = z
  .object({
    entityRef: z.string().trim().max(300).optional(),
    owner: z.string().trim().max(300).optional(),
    system: z.string().trim().max(300).optional(),
    releaseId: z.string().trim().max(36).optional(),
    environment: z.string().trim().max(63).optional(),
    from: isoDateTime.optional(),
    to: isoDateTime.optional(),
    limit: z.coerce
      .number({ error: 'must be a number' })
      .int()
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100')
      .default(20),
    offset: z.coerce
      .number({ error: 'must be a number' })
      .int()
      .min(0, 'must not be negative')
      .max(1_000_000, 'must be at most 1000000')
      .default(0),
  })
  .check(boundedRange('history'));
