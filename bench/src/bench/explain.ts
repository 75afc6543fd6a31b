import { Knex } from 'knex';
import { KnexDeploymentStore } from '@backstage-itsm/plugin-releases-backend/src/configuration/KnexDeploymentStore';
import { ApprovalStore } from '@backstage-itsm/plugin-releases-backend/src/approvals/ApprovalStore';
import { KnexReleaseStore } from '@backstage-itsm/plugin-releases-backend/src/releases/KnexReleaseStore';
import { MetricsStore } from '@backstage-itsm/plugin-releases-backend/src/review/MetricsStore';
import { ReviewStore } from '@backstage-itsm/plugin-releases-backend/src/review/ReviewStore';
import { componentRef, DatasetIndex, Scale } from './dataset';

export interface QueryPlan {
  scenario: string;
  /** Which of the scenario's store calls issued it. */
  query: string;
  sql: string;
  plan: string;
}

interface Captured {
  sql: string;
  bindings: unknown[];
}

const DAY = 24 * 3600 * 1000;

/**
 * Runs the plugin's own stores against the benchmark database for each
 * scenario's hot path, captures the SQL they issue and asks the database
 * for its plan (PostgreSQL: EXPLAIN ANALYZE; SQLite: EXPLAIN QUERY PLAN).
 */
export async function explainHotQueries(
  knex: Knex,
  scale: Scale,
  index: DatasetIndex,
  now: Date,
): Promise<QueryPlan[]> {
  const releases = new KnexReleaseStore(knex);
  const deployments = new KnexDeploymentStore(knex);
  const approvals = new ApprovalStore(knex);
  const metrics = new MetricsStore(knex);
  const reviews = new ReviewStore(knex);
  const perSystem = scale.components / scale.systems;
  const systemRefs = Array.from({ length: perSystem }, (_, i) =>
    componentRef(perSystem + i),
  );
  const component = componentRef(Math.floor(scale.components / 2));
  const releaseId = index.recentReleaseIds[0];
  const monthStart = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1),
  );
  const monthEnd = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1),
  );

  const hotPaths: Array<{
    scenario: string;
    query: string;
    run: () => Promise<unknown>;
  }> = [
    {
      scenario: 'list',
      query: "a component's closed releases",
      run: () =>
        releases.list(
          {
            scopes: [{ entityRefs: [component], owners: [] }],
            phases: ['closed', 'cancelled'],
          },
          { limit: 25, offset: 0, order: 'desc' },
        ),
    },
    {
      scenario: 'detail',
      query: 'the release',
      run: () => releases.get(releaseId),
    },
    {
      scenario: 'detail',
      query: 'its approval decisions',
      run: () => approvals.decisions([releaseId]),
    },
    {
      scenario: 'detail',
      query: 'its review',
      run: () => reviews.getReview(releaseId),
    },
    {
      scenario: 'matrix',
      query: 'current versions',
      run: () =>
        deployments.currentVersions(systemRefs, { limit: 50, offset: 0 }),
    },
    {
      scenario: 'matrix',
      query: 'active plans (releases in deploy or review)',
      run: () => releases.activeVersionPlans(systemRefs),
    },
    {
      scenario: 'gate',
      query:
        'releases in deploy (also what a production deployment report asks)',
      run: () => releases.inDeployFor(component),
    },
    {
      scenario: 'calendar',
      query: "the system's releases in the month",
      run: () =>
        releases.list(
          {
            scopes: [{ entityRefs: systemRefs, owners: [] }],
            from: monthStart.toISOString(),
            to: monthEnd.toISOString(),
          },
          { limit: 2000, offset: 0, order: 'asc' },
        ),
    },
    {
      scenario: 'kpis',
      query: 'KPIs',
      run: () =>
        metrics.metrics({
          entityRefs: systemRefs,
          from: new Date(now.getTime() - 365 * DAY).toISOString(),
          to: now.toISOString(),
          bucket: 'month',
          productionEnvironments: ['production'],
        }),
    },
  ];

  const isPg = knex.client.config.client === 'pg';
  const plans: QueryPlan[] = [];
  for (const { scenario, query: label, run } of hotPaths) {
    const captured: Captured[] = [];
    const listener = (query: { sql: string; bindings?: unknown[] }) =>
      captured.push({ sql: query.sql, bindings: query.bindings ?? [] });
    knex.on('query', listener);
    try {
      await run();
    } finally {
      knex.removeListener('query', listener);
    }
    for (const query of captured.filter(q =>
      /^\s*(select|with)/i.test(q.sql),
    )) {
      plans.push({
        scenario,
        query: label,
        sql: query.sql,
        plan: isPg
          ? await explainPg(knex, query)
          : await explainSqlite(knex, query),
      });
    }
  }
  return plans;
}

async function explainPg(knex: Knex, query: Captured): Promise<string> {
  const sql = `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${query.sql}`;
  const result = /\$\d/.test(query.sql)
    ? await withConnection(knex, connection =>
        connection.query(sql, query.bindings),
      )
    : await knex.raw(sql, query.bindings as Knex.RawBinding[]);
  return (result.rows as Array<{ 'QUERY PLAN': string }>)
    .map(row => row['QUERY PLAN'])
    .join('\n');
}

async function withConnection<T>(
  knex: Knex,
  run: (connection: {
    query: (sql: string, values: unknown[]) => Promise<T>;
  }) => Promise<T>,
): Promise<T> {
  const connection = await knex.client.acquireConnection();
  try {
    return await run(connection);
  } finally {
    await knex.client.releaseConnection(connection);
  }
}

async function explainSqlite(knex: Knex, query: Captured): Promise<string> {
  // As knex hands them to better-sqlite3: instants as epoch ms, booleans as 0/1.
  const bindings = query.bindings.map(b => {
    if (b instanceof Date) return b.getTime();
    if (typeof b === 'boolean') return Number(b);
    return b;
  });
  const rows: Array<{ id: number; parent: number; detail: string }> =
    await knex.raw(
      `EXPLAIN QUERY PLAN ${query.sql}`,
      bindings as Knex.RawBinding[],
    );
  const depth = new Map<number, number>([[0, 0]]);
  return rows
    .map(row => {
      const level = (depth.get(row.parent) ?? 0) + 1;
      depth.set(row.id, level);
      return `${'  '.repeat(level - 1)}${row.detail}`;
    })
    .join('\n');
}
