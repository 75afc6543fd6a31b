import {
  DatasetIndex,
  componentRef,
  Scale,
  systemRef,
  teamRef,
} from './dataset';
import { Operation } from './load';

export interface Scenario {
  id: string;
  title: string;
  /** Reads are compared with the catalog and across scales; ingestion by rate. */
  kind: 'reference' | 'read' | 'ingest';
  concurrency: number;
  next: (sequence: number) => Operation;
}

export interface ScenarioContext {
  scale: Scale;
  index: DatasetIndex;
  userToken: string;
  ciToken: string;
  now: Date;
  readConcurrency: number;
  runId: string;
}

const DAY = 24 * 3600 * 1000;

/** The same pseudo-random choices in every run, spread over the whole data set. */
function chooser(seed: number) {
  return (sequence: number) =>
    (Math.imul(sequence + 1, 2654435761) ^ seed) >>> 0;
}

export function scenarios(context: ScenarioContext): Scenario[] {
  const { scale, index, userToken, ciToken, now } = context;
  const choose = chooser(17);
  const at = (sequence: number, count: number) => choose(sequence) % count;
  const component = (sequence: number) =>
    componentRef(at(sequence, scale.components));
  const user = (path: string) => ({ path, token: userToken });
  const concurrency = context.readConcurrency;

  const sections = [
    'phase=build,test,deploy,review&order=asc',
    'phase=plan,design&order=asc',
    'phase=closed,cancelled&order=desc',
  ];
  const monthStart = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1),
  );
  const monthEnd = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1),
  );

  return [
    {
      id: 'catalog',
      title: 'Catalog GET /entities/by-name (reference)',
      kind: 'reference',
      concurrency,
      next: s =>
        user(
          `/api/catalog/entities/by-name/component/default/${
            component(s).split('/')[1]
          }`,
        ),
    },
    {
      id: 'list',
      title: 'Releases tab list (a component, one section)',
      kind: 'read',
      concurrency,
      next: s =>
        user(
          `/api/releases/releases?entityRef=${encodeURIComponent(
            component(s),
          )}&${sections[s % sections.length]}&limit=25`,
        ),
    },
    {
      id: 'detail',
      title: 'Release detail with approvals (2 calls in parallel)',
      kind: 'read',
      concurrency,
      next: s => {
        const id = index.recentReleaseIds[at(s, index.recentReleaseIds.length)];
        return [
          user(`/api/releases/releases/${id}`),
          user(`/api/releases/releases/${id}/approvals`),
        ];
      },
    },
    {
      id: 'matrix',
      title: 'Versions matrix of a 50-component system',
      kind: 'read',
      concurrency,
      next: s =>
        user(
          `/api/releases/versions?system=${encodeURIComponent(
            systemRef(at(s, scale.systems)),
          )}&limit=50`,
        ),
    },
    {
      id: 'gate',
      title: 'Deployment gate (pipeline token)',
      kind: 'read',
      concurrency,
      next: s => {
        const target =
          s % 2 === 0 && index.inDeploy.length > 0
            ? index.inDeploy[at(s, index.inDeploy.length)]
            : { entityRef: component(s), version: '9.9.9' };
        return {
          path: `/api/releases/gate?entityRef=${encodeURIComponent(
            target.entityRef,
          )}&environment=production&version=${target.version}`,
          token: ciToken,
        };
      },
    },
    {
      id: 'calendar',
      title: "Calendar month of a system's releases",
      kind: 'read',
      concurrency,
      next: s =>
        user(
          `/api/releases/calendar?from=${monthStart.toISOString()}&to=${monthEnd.toISOString()}&system=${encodeURIComponent(
            systemRef(at(s, scale.systems)),
          )}`,
        ),
    },
    {
      id: 'kpis',
      title: "KPIs of one owner's components over a year",
      kind: 'read',
      concurrency,
      next: s =>
        user(
          `/api/releases/metrics?owner=${encodeURIComponent(
            teamRef(at(s, scale.systems)),
          )}&from=${new Date(
            now.getTime() - 365 * DAY,
          ).toISOString()}&to=${now.toISOString()}&bucket=month`,
        ),
    },
    {
      id: 'ingest',
      title: 'POST /deployments, 16 concurrent pipelines',
      kind: 'ingest',
      concurrency: 16,
      next: s => ({
        method: 'POST',
        path: '/api/releases/deployments',
        token: ciToken,
        body: {
          entityRef: component(s),
          environment: s % 2 === 0 ? 'dev' : 'staging',
          version: `2.0.${s}`,
          status: 'succeeded',
          source: 'bench-ingest',
          externalId: `${context.runId}-${s}`,
        },
      }),
    },
  ];
}
