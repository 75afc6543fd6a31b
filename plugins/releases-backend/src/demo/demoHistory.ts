import { DateTime } from 'luxon';
import { ApprovalStore } from '../approvals/ApprovalStore';
import {
  DeploymentStore,
  NewDeployment,
} from '../configuration/DeploymentStore';
import { ReleaseStore } from '../releases/ReleaseStore';
import { ReviewStore } from '../review/ReviewStore';

const TEAMS: Record<
  string,
  { owner: string; creator: string; approver: string }
> = {
  payments: {
    owner: 'group:default/payments-team',
    creator: 'user:default/alice',
    approver: 'user:default/bob',
  },
  storefront: {
    owner: 'group:default/storefront-team',
    creator: 'user:default/carol',
    approver: 'user:default/dave',
  },
  platform: {
    owner: 'group:default/platform-team',
    creator: 'user:default/frank',
    approver: 'user:default/erin',
  },
};

const SYSTEM_OF: Record<string, keyof typeof TEAMS> = {
  'payments-api': 'payments',
  'ledger-service': 'payments',
  'fraud-detector': 'payments',
  'payments-db': 'payments',
  'settlement-batch': 'payments',
  'storefront-web': 'storefront',
  'checkout-service': 'storefront',
  'cart-service': 'storefront',
  'catalog-service': 'storefront',
  'search-service': 'storefront',
  'auth-service': 'platform',
  'api-gateway': 'platform',
  'notification-service': 'platform',
};

const INCIDENT_TITLES = [
  'Elevated 5xx rate',
  'Latency above SLO',
  'Error budget burn',
  'Queue backlog growing',
  'Health checks failing on one zone',
];

/**
 * Gives the demo's past production deployments the releases they went out
 * under — planned, approved, deployed, reviewed and closed — and the
 * incidents some of them caused, so that the calendar, the approvals
 * dry-run and the KPI charts have months of history to show.
 */
export async function seedHistory(options: {
  history: NewDeployment[];
  releases: ReleaseStore;
  deployments: DeploymentStore;
  approvals: ApprovalStore;
  reviews: ReviewStore;
  today: DateTime;
}) {
  const { releases, deployments, approvals, reviews } = options;
  let n = 0;
  let random = 7;
  const next = () => {
    random = (random * 1103515245 + 12345) % 2147483648;
    return random / 2147483648;
  };

  for (const deployment of options.history) {
    if (deployment.environment !== 'production') {
      await deployments.record(deployment);
      continue;
    }
    n++;
    const name = deployment.entityRef.split('/')[1];
    const team = TEAMS[SYSTEM_OF[name]];
    const id = `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;
    const deployedAt = DateTime.fromISO(deployment.deployedAt);
    const createdAt = deployedAt.minus({ days: 6 + Math.floor(next() * 8) });
    const plannedStart = deployedAt.minus({ hours: 2 }).startOf('hour');
    await releases.create(
      {
        id,
        title: `${name} ${deployment.version}`,
        description: `Routine release of ${name} ${deployment.version}.`,
        type: 'minor',
        phase: 'plan',
        plannedStart: plannedStart.toISO()!,
        plannedEnd: plannedStart.plus({ hours: 6 }).toISO()!,
        owner: team.owner,
        createdBy: team.creator,
        components: [
          { entityRef: deployment.entityRef, version: deployment.version },
        ],
        environments: ['staging', 'production'],
      },
      { type: 'created', actor: team.creator, at: createdAt.toJSDate() },
    );
    const steps: Array<[string, DateTime]> = [
      ['design', createdAt.plus({ days: 1 })],
      ['build', createdAt.plus({ days: 2 })],
      ['test', deployedAt.minus({ days: 2 })],
      ['deploy', deployedAt.minus({ hours: 1 })],
      ['review', deployedAt.plus({ days: 1 })],
    ];
    for (const [phase, at] of steps) {
      if (phase === 'deploy') {
        await approvals.record({
          releaseId: id,
          round: 1,
          approver: team.approver,
          onBehalfOf: team.owner,
          decision: 'approved',
          comment: '',
          decidedAt: at.minus({ hours: 3 }).toISO()!,
        });
      }
      await releases.update(id, {
        set: {
          phase: phase as never,
          ...(phase === 'build' ? { actualStart: at.toISO()! } : {}),
        },
        event: { type: 'transitioned', actor: team.creator, at: at.toJSDate() },
      });
    }

    const { deployment: recorded } = await deployments.record({
      ...deployment,
      releaseId: id,
      authorized: true,
      authorizationReason: `release ${id} was in deploy`,
    });

    // Roughly one production deployment in six causes an incident.
    let incidentSeverity: string | undefined;
    if (deployment.status === 'rolled_back' || next() < 0.17) {
      const severities = ['critical', 'high', 'medium', 'low'] as const;
      const severity = severities[Math.floor(next() * severities.length)];
      incidentSeverity = severity;
      const openedAt = deployedAt.plus({
        minutes: 20 + Math.floor(next() * 600),
      });
      await reviews.recordIncident(
        {
          entityRef: deployment.entityRef,
          environment: 'production',
          severity,
          title: `${
            INCIDENT_TITLES[Math.floor(next() * INCIDENT_TITLES.length)]
          } on ${name}`,
          openedAt: openedAt.toISO()!,
          resolvedAt: openedAt
            .plus({ minutes: 15 + Math.floor(next() * 240) })
            .toISO()!,
          url: null,
          source: 'alertmanager',
          externalId: `demo-incident-${recorded.id}`,
        },
        24 * 3600 * 1000,
      );
    }

    const reviewedAt = deployedAt.plus({ days: 2 });
    let outcome:
      | 'successful'
      | 'partially_successful'
      | 'failed'
      | 'rolled_back' = 'successful';
    if (deployment.status === 'rolled_back') outcome = 'rolled_back';
    else if (incidentSeverity === 'critical') outcome = 'failed';
    else if (incidentSeverity) outcome = 'partially_successful';
    await reviews.saveReview(
      {
        releaseId: id,
        outcome,
        wentWell: 'Rolled out with the usual canary steps.',
        wentWrong: incidentSeverity
          ? 'An incident followed the deployment.'
          : '',
        actions: incidentSeverity
          ? [
              {
                description: 'Add an alert for the failure mode we missed',
                owner: team.approver,
              },
            ]
          : [],
        reviewedBy: team.creator,
        reviewedAt: reviewedAt.toISO()!,
      },
      'review',
    );
    await releases.update(id, {
      set: {
        phase: 'closed',
        actualEnd: reviewedAt.plus({ hours: 1 }).toISO()!,
      },
      event: {
        type: 'transitioned',
        actor: team.creator,
        at: reviewedAt.plus({ hours: 1 }).toJSDate(),
      },
    });
  }
  return n;
}
