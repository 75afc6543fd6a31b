import fs from 'node:fs';
import path from 'node:path';
import { formatRatio, growth, Report, RunResult, TITLES } from './summary';

const resultsDir = path.resolve(__dirname, '../../results');

function newestResults(): string {
  const files = fs
    .readdirSync(resultsDir)
    .filter(f => f.endsWith('.json'))
    .map(f => path.join(resultsDir, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (files.length === 0) {
    throw new Error(`no results in ${resultsDir}; run npm run bench first`);
  }
  return files[0];
}

const COLUMNS: Array<[RunResult['database'], RunResult['scale']]> = [
  ['sqlite', 'small'],
  ['sqlite', 'large'],
  ['pg', 'small'],
  ['pg', 'large'],
];

function readmeTables(report: Report): string {
  const run = (database: string, scale: string) =>
    report.runs.find(r => r.database === database && r.scale === scale);
  const pgLarge = run('pg', 'large');
  const scenarios = Object.keys(TITLES).filter(id =>
    report.runs.some(r => r.results[id]),
  );
  const lines = [
    '| Scenario | SQLite small | SQLite large | PostgreSQL small | PostgreSQL large | PG large ÷ catalog | PG large ÷ small |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const id of scenarios) {
    const cells = COLUMNS.map(([database, scale]) => {
      const result = run(database, scale)?.results[id];
      if (!result) {
        return '—';
      }
      return result.kind === 'ingest'
        ? `${Math.round(result.throughput)}/s`
        : `${result.p95} ms`;
    });
    const kind = report.runs.find(r => r.results[id])!.results[id].kind;
    const g = kind === 'ingest' ? undefined : growth(report.runs, 'pg', id);
    lines.push(
      `| ${TITLES[id]}${
        kind === 'ingest' ? ' (throughput)' : ''
      } | ${cells.join(' | ')} | ${formatRatio(
        pgLarge?.results[id]?.ratio ?? null,
      )} | ${g === undefined ? '—' : `${g.toFixed(2)}×`} |`,
    );
  }
  const starved = report.runs.filter(r => r.starvation);
  if (starved.length > 0) {
    lines.push(
      '',
      '| Starvation: gate p95 | idle | under 10 heavy clients | loaded ÷ idle (target ≤ 2×) |',
      '|---|---:|---:|---:|',
      ...starved.map(
        r =>
          `| ${r.database === 'pg' ? 'PostgreSQL' : 'SQLite'} ${r.scale} | ${
            r.starvation!.idle.p95
          } ms | ${r.starvation!.loaded.p95} ms | ${
            r.starvation!.ratio === null
              ? 'no answer'
              : `${r.starvation!.ratio.toFixed(2)}×`
          } |`,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `npm run bench -- --readme-table [bench/results/<date>.json]`: prints the
 * README's "Scale and reliability" tables from a results file (by default
 * the newest in bench/results): p95 medians per database and scale, the
 * PostgreSQL large ratio to the catalog with its spread, the growth from
 * small to large, and the starvation figures.
 */
export function printReadmeTables(file?: string) {
  // npm runs workspace scripts in the workspace; paths are meant from where it was called.
  const resolved = file
    ? path.resolve(process.env.INIT_CWD ?? process.cwd(), file)
    : newestResults();
  const report = JSON.parse(fs.readFileSync(resolved, 'utf8')) as Report;
  process.stdout.write(
    `<!-- p95 medians of ${
      report.settings.repetitions
    } repetitions, from ${path.basename(resolved)} -->\n${readmeTables(
      report,
    )}`,
  );
}
