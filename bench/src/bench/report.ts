import { HeavyKindResult, StarvationResult } from './starvation';
import {
  formatRatio,
  Report,
  RunResult,
  ScenarioSummary,
  TITLES,
} from './summary';

const fixed = (value: number, digits = 2) => value.toFixed(digits);
const databaseName = (run: RunResult) =>
  run.database === 'pg' ? 'PostgreSQL' : 'SQLite';
const count = (value: number) => value.toLocaleString('en-US');

function p95WithSpread(result: ScenarioSummary): string {
  return result.repetitions > 1
    ? `${result.p95} (${result.p95Spread.min}–${result.p95Spread.max})`
    : String(result.p95);
}

function runTable(report: Report, run: RunResult): string {
  const lines = [
    `### ${databaseName(run)}, ${run.scale}`,
    '',
    `Data: ${Object.entries(run.rows)
      .map(([table, n]) => `${table} ${count(n)}`)
      .join(', ')}; ${count(run.catalogEntities)} catalog entities. ` +
      `Generated in ${fixed(
        run.generationSeconds,
        0,
      )} s; newer migrations run on it: ${
        run.upgradeMigrations.map(m => `\`${m}\``).join(', ') || 'none'
      }, then vacuumed and analysed (${fixed(
        run.upgradeSeconds,
        0,
      )} s); backend up and catalog ingested in ${fixed(
        run.catalogSeconds,
        0,
      )} s${
        run.freezeRestartSeconds === null
          ? ''
          : `; restarted for the freeze phase in ${fixed(
              run.freezeRestartSeconds,
              0,
            )} s`
      }.`,
    '',
    `The gate for \`${
      run.freezeCheck.entityRef
    }\` (its system is under the freeze selector), steady phase: ${run.freezeCheck.steady.join(
      '; ',
    )}${
      run.freezeCheck.freeze
        ? `; freeze phase: ${run.freezeCheck.freeze.join('; ')}`
        : ''
    }.`,
    '',
    '| Scenario | p50 ms | p95 ms (min–max) | p99 ms | ops/s | errors | p95 ÷ catalog, median (min–max) | p95 large ÷ small |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [scenario, r] of Object.entries(run.results)) {
    const g =
      run.scale === 'large'
        ? report.growth[run.database]?.[scenario]
        : undefined;
    lines.push(
      `| ${TITLES[scenario] ?? scenario} | ${r.p50} | ${p95WithSpread(r)} | ${
        r.p99
      } | ${r.throughput} | ${r.errors} | ${formatRatio(r.ratio)} | ${
        g === undefined ? '—' : `${fixed(g)}×`
      } |`,
    );
  }
  return lines.join('\n');
}

function comparisonTable(report: Report): string[] {
  const scenarios = [
    ...new Set([
      ...Object.keys(report.growth.sqlite ?? {}),
      ...Object.keys(report.growth.pg ?? {}),
    ]),
  ];
  if (scenarios.length === 0) {
    return [];
  }
  const cell = (value: number | undefined) =>
    value === undefined ? '—' : `${fixed(value)}×`;
  return [
    '## Growth and databases (p95 medians)',
    '',
    '| Scenario | SQLite large ÷ small | PostgreSQL large ÷ small | SQLite large ÷ PostgreSQL large |',
    '|---|---:|---:|---:|',
    ...scenarios.map(
      scenario =>
        `| ${TITLES[scenario] ?? scenario} | ${cell(
          report.growth.sqlite?.[scenario],
        )} | ${cell(report.growth.pg?.[scenario])} | ${cell(
          report.sqliteToPg[scenario],
        )} |`,
    ),
    '',
  ];
}

function sentAs(kind: HeavyKindResult): string {
  return kind.variants
    .map(variant => {
      const sizes = Object.entries(variant.values)
        .filter(([name]) => variant.boundBy[name])
        .map(
          ([name, value]) =>
            `${name} ${count(value)} ${variant.units[name]} (${
              variant.boundBy[name] === 'none'
                ? 'no limit found'
                : `${variant.boundBy[name]} limit`
            })`,
        );
      return sizes.length
        ? `${variant.name}: ${sizes.join(', ')}`
        : variant.name;
    })
    .join('; ');
}

