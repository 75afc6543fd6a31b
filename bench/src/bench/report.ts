import { QueryPlan } from './explain';
import { LoadResult } from './load';

export interface RunResult {
  database: 'sqlite' | 'pg';
  scale: 'small' | 'large';
  rows: Record<string, number>;
  catalogEntities: number;
  generationSeconds: number;
  catalogSeconds: number;
  results: Record<string, LoadResult>;
  plans: QueryPlan[];
}

export interface Report {
  date: string;
  scale: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string };
  settings: {
    readConcurrency: number;
    ingestConcurrency: number;
    warmupSeconds: number;
    measureSeconds: number;
  };
  runs: RunResult[];
}

const TITLES: Record<string, string> = {
  catalog: 'Catalog `GET /entities/by-name` (reference)',
  list: 'Releases tab list',
  detail: 'Release detail with approvals',
  matrix: 'Versions matrix, 50-component system',
  gate: 'Deployment gate',
  calendar: 'Calendar month, one system',
  kpis: 'KPIs, one owner, one year',
  ingest: '`POST /deployments`, 16 clients',
};

/** The issue's targets, checked on PostgreSQL at large scale. */
const RATIO_TARGETS: Record<string, number> = {
  list: 1,
  gate: 1,
  matrix: 2,
  detail: 2,
  calendar: 5,
  kpis: 5,
};
const INGEST_TARGET = 500;
const GROWTH_TARGET = 1.5;

const fixed = (value: number, digits = 2) => value.toFixed(digits);

export function ratioToCatalog(run: RunResult, scenario: string): number {
  return run.results[scenario].p95 / run.results.catalog.p95;
}

export function growth(
  runs: RunResult[],
  database: string,
  scenario: string,
): number | undefined {
  const small = runs.find(r => r.database === database && r.scale === 'small');
  const large = runs.find(r => r.database === database && r.scale === 'large');
  if (!small?.results[scenario] || !large?.results[scenario]) {
    return undefined;
  }
  return large.results[scenario].p95 / small.results[scenario].p95;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

export function checkTargets(report: Report): TargetCheck[] {
  const run = report.runs.find(r => r.database === 'pg' && r.scale === 'large');
  if (!run) {
    return [];
  }
  const checks: TargetCheck[] = Object.entries(RATIO_TARGETS)
    .filter(([scenario]) => run.results[scenario])
    .map(([scenario, limit]) => {
      const ratio = ratioToCatalog(run, scenario);
      return {
        target: `${TITLES[scenario]}: p95 ≤ ${limit}× catalog`,
        measured: `${fixed(ratio)}×`,
        met: ratio <= limit,
      };
    });
  if (run.results.ingest) {
    checks.push({
      target: `Ingestion ≥ ${INGEST_TARGET} deployments/s`,
      measured: `${run.results.ingest.throughput}/s`,
      met: run.results.ingest.throughput >= INGEST_TARGET,
    });
  }
  for (const scenario of [...Object.keys(RATIO_TARGETS), 'catalog']) {
    const g = growth(report.runs, 'pg', scenario);
    if (g !== undefined) {
      checks.push({
        target: `${TITLES[scenario]}: p95 large ≤ ${GROWTH_TARGET}× small`,
        measured: `${fixed(g)}×`,
        met: g <= GROWTH_TARGET,
      });
    }
  }
  return checks;
}

function runTable(report: Report, run: RunResult): string {
  const lines = [
    `### ${run.database === 'pg' ? 'PostgreSQL' : 'SQLite'}, ${run.scale}`,
    '',
    `Data: ${Object.entries(run.rows)
      .map(([table, count]) => `${table} ${count.toLocaleString('en-US')}`)
      .join(', ')}; ${run.catalogEntities.toLocaleString(
      'en-US',
    )} catalog entities. Generated in ${fixed(
      run.generationSeconds,
      0,
    )} s; backend up and catalog ingested in ${fixed(
      run.catalogSeconds,
      0,
    )} s.`,
    '',
    '| Scenario | p50 ms | p95 ms | p99 ms | ops/s | errors | p95 ÷ catalog | p95 large ÷ small |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [scenario, r] of Object.entries(run.results)) {
    const g =
      run.scale === 'large'
        ? growth(report.runs, run.database, scenario)
        : undefined;
    lines.push(
      `| ${TITLES[scenario] ?? scenario} | ${r.p50} | ${r.p95} | ${r.p99} | ${
        r.throughput
      } | ${r.errors} | ${
        scenario === 'catalog' || scenario === 'ingest'
          ? '—'
          : `${fixed(ratioToCatalog(run, scenario))}×`
      } | ${g === undefined ? '—' : `${fixed(g)}×`} |`,
    );
  }
  return lines.join('\n');
}

export function renderReport(report: Report): string {
  const { machine, settings } = report;
  const sections = [
    `# Benchmark ${report.date.slice(0, 10)} (--scale ${report.scale})`,
    '',
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}. ` +
      `The backend (packages/backend: catalog, auth, permissions with the allow-all policy, releases) runs in its own process with NODE_ENV=production; ` +
      `the load generator runs in the bench process: ${settings.readConcurrency} closed-loop clients per read scenario, ${settings.ingestConcurrency} for ingestion, ` +
      `${settings.warmupSeconds} s warm-up then ${settings.measureSeconds} s measured. Latencies are per operation (the detail issues its two calls in parallel).`,
    '',
  ];
  const checks = checkTargets(report);
  if (checks.length > 0) {
    sections.push(
      '## Targets (PostgreSQL, large)',
      '',
      '| Target | Measured | Met |',
      '|---|---:|:---:|',
      ...checks.map(
        c => `| ${c.target} | ${c.measured} | ${c.met ? 'yes' : '**no**'} |`,
      ),
      '',
    );
  }
  sections.push('## Results', '');
  for (const run of report.runs) {
    sections.push(runTable(report, run), '');
  }
  const planned = report.runs.filter(r => r.plans.length > 0);
  if (planned.length > 0) {
    sections.push('## Query plans', '');
    for (const run of planned) {
      sections.push(
        `### ${
          run.database === 'pg'
            ? 'PostgreSQL (EXPLAIN ANALYZE)'
            : 'SQLite (EXPLAIN QUERY PLAN)'
        }, ${run.scale}`,
        '',
      );
      for (const plan of run.plans) {
        sections.push(
          `**${TITLES[plan.scenario] ?? plan.scenario}**`,
          '',
          '```sql',
          plan.sql.replace(/\s+/g, ' ').trim(),
          '```',
          '',
          '```',
          plan.plan,
          '```',
          '',
        );
      }
    }
  }
  return `${sections.join('\n')}\n`;
}
