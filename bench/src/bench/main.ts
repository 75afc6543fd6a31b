/*
 * npm run bench -- --scale small|large [--db sqlite|pg|both] [--seconds N]
 *
 * For each database (SQLite, PostgreSQL) and scale (large also runs small, so
 * growth is measured in the same run): generate the data set directly in the
 * releases plugin's database, write a matching catalog, boot the real backend
 * in its own process, wait for the catalog to hold every entity, then drive
 * each scenario from this process and compare it with the catalog's own
 * by-name lookup measured on the same backend.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BackendProcess, CI_TOKEN, guestToken } from '../lib/backend';
import {
  DatabaseTarget,
  DEFAULT_PG_CONNECTION,
  migrateReleases,
  pluginKnex,
  resetDatabases,
} from '../lib/databases';
import {
  componentRef,
  ENVIRONMENTS,
  generateDataset,
  Scale,
  SCALES,
  systemRef,
  writeCatalog,
} from './dataset';
import { explainHotQueries, QueryPlan } from './explain';
import { LoadResult, runLoad } from './load';
import { renderReport, Report, RunResult } from './report';
import { scenarios } from './scenarios';

const benchRoot = path.resolve(__dirname, '../..');

function parseArgs(argv: string[]) {
  const options = {
    scale: 'small',
    db: 'both',
    seconds: 8,
    concurrency: 4,
    only: undefined as string[] | undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].replace(/^--/, '').split('=');
    const value = inline ?? argv[++i];
    if (key === 'scale' && (value === 'small' || value === 'large')) {
      options.scale = value;
    } else if (key === 'db' && ['sqlite', 'pg', 'both'].includes(value)) {
      options.db = value;
    } else if (key === 'seconds' && Number(value) > 0) {
      options.seconds = Number(value);
    } else if (key === 'concurrency' && Number(value) > 0) {
      options.concurrency = Number(value);
    } else if (key === 'only' && value) {
      options.only = ['catalog', ...value.split(',')];
    } else {
      throw new Error(
        `Unknown or invalid option ${argv[i - (inline ? 0 : 1)]} ${
          value ?? ''
        }\n` +
          'usage: npm run bench -- --scale small|large [--db sqlite|pg|both] [--seconds 8] [--concurrency 4] [--only list,gate,...]',
      );
    }
  }
  return options;
}

const log = (message: string) =>
  process.stdout.write(
    `[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`,
  );

async function waitForCatalog(
  backend: BackendProcess,
  token: string,
  scale: Scale,
) {
  const lastSystem = systemRef(scale.systems - 1);
  const perSystem = scale.components / scale.systems;
  const deadline = Date.now() + 20 * 60_000;
  while (Date.now() < deadline) {
    const res = await fetch(
      `${backend.baseUrl}/api/releases/versions?system=${encodeURIComponent(
        lastSystem,
      )}&limit=1`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    const body = res.ok
      ? ((await res.json()) as { totalCount: number })
      : undefined;
    const first = await fetch(
      `${backend.baseUrl}/api/catalog/entities/by-name/component/default/${
        componentRef(0).split('/')[1]
      }`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (body?.totalCount === perSystem && first.ok) {
      return;
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  throw new Error(
    'the catalog did not ingest the generated entities in 20 minutes',
  );
}

async function runOne(
  database: 'sqlite' | 'pg',
  scale: Scale,
  options: { seconds: number; concurrency: number; only?: string[] },
  now: Date,
): Promise<RunResult> {
  const workDir = path.join(benchRoot, 'data', `${database}-${scale.name}`);
  const target: DatabaseTarget =
    database === 'sqlite'
      ? { kind: 'sqlite', directory: path.join(workDir, 'sqlite') }
      : {
          kind: 'pg',
          connection: DEFAULT_PG_CONNECTION,
          prefix: `bench_${scale.name}_`,
        };
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  await resetDatabases(target);

  log(`${database}/${scale.name}: generating the data set`);
  const generated = Date.now();
  const knex = await pluginKnex(target, 'releases');
  let backend: BackendProcess | undefined;
  try {
    await migrateReleases(knex);
    const index = await generateDataset(knex, scale, now, log);
    const catalogFile = path.join(workDir, 'catalog.yaml');
    const entities = writeCatalog(scale, catalogFile);
    const generationSeconds = (Date.now() - generated) / 1000;
    log(
      `${database}/${scale.name}: ${JSON.stringify(
        index.rows,
      )} in ${generationSeconds.toFixed(0)} s; ${entities} catalog entities`,
    );

    const booted = Date.now();
    backend = await BackendProcess.start({
      name: 'backend',
      port: 7150,
      database: target,
      workDir,
      config: {
        catalog: {
          rules: [
            { allow: ['Component', 'System', 'Group', 'User', 'Location'] },
          ],
          locations: [{ type: 'file', target: catalogFile }],
          processingInterval: { minutes: 30 },
        },
        releases: {
          environments: ENVIRONMENTS,
          demoData: { enabled: false },
        },
      },
    });
    const userToken = await guestToken(backend.baseUrl);
    await waitForCatalog(backend, userToken, scale);
    const catalogSeconds = (Date.now() - booted) / 1000;
    log(
      `${database}/${
        scale.name
      }: backend up, catalog ingested in ${catalogSeconds.toFixed(0)} s`,
    );

    const results: Record<string, LoadResult> = {};
    for (const scenario of scenarios({
      scale,
      index,
      userToken,
      ciToken: CI_TOKEN,
      now,
      readConcurrency: options.concurrency,
      runId: `${database}-${scale.name}-${Date.now()}`,
    }).filter(s => !options.only || options.only.includes(s.id))) {
      results[scenario.id] = await runLoad({
        baseUrl: backend.baseUrl,
        concurrency: scenario.concurrency,
        warmupMs: 2000,
        durationMs: options.seconds * 1000,
        next: scenario.next,
      });
      const r = results[scenario.id];
      log(
        `${database}/${scale.name} ${scenario.id.padEnd(8)} p50 ${
          r.p50
        } ms  p95 ${r.p95} ms  p99 ${r.p99} ms  ${r.throughput}/s  errors ${
          r.errors
        } ${JSON.stringify(r.statuses)}`,
      );
    }
    await backend.stop();
    backend = undefined;

    let plans: QueryPlan[] = [];
    if (scale.name === 'large' || database === 'pg') {
      plans = await explainHotQueries(knex, scale, index, now);
    }
    return {
      database,
      scale: scale.name,
      rows: index.rows,
      catalogEntities: entities,
      generationSeconds,
      catalogSeconds,
      results,
      plans,
    };
  } finally {
    await backend?.stop();
    await knex.destroy();
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const databases: Array<'sqlite' | 'pg'> =
    options.db === 'both' ? ['sqlite', 'pg'] : [options.db as 'sqlite' | 'pg'];
  const scales: Scale[] =
    options.scale === 'large' ? [SCALES.small, SCALES.large] : [SCALES.small];
  const now = new Date();
  const runs: RunResult[] = [];
  for (const scale of scales) {
    for (const database of databases) {
      runs.push(await runOne(database, scale, options, now));
    }
  }

  const report: Report = {
    date: now.toISOString(),
    scale: options.scale,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    settings: {
      readConcurrency: options.concurrency,
      ingestConcurrency: 16,
      warmupSeconds: 2,
      measureSeconds: options.seconds,
    },
    runs,
  };
  const name =
    options.scale === 'large'
      ? now.toISOString().slice(0, 10)
      : `${now.toISOString().slice(0, 10)}-small`;
  const resultsDir = path.join(benchRoot, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(
    path.join(resultsDir, `${name}.json`),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  const markdown = renderReport(report);
  fs.writeFileSync(path.join(resultsDir, `${name}.md`), markdown);
  process.stdout.write(`\n${markdown.split('\n## Query plans')[0]}\n`);
  log(`wrote bench/results/${name}.json and ${name}.md`);
}

main().catch(error => {
  // Database errors quote the whole statement; a bulk insert's is huge.
  process.stderr.write(`${String(error.stack ?? error).slice(0, 2000)}\n`);
  process.exit(1);
});
