import { z } from 'zod';
import {
  approvalDecisionSchema,
  approvalPolicySchema,
  gateQuerySchema,
  policyDryRunSchema,
} from './approvals';
import {
  calendarQuerySchema,
  createFeedTokenSchema,
  planCheckSchema,
} from './calendar';
import {
  createBaselineSchema,
  impactQuerySchema,
  listDeploymentsQuerySchema,
  recordDeploymentSchema,
} from './configuration';
import { RANGE_LIMITS, RangeKind, rangeProblem } from './limits';
import {
  listIncidentsQuerySchema,
  metricsQuerySchema,
  recordIncidentSchema,
  reviewRequestSchema,
} from './review';
import {
  createReleaseSchema,
  listReleasesQuerySchema,
  transitionRequestSchema,
  updateReleaseSchema,
} from './schemas';

// Every length, count and number bound of the API's schemas: the limit is
// accepted and one past it is refused, naming the field. A bound dropped or
// moved by one shows here.

const DAY = 24 * 3600 * 1000;
const soon = (days: number) => new Date(Date.now() + days * DAY).toISOString();

const release = {
  title: 'Payments 3.0',
  type: 'minor',
  plannedStart: soon(7),
  plannedEnd: soon(8),
  owner: 'group:default/payments-team',
  components: [{ entityRef: 'component:default/payments-api' }],
};
const deployment = {
  entityRef: 'component:default/payments-api',
  environment: 'production',
  version: '1.0.0',
  status: 'succeeded',
  source: 'ci',
  externalId: 'run-1',
};
const incident = {
  entityRef: 'component:default/payments-api',
  environment: 'production',
  severity: 'high',
  title: 'Errors',
  openedAt: new Date(Date.now() - 3600_000).toISOString(),
  source: 'alertmanager',
  externalId: 'a-1',
};
const policy = {
  name: 'cab',
  require: [{ group: 'group:default/cab', count: 1 }],
};
const plan = {
  type: 'minor',
  plannedStart: soon(7),
  plannedEnd: soon(8),
  components: [{ entityRef: 'component:default/payments-api' }],
};

type Shape = 'string' | 'array' | 'number';

interface Bound {
  schema: z.ZodType;
  /** A valid value to put the field into. */
  base: Record<string, unknown>;
  /** Dotted path of the field. */
  path: string;
  shape: Shape;
  /** The largest value (length, count or number) accepted. */
  max: number;
  /** Strings: characters as the schema counts them (some trim). */
  item?: unknown;
}

