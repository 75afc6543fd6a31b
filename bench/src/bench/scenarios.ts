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
  /**
   * `steady`: no freeze window active; `freeze`: measured after a restart with
   * a selector freeze active (see freezes.ts). The reference runs in both.
   */
  phase: 'steady' | 'freeze' | 'both';
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

  /** Half the calls for a release in deploy (the gate passes), half for an unplanned version. */
  const gated = (sequence: number) =>
    sequence % 2 === 0 && index.inDeploy.length > 0
      ? index.inDeploy[at(sequence, index.inDeploy.length)]
      : { entityRef: component(sequence), version: `9.9.${sequence}` };
  const gate = (sequence: number): Operation => {
    const target = gated(sequence);
    return {
      path: `/api/releases/gate?entityRef=${encodeURIComponent(
        target.entityRef,
      )}&environment=production&version=${encodeURIComponent(target.version)}`,
      token: ciToken,
    };
  };

  // Every report is new: a sequence restarts with each measurement, this
  // counter does not (a repeated source + externalId would be answered from
  // the first record).
  let reports = 0;
  const report = (
    target: { entityRef: string; version: string },
    environment: string,
  ): Operation => {
    const n = reports++;
    return {
      method: 'POST',
      path: '/api/releases/deployments',
      token: ciToken,
      body: {
        entityRef: target.entityRef,
        environment,
        version: target.version,
        status: 'succeeded',
        source: 'bench-ingest',
        externalId: `${context.runId}-${n}`,
      },
    };
  };
  const productionReport = (sequence: number) =>
    report(gated(sequence), 'production');

  return [
    {
      id: 'catalog',
      title: 'Catalog GET /entities/by-name (reference)',
      kind: 'reference',
      phase: 'both',
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
      phase: 'steady',
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
      title: 'Release detail with approvals (one request)',
      kind: 'read',
      phase: 'steady',
      concurrency,
      next: s =>
        user(
          `/api/releases/releases/${
            index.recentReleaseIds[at(s, index.recentReleaseIds.length)]
          }`,
        ),
    },
    {
      id: 'matrix',
      title: 'Versions matrix of a 50-component system',
      kind: 'read',
      phase: 'steady',
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
      title: 'Deployment gate, production (pipeline token)',
      kind: 'read',
      phase: 'steady',
      concurrency,
      next: gate,
    },
    {
      id: 'calendar',
      title: "Calendar month of a system's releases",
      kind: 'read',
      phase: 'steady',
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
      phase: 'steady',
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
      title: 'POST /deployments to dev and staging, 16 concurrent pipelines',
      kind: 'ingest',
      phase: 'steady',
      concurrency: 16,
      next: s =>
        report(
          { entityRef: component(s), version: `2.0.${s}` },
          s % 2 === 0 ? 'dev' : 'staging',
        ),
    },
    {
      id: 'ingest-gated',
      title: 'POST /deployments to production (gated), 16 concurrent pipelines',
      kind: 'ingest',
      phase: 'steady',
      concurrency: 16,
      next: productionReport,
    },
    {
      id: 'gate-freeze',
      title: 'Deployment gate, production, selector freeze active',
      kind: 'read',
      phase: 'freeze',
      concurrency,
      next: gate,
    },
    {
      id: 'ingest-freeze',
      title:
        'POST /deployments to production, selector freeze active, 16 pipelines',
      kind: 'ingest',
      phase: 'freeze',
      concurrency: 16,
      next: productionReport,
    },
  ];
}
