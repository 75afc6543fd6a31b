import { QueryPlan } from './explain';
import { LoadResult } from './load';
import { Repetition } from './measure';
import { Scenario } from './scenarios';
import { StarvationResult } from './starvation';

/** The median of the repetitions; errors, operations and statuses summed over them. */
export interface ScenarioSummary extends LoadResult {
  title: string;
  kind: 'reference' | 'read' | 'ingest';
  phase: 'steady' | 'freeze' | 'both';
  repetitions: number;
  p95Spread: Spread;
  throughputSpread: Spread;
  /** Reads: median and spread of the p95 ratios to the catalog reference. */
  ratio: (Spread & { median: number }) | null;
}

export interface Spread {
  min: number;
  max: number;
}

export interface RunResult {
  database: 'sqlite' | 'pg';
  scale: 'small' | 'large';
  rows: Record<string, number>;
  catalogEntities: number;
  generationSeconds: number;
  /** The migrations newer than the data-set writer, run on the written data. */
  upgradeMigrations: string[];
  upgradeSeconds: number;
  catalogSeconds: number;
  /** How long the restart into the freeze phase took, if it ran. */
  freezeRestartSeconds: number | null;
  /** The gate's reasons for a component under the freeze selector, in each phase. */
  freezeCheck: { entityRef: string; steady: string[]; freeze: string[] | null };
  /** Medians per scenario; `catalog` is the median of every reference measurement. */
  results: Record<string, ScenarioSummary>;
  measurements: Record<string, Repetition[]>;
  starvation: StarvationResult | null;
  plans: QueryPlan[];
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
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
    repetitions: number;
    freezeWindows: string;
  };
  runs: RunResult[];
  /** Per database and scenario: p95 median at large ÷ at small. */
  growth: Record<string, Record<string, number>>;
  /** Per scenario: SQLite large p95 median ÷ PostgreSQL large p95 median. */
  sqliteToPg: Record<string, number>;
  /** Checked on PostgreSQL at the largest scale the report has. */
  targetScale: string | null;
  targets: TargetCheck[];
}

export const TITLES: Record<string, string> = {
  catalog: 'Catalog `GET /entities/by-name` (reference)',
  list: 'Releases tab list',
  detail: 'Release detail with approvals (one request)',
  matrix: 'Versions matrix, 50-component system',
  gate: 'Deployment gate (production)',
  'gate-freeze': 'Deployment gate (production), selector freeze active',
  calendar: 'Calendar month, one system',
  kpis: 'KPIs, one owner, one year',
  ingest: '`POST /deployments` dev/staging, 16 clients',
  'ingest-gated': '`POST /deployments` production, 16 clients',
  'ingest-freeze':
    '`POST /deployments` production, selector freeze active, 16 clients',
};

/** Issue 13's targets: p95 median ÷ catalog, on PostgreSQL at large scale. */
const RATIO_TARGETS: Record<string, number> = {
  gate: 0.7,
  'gate-freeze': 0.7,
  list: 1.2,
  detail: 1.3,
  matrix: 1.5,
  calendar: 2,
  kpis: 2,
};
const INGEST_TARGET = 1000;
const GROWTH_TARGET = 1.2;
const SQLITE_TO_PG_TARGET = 2;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

const spread = (values: number[]): Spread => ({
  min: Math.min(...values),
  max: Math.max(...values),
});
const round = (value: number, digits = 2) =>
  Math.round(value * 10 ** digits) / 10 ** digits;

function sumStatuses(results: LoadResult[]): Record<string, number> {
  const statuses: Record<string, number> = {};
  for (const result of results) {
    for (const [status, count] of Object.entries(result.statuses)) {
      statuses[status] = (statuses[status] ?? 0) + count;
    }
  }
  return statuses;
}

/** Medians of several measurements of one scenario. */
function summarize(
  scenario: Scenario,
  results: LoadResult[],
  ratios: number[],
): ScenarioSummary {
  const of = (pick: (r: LoadResult) => number) => results.map(pick);
  const ratioMedian = ratios.length ? median(ratios) : undefined;
  return {
    title: scenario.title,
    kind: scenario.kind,
    phase: scenario.phase,
    repetitions: results.length,
    operations: of(r => r.operations).reduce((a, b) => a + b, 0),
    errors: of(r => r.errors).reduce((a, b) => a + b, 0),
    statuses: sumStatuses(results),
    p50: round(median(of(r => r.p50))),
    p95: round(median(of(r => r.p95))),
    p99: round(median(of(r => r.p99))),
    mean: round(median(of(r => r.mean))),
    throughput: round(median(of(r => r.throughput)), 1),
    concurrency: results[0].concurrency,
    durationMs: results[0].durationMs,
    p95Spread: spread(of(r => r.p95)),
    throughputSpread: spread(of(r => r.throughput)),
    ratio:
      ratioMedian === undefined
        ? null
        : {
            median: round(ratioMedian, 3),
            ...spread(ratios.map(r => round(r, 3))),
          },
  };
}

/**
 * The run's results: each measured scenario's medians, and the catalog
 * reference's over every reference measurement of the run.
 */
