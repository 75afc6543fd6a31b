import { LoggerService } from '@backstage/backend-plugin-api';
import {
  PHASE_PATH,
  Release,
  ReleasePhase,
  ReleaseType,
} from '@backstage-itsm/plugin-releases-common';
import { DateTime } from 'luxon';
import { ApprovalStore } from '../approvals/ApprovalStore';
import { ApprovalEvaluator } from '../governance/ApprovalEvaluator';
import { DeploymentStore } from '../configuration/DeploymentStore';
import { NewRelease, ReleaseStore } from '../releases/ReleaseStore';
import { demoDeploymentHistory } from './demoDeployments';
import { seedHistory } from './demoHistory';
import { ReviewStore } from '../review/ReviewStore';

interface DemoApproval {
  approver: string;
  onBehalfOf: string;
  decision: 'approved' | 'rejected';
  comment: string;
}

interface DemoRelease {
  id: string;
  title: string;
  description: string;
  type: ReleaseType;
  phase: ReleasePhase;
  /** Days from today (UTC midnight) of the planned start, and its length in days. */
  startInDays: number;
  lengthDays: number;
  owner: string;
  createdBy: string;
  /** Who moves it through the phases. */
  drivenBy: string;
  components: Array<[string, string]>;
  environments: string[];
  /** Decisions given before the current phase was reached. */
  approvals?: DemoApproval[];
  /** Emergency releases that entered deploy by break-glass. */
  breakGlassReason?: string;
  rollbackPlan?: Release['rollbackPlan'];
}