const bounds: Bound[] = [
  // releases
  {
    schema: createReleaseSchema,
    base: release,
    path: 'title',
    shape: 'string',
    max: 200,
  },
  {
    schema: createReleaseSchema,
    base: release,
    path: 'description',
    shape: 'string',
    max: 20000,
  },
  {
    schema: createReleaseSchema,
    base: release,
    path: 'owner',
    shape: 'string',
    max: 300,
  },
  {
    schema: createReleaseSchema,
    base: release,
    path: 'components',
    shape: 'array',
    max: 100,
    item: { entityRef: 'component:default/x' },
  },
  {
    schema: createReleaseSchema,
    base: release,
    path: 'components.0.entityRef',
    shape: 'string',
    max: 300,
  },
  {
    schema: createReleaseSchema,
    base: release,
    path: 'components.0.version',
    shape: 'string',
    max: 100,
  },
  {
    schema: createReleaseSchema,
    base: release,
    path: 'environments',
    shape: 'array',
    max: 20,
    item: 'production',
  },
  {
    schema: createReleaseSchema,
    base: { ...release, environments: ['x'] },
    path: 'environments.0',
    shape: 'string',
    max: 63,
  },
  {
    schema: updateReleaseSchema,
    base: { revision: 1 },
    path: 'title',
    shape: 'string',
    max: 200,
  },
  {
    schema: transitionRequestSchema,
    base: { to: 'design' },
    path: 'reason',
    shape: 'string',
    max: 2000,
  },
  {
    schema: listReleasesQuerySchema,
    base: {},
    path: 'q',
    shape: 'string',
    max: 200,
  },
  {
    schema: listReleasesQuerySchema,
    base: {},
    path: 'limit',
    shape: 'number',
    max: 100,
  },
  {
    schema: listReleasesQuerySchema,
    base: {},
    path: 'offset',
    shape: 'number',
    max: 1_000_000,
  },
  // approvals
  {
    schema: approvalDecisionSchema,
    base: { decision: 'approved' },
    path: 'comment',
    shape: 'string',
    max: 5000,
  },
  {
    schema: gateQuerySchema,
    base: { entityRef: 'x', environment: 'production' },
    path: 'entityRef',
    shape: 'string',
    max: 300,
  },
  {
    schema: gateQuerySchema,
    base: { entityRef: 'x', environment: 'production' },
    path: 'environment',
    shape: 'string',
    max: 63,
  },
  {
    schema: gateQuerySchema,
    base: { entityRef: 'x', environment: 'production' },
    path: 'version',
    shape: 'string',
    max: 100,
  },
  {
    schema: approvalPolicySchema,
    base: policy,
    path: 'name',
    shape: 'string',
    max: 100,
  },
  {
    schema: approvalPolicySchema,
    base: policy,
    path: 'description',
    shape: 'string',
    max: 1000,
  },
  {
    schema: approvalPolicySchema,
    base: policy,
    path: 'require',
    shape: 'array',
    max: 10,
    item: { group: 'group:default/cab', count: 1 },
  },
  {
    schema: approvalPolicySchema,
    base: policy,
    path: 'require.0.count',
    shape: 'number',
    max: 20,
  },
  {
    schema: approvalPolicySchema,
    base: { ...policy, when: { selector: { system: ['a'] } } },
    path: 'when.selector.system',
    shape: 'array',
    max: 20,
    item: 'payments',
  },
  {
    schema: policyDryRunSchema,
    base: {
      policies: [],
      from: new Date(Date.now() - DAY).toISOString(),
      to: new Date().toISOString(),
    },
    path: 'policies',
    shape: 'array',
    max: 20,
    item: policy,
  },
  // calendar
  {
    schema: createFeedTokenSchema,
    base: {},
    path: 'name',
    shape: 'string',
    max: 100,
  },
  {
    schema: planCheckSchema,
    base: plan,
    path: 'components',
    shape: 'array',
    max: 100,
    item: { entityRef: 'component:default/x' },
  },
  {
    schema: planCheckSchema,
    base: plan,
    path: 'environments',
    shape: 'array',
    max: 20,
    item: 'production',
  },
  // configuration items
  {
    schema: recordDeploymentSchema,
    base: deployment,
    path: 'entityRef',
    shape: 'string',
    max: 300,
  },
  {
    schema: recordDeploymentSchema,
    base: deployment,
    path: 'environment',
    shape: 'string',
    max: 63,
  },
  {
    schema: recordDeploymentSchema,
    base: deployment,
    path: 'version',
    shape: 'string',
    max: 100,
  },
  {
    schema: recordDeploymentSchema,
    base: deployment,
    path: 'source',
    shape: 'string',
    max: 100,
  },
  {
    schema: recordDeploymentSchema,
    base: deployment,
    path: 'externalId',
    shape: 'string',
    max: 200,
  },
  {
    schema: recordDeploymentSchema,
    base: deployment,
    path: 'releaseId',
    shape: 'string',
    max: 36,
  },
  {
    schema: recordDeploymentSchema,
    base: deployment,
    path: 'commit',
    shape: 'string',
    max: 100,
  },
  {
    schema: createBaselineSchema,
    base: { scope: { system: 'payments' } },
    path: 'name',
    shape: 'string',
    max: 200,
  },
  {
    schema: listDeploymentsQuerySchema,
    base: {},
    path: 'limit',
    shape: 'number',
    max: 100,
  },
  {
    schema: impactQuerySchema,
    base: { entityRef: 'x' },
    path: 'depth',
    shape: 'number',
    max: 5,
  },
  // review and incidents
  {
    schema: reviewRequestSchema,
    base: { outcome: 'successful' },
    path: 'wentWell',
    shape: 'string',
    max: 10000,
  },
  {
    schema: reviewRequestSchema,
    base: { outcome: 'successful' },
    path: 'wentWrong',
    shape: 'string',
    max: 10000,
  },
  {
    schema: reviewRequestSchema,
    base: { outcome: 'successful' },
    path: 'actions',
    shape: 'array',
    max: 50,
    item: { description: 'Fix', owner: 'bob' },
  },
  {
    schema: reviewRequestSchema,
    base: {
      outcome: 'successful',
      actions: [{ description: 'x', owner: 'bob' }],
    },
    path: 'actions.0.description',
    shape: 'string',
    max: 1000,
  },
  {
    schema: recordIncidentSchema,
    base: incident,
    path: 'title',
    shape: 'string',
    max: 500,
  },
  {
    schema: recordIncidentSchema,
    base: incident,
    path: 'externalId',
    shape: 'string',
    max: 200,
  },
  {
    schema: listIncidentsQuerySchema,
    base: {},
    path: 'limit',
    shape: 'number',
    max: 100,
  },
];