export function summarizeScenarios(
  scenarios: Scenario[],
  measurements: Record<string, Repetition[]>,
  references: LoadResult[],
): Record<string, ScenarioSummary> {
  const results: Record<string, ScenarioSummary> = {};
  for (const scenario of scenarios) {
    const repetitions = measurements[scenario.id];
    if (scenario.kind === 'reference' && references.length > 0) {
      results[scenario.id] = summarize(scenario, references, []);
    } else if (repetitions) {
      results[scenario.id] = summarize(
        scenario,
        repetitions.map(r => r.scenario),
        repetitions.flatMap(r => (r.ratio === null ? [] : [r.ratio])),
      );
    }
  }
  return results;
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
  return round(large.results[scenario].p95 / small.results[scenario].p95, 3);
}

function compare(runs: RunResult[]) {
  const growthByDb: Report['growth'] = {};
  for (const database of ['sqlite', 'pg']) {
    const large = runs.find(
      r => r.database === database && r.scale === 'large',
    );
    // Latency growth: ingestion is judged by its rate instead.
    for (const [scenario, result] of Object.entries(large?.results ?? {})) {
      const g =
        result.kind === 'ingest' ? undefined : growth(runs, database, scenario);
      if (g !== undefined) {
        (growthByDb[database] ??= {})[scenario] = g;
      }
    }
  }
  const sqliteToPg: Report['sqliteToPg'] = {};
  const sqlite = runs.find(r => r.database === 'sqlite' && r.scale === 'large');
  const pg = runs.find(r => r.database === 'pg' && r.scale === 'large');
  for (const [scenario, result] of Object.entries(sqlite?.results ?? {})) {
    if (result.kind !== 'ingest' && pg?.results[scenario]) {
      sqliteToPg[scenario] = round(result.p95 / pg.results[scenario].p95, 3);
    }
  }
  return { growth: growthByDb, sqliteToPg };
}

const times = (value: number) => `${value.toFixed(2)}×`;

export function formatRatio(ratio: ScenarioSummary['ratio']): string {
  return ratio
    ? `${times(ratio.median)} (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)})`
    : '—';
}

/** Issue 11's starvation target, wherever it was measured. */
function starvationChecks(runs: RunResult[]): TargetCheck[] {
  return runs
    .filter(r => r.starvation)
    .map(r => {
      const { ratio, target, heavyClients } = r.starvation!;
      return {
        target: `Starvation (${
          r.database === 'pg' ? 'PostgreSQL' : 'SQLite'
        }, ${
          r.scale
        }): gate p95 under ${heavyClients} heavy clients ≤ ${target}× idle`,
        measured: ratio === null ? 'no gate call answered' : times(ratio),
        met: ratio !== null && ratio <= target,
      };
    });
}

/**
 * Issue 13's targets, on PostgreSQL at large scale. A small run checks the
 * same figures at small scale, for orientation only.
 */
function checkTargets(
  run: RunResult,
  comparison: ReturnType<typeof compare>,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const [scenario, limit] of Object.entries(RATIO_TARGETS)) {
    const ratio = run.results[scenario]?.ratio;
    if (ratio) {
      checks.push({
        target: `${TITLES[scenario]}: p95 ≤ ${limit}× catalog`,
        measured: formatRatio(ratio),
        met: ratio.median <= limit,
      });
    }
  }
  for (const [scenario, result] of Object.entries(run.results)) {
    if (result.kind === 'ingest') {
      checks.push({
        target: `${
          TITLES[scenario] ?? scenario
        }: ≥ ${INGEST_TARGET.toLocaleString('en-US')}/s`,
        measured: `${result.throughput}/s (${result.throughputSpread.min}–${result.throughputSpread.max})`,
        met: result.throughput >= INGEST_TARGET,
      });
    }
  }
  for (const [scenario, g] of Object.entries(comparison.growth.pg ?? {})) {
    if (run.results[scenario]?.kind === 'read') {
      checks.push({
        target: `${
          TITLES[scenario] ?? scenario
        }: p95 large ≤ ${GROWTH_TARGET}× small`,
        measured: times(g),
        met: g <= GROWTH_TARGET,
      });
    }
  }
  for (const [scenario, ratio] of Object.entries(comparison.sqliteToPg)) {
    if (run.results[scenario]?.kind === 'read') {
      checks.push({
        target: `${
          TITLES[scenario] ?? scenario
        }: SQLite large ≤ ${SQLITE_TO_PG_TARGET}× PostgreSQL large`,
        measured: times(ratio),
        met: ratio <= SQLITE_TO_PG_TARGET,
      });
    }
  }
  return checks;
}

/** Growth, SQLite ÷ PostgreSQL and the targets, from the runs' medians. */
export function assess(runs: RunResult[]) {
  const comparison = compare(runs);
  const run =
    runs.find(r => r.database === 'pg' && r.scale === 'large') ??
    runs.find(r => r.database === 'pg');
  return {
    ...comparison,
    targetScale: run?.scale ?? null,
    targets: [
      ...(run ? checkTargets(run, comparison) : []),
      ...starvationChecks(runs),
    ],
  };
}