const DEMO_RELEASES: DemoRelease[] = [
  {
    id: '00000000-0000-4000-8000-000000000001',
    title: 'Payments API 2.5: 3-D Secure 2',
    description:
      'Moves card authentication to 3-D Secure 2 and retires the legacy ACS integration.',
    type: 'major',
    phase: 'test',
    startInDays: -3,
    lengthDays: 8,
    owner: 'group:default/payments-team',
    createdBy: 'user:default/alice',
    drivenBy: 'user:default/bob',
    components: [
      ['component:default/payments-api', '2.5.0'],
      ['component:default/fraud-detector', '1.8.0'],
    ],
    environments: ['staging', 'production'],
    approvals: [
      {
        approver: 'user:default/erin',
        onBehalfOf: 'group:default/cab',
        decision: 'approved',
        comment: 'Rollback plan reviewed.',
      },
      {
        approver: 'user:default/bob',
        onBehalfOf: 'group:default/payments-team',
        decision: 'approved',
        comment: '',
      },
    ],
  },
  {
    id: '00000000-0000-4000-8000-000000000002',
    title: 'One-page checkout',
    description: 'Replaces the three-step checkout with a single page.',
    type: 'minor',
    phase: 'build',
    startInDays: 1,
    lengthDays: 7,
    owner: 'group:default/storefront-team',
    createdBy: 'user:default/carol',
    drivenBy: 'user:default/dave',
    components: [
      ['component:default/checkout-service', '3.2.0'],
      ['component:default/cart-service', '1.14.0'],
    ],
    environments: ['staging', 'production'],
  },
  {
    id: '00000000-0000-4000-8000-000000000003',
    title: 'Auth token rotation hotfix',
    description:
      'Emergency fix: refresh tokens were not rotated after password changes.',
    type: 'emergency',
    phase: 'review',
    startInDays: -6,
    lengthDays: 1,
    owner: 'group:default/platform-team',
    createdBy: 'user:default/erin',
    drivenBy: 'user:default/erin',
    components: [['component:default/auth-service', '4.0.3']],
    environments: ['production'],
    breakGlassReason:
      'Active account-takeover attempts; waiting for approval would leave users exposed.',
  },
  {
    id: '00000000-0000-4000-8000-000000000004',
    title: 'Ledger 3.0: multi-currency postings',
    description:
      'Stores every posting in its original currency with the rate used.',
    type: 'major',
    phase: 'plan',
    startInDays: 21,
    lengthDays: 7,
    owner: 'group:default/payments-team',
    createdBy: 'user:default/bob',
    drivenBy: 'user:default/bob',
    components: [
      ['component:default/ledger-service', '3.0.0'],
      ['component:default/settlement-batch', '2.0.0'],
    ],
    environments: ['development', 'staging', 'production'],
  },
  {
    id: '00000000-0000-4000-8000-000000000005',
    title: 'Search relevance tuning',
    description: 'New ranking model for product search.',
    type: 'minor',
    phase: 'design',
    startInDays: 3,
    lengthDays: 4,
    owner: 'group:default/storefront-team',
    createdBy: 'user:default/dave',
    drivenBy: 'user:default/dave',
    components: [
      ['component:default/search-service', '0.9.0'],
      ['component:default/catalog-service', '5.3.1'],
    ],
    environments: ['staging', 'production'],
  },
  {
    id: '00000000-0000-4000-8000-000000000006',
    title: 'Gateway rate limits per tenant',
    description: 'Per-tenant rate limits on all public routes.',
    type: 'minor',
    phase: 'closed',
    startInDays: -30,
    lengthDays: 3,
    owner: 'group:default/platform-team',
    createdBy: 'user:default/frank',
    drivenBy: 'user:default/erin',
    components: [['component:default/api-gateway', '2.2.0']],
    environments: ['staging', 'production'],
    approvals: [
      {
        approver: 'user:default/erin',
        onBehalfOf: 'group:default/platform-team',
        decision: 'approved',
        comment: 'Limits agreed with the partners.',
      },
    ],
  },
  {
    id: '00000000-0000-4000-8000-000000000007',
    title: 'Storefront holiday theme',
    description: 'Seasonal look and the gift-card banner.',
    type: 'minor',
    phase: 'deploy',
    startInDays: -1,
    lengthDays: 2,
    owner: 'group:default/storefront-team',
    createdBy: 'user:default/carol',
    drivenBy: 'user:default/carol',
    components: [['component:default/storefront-web', '7.1.0']],
    environments: ['production'],
    approvals: [
      {
        approver: 'user:default/dave',
        onBehalfOf: 'group:default/storefront-team',
        decision: 'approved',
        comment: '',
      },
    ],
  },
  {
    id: '00000000-0000-4000-8000-000000000008',
    title: 'SMS provider switch',
    description: 'Cancelled: the new provider failed the security review.',
    type: 'minor',
    phase: 'cancelled',
    startInDays: -14,
    lengthDays: 2,
    owner: 'group:default/platform-team',
    createdBy: 'user:default/erin',
    drivenBy: 'user:default/frank',
    components: [['component:default/notification-service', '1.4.0']],
    environments: ['production'],
  },
  {
    id: '00000000-0000-4000-8000-000000000009',
    title: 'Fraud model retraining',
    description: 'Retrained scoring model with the autumn fraud patterns.',
    type: 'minor',
    phase: 'test',
    startInDays: 2,
    lengthDays: 2,
    owner: 'group:default/payments-team',
    createdBy: 'user:default/guest',
    drivenBy: 'user:default/guest',
    components: [['component:default/fraud-detector', '1.8.1']],
    environments: ['staging', 'production'],
  },
  // Storefront's major changes to production need the Weekly CAB: these two
  // are on the agenda of its next meeting.
  {
    id: '00000000-0000-4000-8000-000000000010',
    title: 'Storefront 8.0: new product pages',
    description: 'Server-rendered product pages with the new design system.',
    type: 'major',
    phase: 'plan',
    startInDays: 2,
    lengthDays: 1,
    owner: 'group:default/storefront-team',
    createdBy: 'user:default/carol',
    drivenBy: 'user:default/carol',
    components: [['component:default/storefront-web', '8.0.0']],
    environments: ['staging', 'production'],
    rollbackPlan: {
      text: 'Point the CDN back at the 7.x bundle and redeploy storefront-web 7.1.0.',
      link: 'https://runbooks.example.com/storefront/rollback',
    },
  },
  {
    id: '00000000-0000-4000-8000-000000000011',
    title: 'Checkout: saved payment methods',
    description: 'Customers keep cards and wallets for their next order.',
    type: 'major',
    phase: 'plan',
    startInDays: 5,
    lengthDays: 1,
    owner: 'group:default/storefront-team',
    createdBy: 'user:default/dave',
    drivenBy: 'user:default/dave',
    components: [['component:default/checkout-service', '5.0.0']],
    environments: ['production'],
  },
];