function starvationSection(run: RunResult, s: StarvationResult): string[] {
  const statuses = (kind: HeavyKindResult) =>
    Object.entries(kind.statuses)
      .map(([status, n]) => `${status}: ${count(n)}`)
      .join(', ') || '—';
  return [
    `### ${databaseName(run)}, ${run.scale}`,
    '',
    `Gate p95 idle ${s.idle.p95} ms (p50 ${s.idle.p50} ms, ${count(
      s.idle.operations,
    )} calls); under ${s.heavyClients} heavy clients ${s.loaded.p95} ms (p50 ${
      s.loaded.p50
    } ms, ${count(s.loaded.operations)} calls, gate errors ${
      s.loaded.errors
    }): **${
      s.ratio === null ? 'no gate call answered' : `${fixed(s.ratio)}× idle`
    }** (target ≤ ${s.target}×: ${
      s.ratio !== null && s.ratio <= s.target ? 'met' : '**missed**'
    }). Calibration took ${fixed(s.calibrationSeconds, 0)} s${
      s.calibrationFailures.length
        ? `; failures while calibrating: ${s.calibrationFailures.join('; ')}`
        : ''
    }.`,
    '',
    '| Request kind | Sent as | Answers (status: count) | Unanswered at the end | 5xx and failed connections | mean ms | max ms |',
    '|---|---|---|---:|---:|---:|---:|',
    ...s.kinds.map(
      kind =>
        `| ${kind.title} | ${sentAs(kind)} | ${statuses(kind)} | ${
          kind.cutOff
        } | ${kind.failures} | ${kind.meanMs ?? '—'} | ${kind.maxMs ?? '—'} |`,
    ),
    '',
  ];
}

export function renderReport(report: Report): string {
  const { machine, settings } = report;
  const sections = [
    `# Benchmark ${report.date.slice(0, 10)} (--scale ${report.scale})`,
    '',
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}. ` +
      `The backend (packages/backend: catalog, auth, permissions with the allow-all policy, releases) runs in its own process with NODE_ENV=production; ` +
      `the load generator runs in the bench process: ${settings.readConcurrency} closed-loop clients per read scenario, ${settings.ingestConcurrency} for ingestion, ` +
      `${settings.warmupSeconds} s warm-up then ${settings.measureSeconds} s measured. Latencies are per operation.`,
    '',
    `Each scenario is measured ${settings.repetitions} times, interleaved with the catalog reference (ref, A, ref, B, …, ref, then the next repetition), ` +
      `so the repetitions of a scenario lie minutes apart. Every figure is the median of its repetitions; a ratio to the catalog is the scenario's p95 ÷ the mean p95 ` +
      `of the two reference measurements around it, given as the median and (min–max) of the ${settings.repetitions} ratios; growth is large ÷ small from the medians. ` +
      `The catalog row is the median of every reference measurement of the run.`,
    '',
    settings.freezeWindows,
    '',
  ];
  if (report.targets.length > 0) {
    sections.push(
      report.targetScale
        ? `## Targets (PostgreSQL, ${report.targetScale})`
        : '## Targets',
      '',
      ...(report.targetScale !== 'small'
        ? []
        : [
            'The targets apply at large scale; at small scale they are shown for orientation.',
            '',
          ]),
      '| Target | Measured | Met |',
      '|---|---:|:---:|',
      ...report.targets.map(
        c => `| ${c.target} | ${c.measured} | ${c.met ? 'yes' : '**no**'} |`,
      ),
      '',
    );
  }
  const starved = report.runs.filter(r => r.starvation);
  if (starved.length > 0) {
    sections.push(
      '## Starvation: the gate while one user sends the most expensive requests',
      '',
      `The gate (production, pipeline token, ${
        starved[0].starvation!.gateClients
      } clients) measured alone, then while ${
        starved[0].starvation!.heavyClients
      } clients of one signed-in user send, each in turn, the heaviest request ` +
        'of every kind below, sized at run time to the largest the limits allow: each size is searched against the exported schema, then ' +
        'confirmed against the server (which may bound it further), then all sizes together. 4xx and 429 answers are counted, not failures; ' +
        '5xx answers and failed connections are failures; requests still unanswered when the measurement ends are counted apart.',
      '',
    );
    for (const run of starved) {
      sections.push(...starvationSection(run, run.starvation!));
    }
  }
  sections.push('## Results', '');
  for (const run of report.runs) {
    sections.push(runTable(report, run), '');
  }
  sections.push(...comparisonTable(report));
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
          `**${TITLES[plan.scenario] ?? plan.scenario}**${
            plan.query ? ` — ${plan.query}` : ''
          }`,
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