function withValue(
  base: Record<string, unknown>,
  path: string,
  value: unknown,
) {
  const copy = JSON.parse(JSON.stringify(base));
  const keys = path.split('.');
  let target = copy;
  for (const key of keys.slice(0, -1)) {
    target[key] ??= {};
    target = target[key];
  }
  target[keys[keys.length - 1]] = value;
  return copy;
}

function valueOf(bound: Bound, size: number): unknown {
  if (bound.shape === 'string') return 'x'.repeat(size);
  if (bound.shape === 'array')
    return Array.from({ length: size }, () => bound.item);
  return size;
}

const label = (b: Bound) => `${b.path} (${b.shape} ≤ ${b.max})`;

describe('every bound of the API schemas', () => {
  it.each(bounds.map(b => [label(b), b] as const))(
    '%s: the limit is accepted, one past it is refused naming the field',
    (_label, bound) => {
      const atLimit = bound.schema.safeParse(
        withValue(bound.base, bound.path, valueOf(bound, bound.max)),
      );
      expect(atLimit.success ? 'accepted' : atLimit.error.issues).toBe(
        'accepted',
      );
      const past = bound.schema.safeParse(
        withValue(bound.base, bound.path, valueOf(bound, bound.max + 1)),
      );
      expect(past.success).toBe(false);
      expect(past.error!.issues.map(issue => issue.path.join('.'))).toContain(
        bound.path,
      );
    },
  );
});

describe('every range limit', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');
  const at = (days: number) => new Date(now + days * DAY).toISOString();

  it.each(Object.keys(RANGE_LIMITS) as RangeKind[])(
    '%s: span, past and future limits are inclusive',
    kind => {
      const limit = RANGE_LIMITS[kind];
      // The longest span, placed where both of its ends are allowed.
      const start = -Math.min(limit.maxPastDays, limit.maxSpanDays);
      expect(
        rangeProblem(kind, at(start), at(start + limit.maxSpanDays), now),
      ).toBeUndefined();
      expect(
        rangeProblem(
          kind,
          at(start),
          at(start + limit.maxSpanDays + 0.001),
          now,
        ),
      ).toEqual({
        field: 'to',
        message: `the range may span at most ${limit.maxSpanDays} days`,
      });
      expect(
        rangeProblem(kind, at(-limit.maxPastDays), undefined, now),
      ).toBeUndefined();
      expect(
        rangeProblem(kind, at(-limit.maxPastDays - 0.001), undefined, now),
      ).toEqual({
        field: 'from',
        message: `may be at most ${limit.maxPastDays} days before now`,
      });
      expect(
        rangeProblem(kind, undefined, at(limit.maxFutureDays), now),
      ).toBeUndefined();
      expect(
        rangeProblem(kind, undefined, at(limit.maxFutureDays + 0.001), now),
      ).toEqual({
        field: 'to',
        message: `may be at most ${limit.maxFutureDays} days after now`,
      });
    },
  );

  it('applies the calendar and KPI limits in their schemas', () => {
    const month = { from: soon(0), to: soon(30) };
    expect(calendarQuerySchema.safeParse(month).success).toBe(true);
    expect(
      calendarQuerySchema.safeParse({ from: soon(0), to: soon(400) }).success,
    ).toBe(true);
    expect(
      calendarQuerySchema.safeParse({ from: soon(0), to: soon(401) }).success,
    ).toBe(false);
    expect(
      metricsQuerySchema.safeParse({ from: soon(-731), to: soon(0) }).success,
    ).toBe(true);
    expect(
      metricsQuerySchema.safeParse({ from: soon(-732), to: soon(0) }).success,
    ).toBe(false);
  });
});