/**
 * Seeds the demo releases, each walked through its phases with history, when
 * the releases table is empty. For local evaluation only.
 */
export async function seedDemoData(options: {
  store: ReleaseStore;
  deployments: DeploymentStore;
  approvals: ApprovalStore;
  reviews: ReviewStore;
  /** Works out what a break-glass demo release owes. */
  evaluator: ApprovalEvaluator;
  logger: LoggerService;
  now?: DateTime;
}): Promise<void> {
  const { store, deployments, approvals, reviews, evaluator, logger } = options;
  if ((await store.count()) > 0) {
    return;
  }
  const today = (options.now ?? DateTime.utc()).startOf('day');
  for (const demo of DEMO_RELEASES) {
    const plannedStart = today.plus({ days: demo.startInDays, hours: 9 });
    const plannedEnd = plannedStart.plus({ days: demo.lengthDays });
    let at = DateTime.min(plannedStart, today).minus({ days: 10 });
    const release: NewRelease = {
      id: demo.id,
      title: demo.title,
      description: demo.description,
      type: demo.type,
      phase: 'plan',
      plannedStart: plannedStart.toISO()!,
      plannedEnd: plannedEnd.toISO()!,
      owner: demo.owner,
      createdBy: demo.createdBy,
      components: demo.components.map(([entityRef, version]) => ({
        entityRef,
        version,
      })),
      environments: demo.environments,
      ...(demo.rollbackPlan && { rollbackPlan: demo.rollbackPlan }),
    };
    try {
      await store.create(release, {
        type: 'created',
        actor: demo.createdBy,
        at: at.toJSDate(),
      });
    } catch (error) {
      // Another replica seeded the same fixed ids first.
      logger.info(`Demo release ${demo.id} already present: ${error}`);
      return;
    }
    const path =
      demo.phase === 'cancelled'
        ? ['design', 'cancelled']
        : PHASE_PATH.slice(1, PHASE_PATH.indexOf(demo.phase) + 1);
    // Spread the moves between creation and today (or the planned end).
    const until = DateTime.min(plannedEnd, today.plus({ hours: 8 }));
    const step = until.diff(at).toMillis() / (path.length + 1);
    for (const phase of path as ReleasePhase[]) {
      at = at.plus({ milliseconds: Math.max(step, 60_000) });
      if (phase === 'test') {
        for (const approval of demo.approvals ?? []) {
          await approvals.record({
            releaseId: demo.id,
            round: 1,
            ...approval,
            decidedAt: at.minus({ hours: 2 }).toISO()!,
          });
        }
      }
      let breakGlass: Release['breakGlass'] = null;
      if (phase === 'deploy' && demo.breakGlassReason) {
        const current = (await store.get(demo.id))!;
        const { owed } = evaluator.owedAfterBreakGlass(
          current,
          await evaluator.matchingPolicies(current),
        );
        breakGlass = {
          at: at.toISO()!,
          reason: demo.breakGlassReason,
          by: demo.drivenBy,
          dueAt: at.plus({ days: 3 }).toISO()!,
          owed,
        };
      }
      await store.update(demo.id, {
        set: {
          phase,
          ...(phase === 'build' ? { actualStart: at.toISO()! } : {}),
          ...(breakGlass ? { breakGlass } : {}),
          ...(phase === 'closed' || phase === 'cancelled'
            ? { actualEnd: at.toISO()! }
            : {}),
        },
        event: {
          type: 'transitioned',
          actor: demo.drivenBy,
          at: at.toJSDate(),
          reason:
            phase === 'cancelled'
              ? 'The new SMS provider failed the security review.'
              : (phase === 'deploy' && demo.breakGlassReason) || undefined,
        },
      });
    }
  }
  const history = demoDeploymentHistory(today);
  const past = await seedHistory({
    history,
    releases: store,
    deployments,
    approvals,
    reviews,
    today,
  });
  for (const deployment of recentDeployments(today)) {
    await deployments.record(deployment);
  }
  logger.info(
    `Seeded ${DEMO_RELEASES.length + past} demo releases and ${
      history.length
    } demo deployments`,
  );
}

