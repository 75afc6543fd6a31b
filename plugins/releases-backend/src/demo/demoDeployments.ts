import { DateTime } from 'luxon';
import { NewDeployment } from '../configuration/DeploymentStore';

/** Components of the demo catalog with the version each runs everywhere two weeks ago. */
const HISTORY: Array<[string, [number, number]]> = [
  ['payments-api', [2, 4]],
  ['ledger-service', [2, 9]],
  ['fraud-detector', [1, 7]],
  ['payments-db', [15, 4]],
  ['settlement-batch', [1, 9]],
  ['storefront-web', [7, 0]],
  ['checkout-service', [3, 1]],
  ['cart-service', [1, 13]],
  ['catalog-service', [5, 3]],
  ['search-service', [0, 8]],
  ['auth-service', [4, 0]],
  ['api-gateway', [2, 2]],
  ['notification-service', [1, 9]],
];

/** The version `stepsBack` minor releases before `major.minor`. */
function versionBefore([major, minor]: [number, number], stepsBack: number) {
  const m = minor - stepsBack;
  return m >= 0 ? `${major}.${m}.0` : `${major - 1}.${12 + m}.0`;
}

/** A small deterministic generator so every demo start looks the same. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/**
 * Four months of promotions development → staging → production for every
 * demo component, with some failed attempts. Production changes of the past
 * were approved in the change system the portal replaced.
 */
export function demoDeploymentHistory(today: DateTime): NewDeployment[] {
  const next = random(42);
  const deployments: NewDeployment[] = [];
  let counter = 0;
  const push = (
    d: Omit<
      NewDeployment,
      'source' | 'externalId' | 'actor' | 'commit' | 'url'
    > & { actor?: string },
  ) => {
    counter++;
    deployments.push({
      source: 'github-actions',
      externalId: `demo-${counter}`,
      actor: d.actor ?? 'ci-pipeline',
      commit: (counter * 2654435761).toString(16).slice(0, 7).padStart(7, '0'),
      url: null,
      ...d,
    });
  };

  HISTORY.forEach(([name, target], index) => {
    const entityRef = `component:default/${name}`;
    const days: number[] = [];
    for (
      let day = -120 + index * 2;
      day < -14;
      day += 12 + Math.floor(next() * 14)
    ) {
      days.push(day);
    }
    days.forEach((day, i) => {
      const version = versionBefore(target, days.length - 1 - i);
      const at = (offsetDays: number, hour: number) =>
        today
          .plus({ days: day + offsetDays })
          .set({ hour, minute: Math.floor(next() * 60) })
          .toISO()!;
      push({
        entityRef,
        environment: 'development',
        version,
        status: 'succeeded',
        deployedAt: at(0, 10),
        releaseId: null,
        authorized: true,
        authorizationReason: 'development is not a gated environment',
      });
      if (next() < 0.2) {
        push({
          entityRef,
          environment: 'staging',
          version,
          status: 'failed',
          deployedAt: at(1, 9),
          releaseId: null,
          authorized: true,
          authorizationReason: 'staging is not a gated environment',
        });
      }
      push({
        entityRef,
        environment: 'staging',
        version,
        status: 'succeeded',
        deployedAt: at(1, 11),
        releaseId: null,
        authorized: true,
        authorizationReason: 'staging is not a gated environment',
      });
      const failedInProduction = next() < 0.1;
      push({
        entityRef,
        environment: 'production',
        version,
        status: failedInProduction ? 'rolled_back' : 'succeeded',
        deployedAt: at(3, 14),
        releaseId: null,
        authorized: true,
        authorizationReason:
          'approved in the previous change system (demo history)',
      });
    });
  });
  return deployments;
}