/**
 * What happened this week: the releases in flight reached staging, the holiday
 * theme went to production under its release, an emergency fix skipped
 * staging, and a notification hotfix reached production without a release.
 */
function recentDeployments(today: DateTime) {
  const at = (days: number, hour: number) =>
    today.plus({ days, hours: hour }).toISO()!;
  const base = {
    source: 'github-actions',
    commit: null,
    url: null,
    actor: 'ci-pipeline',
  };
  const notGated = (env: string) => ({
    authorized: true,
    authorizationReason: `${env} is not a gated environment`,
  });
  return [
    {
      ...base,
      externalId: 'demo-recent-0a',
      entityRef: 'component:default/payments-api',
      environment: 'development',
      version: '2.5.0',
      status: 'succeeded' as const,
      deployedAt: at(-3, 10),
      releaseId: DEMO_RELEASES[0].id,
      ...notGated('development'),
    },
    {
      ...base,
      externalId: 'demo-recent-0b',
      entityRef: 'component:default/fraud-detector',
      environment: 'development',
      version: '1.8.0',
      status: 'succeeded' as const,
      deployedAt: at(-3, 11),
      releaseId: DEMO_RELEASES[0].id,
      ...notGated('development'),
    },
    {
      ...base,
      externalId: 'demo-recent-0c',
      entityRef: 'component:default/storefront-web',
      environment: 'development',
      version: '7.1.0',
      status: 'succeeded' as const,
      deployedAt: at(-3, 9),
      releaseId: DEMO_RELEASES[6].id,
      ...notGated('development'),
    },
    {
      ...base,
      externalId: 'demo-recent-0d',
      entityRef: 'component:default/auth-service',
      environment: 'development',
      version: '4.0.3',
      status: 'succeeded' as const,
      deployedAt: at(-6, 10),
      releaseId: DEMO_RELEASES[2].id,
      ...notGated('development'),
    },
    {
      ...base,
      externalId: 'demo-recent-1',
      entityRef: 'component:default/payments-api',
      environment: 'staging',
      version: '2.5.0',
      status: 'succeeded' as const,
      deployedAt: at(-2, 10),
      releaseId: DEMO_RELEASES[0].id,
      ...notGated('staging'),
    },
    {
      ...base,
      externalId: 'demo-recent-2',
      entityRef: 'component:default/fraud-detector',
      environment: 'staging',
      version: '1.8.0',
      status: 'succeeded' as const,
      deployedAt: at(-2, 11),
      releaseId: DEMO_RELEASES[0].id,
      ...notGated('staging'),
    },
    {
      ...base,
      externalId: 'demo-recent-3',
      entityRef: 'component:default/storefront-web',
      environment: 'staging',
      version: '7.1.0',
      status: 'succeeded' as const,
      deployedAt: at(-2, 9),
      releaseId: DEMO_RELEASES[6].id,
      ...notGated('staging'),
    },
    {
      ...base,
      externalId: 'demo-recent-4',
      entityRef: 'component:default/storefront-web',
      environment: 'production',
      version: '7.1.0',
      status: 'succeeded' as const,
      deployedAt: at(0, 7),
      releaseId: DEMO_RELEASES[6].id,
      authorized: true,
      authorizationReason: `release ${DEMO_RELEASES[6].id} was in deploy`,
    },
    {
      ...base,
      externalId: 'demo-recent-5',
      entityRef: 'component:default/auth-service',
      environment: 'production',
      version: '4.0.3',
      status: 'succeeded' as const,
      deployedAt: at(-6, 12),
      releaseId: DEMO_RELEASES[2].id,
      authorized: true,
      authorizationReason: `release ${DEMO_RELEASES[2].id} was in deploy`,
    },
    {
      ...base,
      externalId: 'demo-recent-6',
      entityRef: 'component:default/notification-service',
      environment: 'production',
      version: '1.9.1',
      status: 'succeeded' as const,
      deployedAt: at(-1, 16),
      releaseId: null,
      actor: 'user:default/dave',
      authorized: false,
      authorizationReason:
        'no release containing component:default/notification-service was in deploy for production',
    },
  ];
}
