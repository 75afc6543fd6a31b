/*
 * npm run bench -- --scale small|large [--db sqlite|pg|both] [--seconds N]
 *                  [--repetitions 3] [--only list,gate,...] [--starvation]
 * npm run bench -- --readme-table [bench/results/<date>.json]
 *
 * For each database (SQLite, PostgreSQL) and scale (large also runs small, so
 * growth is measured in the same run): write the data set into the releases
 * plugin's database (on the schema the writer knows, then the newer
 * migrations as an upgrade), write a matching catalog, boot the real backend
 * in its own process with the bench's own freeze windows, wait for the
 * catalog to hold every entity, then measure each scenario `repetitions`
 * times, interleaved with the catalog's own by-name lookup on the same
 * backend. At small scale the starvation measurement follows (in a small
 * run on PostgreSQL only, see parseArgs). Then the backend is restarted with
 * a selector freeze active for the freeze phase.
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
  DatasetIndex,
  ENVIRONMENTS,
  generateDataset,
  Scale,
  SCALES,
  systemRef,
  writeCatalog,
  WRITER_SCHEMA,
} from './dataset';
import { explainHotQueries, QueryPlan } from './explain';
import {
  benchFreezeWindows,
  FREEZE_WINDOWS_NOTE,
  FROZEN_COMPONENT,
  SELECTOR_FREEZE,
} from './freezes';
import { measureInterleaved } from './measure';
import { printReadmeTables } from './readmeTable';
import { renderReport } from './report';
import { Scenario, scenarios } from './scenarios';
import { measureStarvation } from './starvation';
import { assess, Report, RunResult, summarizeScenarios } from './summary';

const benchRoot = path.resolve(__dirname, '../..');
const WARMUP_SECONDS = 2;
const USAGE =
  'usage: npm run bench -- --scale small|large [--db sqlite|pg|both] [--seconds 8] [--repetitions 3] [--concurrency 4] [--only list,gate,...,starvation] [--starvation]\n' +
  '       npm run bench -- --readme-table [bench/results/<date>.json]';

interface Options {
  scale: 'small' | 'large';
  db: 'sqlite' | 'pg' | 'both';
  seconds: number;
  repetitions: number;
  concurrency: number;
  /** Scenario ids to run; all when absent. */
  only?: string[];
  /** The databases to run issue 11's starvation measurement on, at small scale. */
  starvation: Array<'sqlite' | 'pg'>;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    scale: 'small',
    db: 'both',
    seconds: 8,
    repetitions: 3,
    concurrency: 4,
    starvation: [],
  };
  let starvation = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--starvation') {
      starvation = true;
      continue;
    }
    const [key, inline] = argv[i].replace(/^--/, '').split('=');
    const value = inline ?? argv[++i];
    if (key === 'scale' && (value === 'small' || value === 'large')) {
      options.scale = value;
    } else if (
      key === 'db' &&
      (value === 'sqlite' || value === 'pg' || value === 'both')
    ) {
      options.db = value;
    } else if (key === 'seconds' && Number(value) > 0) {
      options.seconds = Number(value);
    } else if (
      key === 'repetitions' &&
      Number.isInteger(Number(value)) &&
      Number(value) > 0
    ) {
      options.repetitions = Number(value);
    } else if (key === 'concurrency' && Number(value) > 0) {
      options.concurrency = Number(value);
    } else if (key === 'only' && value) {
      options.only = value.split(',');
    } else {
      throw new Error(
        `Unknown or invalid option ${argv[i - (inline ? 0 : 1)]} ${
          value ?? ''
        }\n${USAGE}`,
      );
    }
  }
  // Asked for, or part of a full large run (on its small pass).
  // About half a minute per database: small runs (CI's) measure it on
  // PostgreSQL, large runs on both databases' small pass, `--starvation` or
  // `--only …,starvation` on both; an `--only` list without it skips it.
  if (starvation || options.only?.includes('starvation')) {
    options.starvation = ['sqlite', 'pg'];
  } else if (!options.only) {
    options.starvation = options.scale === 'large' ? ['sqlite', 'pg'] : ['pg'];
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
    try {
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
    } catch (error) {
      // A poll that lost a kept-alive connection while the backend was busy
      // ingesting is retried; a backend that ended is reported.
      if (backend.ended) {
        throw new Error(
          `the backend ended (${backend.ended}) while the catalog ingested; see ${backend.logFile}`,
        );
      }
      log(
        `catalog poll failed (${String(
          (error as { cause?: unknown }).cause ?? error,
        )}); retrying`,
      );
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  throw new Error(
    'the catalog did not ingest the generated entities in 20 minutes',
  );
}

/**
 * The gate's reasons for a component the freeze selectors cover: shows
 * whether a freeze is active, as the gate sees it.
 */
async function gateReasons(baseUrl: string): Promise<string[]> {
  const res = await fetch(
    `${baseUrl}/api/releases/gate?entityRef=${encodeURIComponent(
      FROZEN_COMPONENT,
    )}&environment=production&version=9.9.9`,
    { headers: { Authorization: `Bearer ${CI_TOKEN}` } },
  );
  const body = await res.text();
  return res.ok
    ? (JSON.parse(body) as { reasons: string[] }).reasons
    : [`${res.status} ${body.slice(0, 300)}`];
}

/** The backend on the run's data, with the bench's freeze windows. */
async function startBackend(options: {
  name: string;
  target: DatabaseTarget;
  workDir: string;
  catalogFile: string;
  scale: Scale;
  now: Date;
  freezePhaseStart?: Date;
}) {
  const backend = await BackendProcess.start({
    name: options.name,
    port: 7150,
    database: options.target,
    workDir: options.workDir,
    config: {
      catalog: {
        rules: [
          { allow: ['Component', 'System', 'Group', 'User', 'Location'] },
        ],
        locations: [{ type: 'file', target: options.catalogFile }],
        processingInterval: { minutes: 30 },
      },
      releases: {
        environments: ENVIRONMENTS,
        freezeWindows: benchFreezeWindows(
          options.scale,
          options.now,
          options.freezePhaseStart,
        ),
        demoData: { enabled: false },
        // app-config.yaml maps `dev` to its `development`; here `dev` is an
        // environment of its own.
        events: { environmentAliases: { dev: 'dev' } },
      },
    },
  });
  try {
    const userToken = await guestToken(backend.baseUrl);
    await waitForCatalog(backend, userToken, options.scale);
    return { backend, userToken };
  } catch (error) {
    await backend.stop();
    throw error;
  }
}

async function runOne(
  database: 'sqlite' | 'pg',
  scale: Scale,
  options: Options,
  now: Date,
): Promise<RunResult> {
  const prefix = `${database}/${scale.name}`;
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

  log(`${prefix}: generating the data set`);
  const generated = Date.now();
  const knex = await pluginKnex(target, 'releases');
  let backend: BackendProcess | undefined;
  try {
    await migrateReleases(knex, WRITER_SCHEMA);
    const index: DatasetIndex = await generateDataset(knex, scale, now, log);
    const catalogFile = path.join(workDir, 'catalog.yaml');
    const entities = writeCatalog(scale, catalogFile);
    const generationSeconds = (Date.now() - generated) / 1000;
    log(
      `${prefix}: ${JSON.stringify(index.rows)} in ${generationSeconds.toFixed(
        0,
      )} s; ${entities} catalog entities`,
    );
    const upgraded = Date.now();
    const upgradeMigrations = await migrateReleases(knex);
    // What autovacuum does soon after migrations rewrite rows in bulk: fresh
    // statistics, and (PostgreSQL) a visibility map that lets index-only
    // scans skip the table.
    await knex.raw(target.kind === 'pg' ? 'VACUUM ANALYZE' : 'ANALYZE');
    const upgradeSeconds = (Date.now() - upgraded) / 1000;
    log(
      `${prefix}: newer migrations on the data: ${
        upgradeMigrations.join(', ') || 'none'
      } (${upgradeSeconds.toFixed(0)} s)`,
    );

    const booted = Date.now();
    const steadyBackend = await startBackend({
      name: 'backend',
      target,
      workDir,
      catalogFile,
      scale,
      now,
    });
    backend = steadyBackend.backend;
    const catalogSeconds = (Date.now() - booted) / 1000;
    log(
      `${prefix}: backend up, catalog ingested in ${catalogSeconds.toFixed(
        0,
      )} s`,
    );

    const selected = (id: string) => !options.only || options.only.includes(id);
    const scenariosFor = (userToken: string) =>
      scenarios({
        scale,
        index,
        userToken,
        ciToken: CI_TOKEN,
        now,
        readConcurrency: options.concurrency,
        runId: `${database}-${scale.name}-${Date.now()}`,
      });
    const measure = (
      baseUrl: string,
      list: Scenario[],
      phase: 'steady' | 'freeze',
    ) =>
      measureInterleaved({
        baseUrl,
        reference: list.find(s => s.kind === 'reference')!,
        scenarios: list.filter(s => s.phase === phase && selected(s.id)),
        repetitions: options.repetitions,
        warmupMs: WARMUP_SECONDS * 1000,
        durationMs: options.seconds * 1000,
        log: message => log(`${prefix} ${message}`),
      });

    const freezeCheck: RunResult['freezeCheck'] = {
      entityRef: FROZEN_COMPONENT,
      steady: await gateReasons(backend.baseUrl),
      freeze: null,
    };
    const steadyScenarios = scenariosFor(steadyBackend.userToken);
    const steady = await measure(backend.baseUrl, steadyScenarios, 'steady');

    let starvation = null;
    if (scale.name === 'small' && options.starvation.includes(database)) {
      log(`${prefix}: starvation measurement`);
      starvation = await measureStarvation({
        baseUrl: backend.baseUrl,
        scale,
        userToken: steadyBackend.userToken,
        gate: steadyScenarios.find(s => s.id === 'gate')!,
        warmupMs: WARMUP_SECONDS * 1000,
        durationMs: options.seconds * 1000,
        log: message => log(`${prefix} ${message}`),
      });
    }
    await backend.stop();
    backend = undefined;

    let freeze: Awaited<ReturnType<typeof measure>> | undefined;
    let freezeRestartSeconds: number | null = null;
    if (steadyScenarios.some(s => s.phase === 'freeze' && selected(s.id))) {
      const restarted = Date.now();
      const freezeBackend = await startBackend({
        name: 'backend-freeze',
        target,
        workDir,
        catalogFile,
        scale,
        now,
        freezePhaseStart: new Date(),
      });
      backend = freezeBackend.backend;
      freezeRestartSeconds = (Date.now() - restarted) / 1000;
      log(
        `${prefix}: restarted with a selector freeze active in ${freezeRestartSeconds.toFixed(
          0,
        )} s`,
      );
      freezeCheck.freeze = await gateReasons(backend.baseUrl);
      if (!freezeCheck.freeze.some(r => r.includes(SELECTOR_FREEZE))) {
        log(
          `${prefix}: WARNING the gate does not name "${SELECTOR_FREEZE}" for ${FROZEN_COMPONENT}: ${freezeCheck.freeze.join(
            '; ',
          )}`,
        );
      }
      freeze = await measure(
        backend.baseUrl,
        scenariosFor(freezeBackend.userToken),
        'freeze',
      );
      await backend.stop();
      backend = undefined;
    }

    let plans: QueryPlan[] = [];
    if (scale.name === 'large' || database === 'pg') {
      plans = await explainHotQueries(knex, scale, index, now);
    }

    const measurements = { ...steady.repetitions, ...freeze?.repetitions };
    const results = summarizeScenarios(steadyScenarios, measurements, [
      ...steady.references,
      ...(freeze?.references ?? []),
    ]);
    return {
      database,
      scale: scale.name,
      rows: index.rows,
      catalogEntities: entities,
      generationSeconds,
      upgradeMigrations,
      upgradeSeconds,
      catalogSeconds,
      freezeRestartSeconds,
      freezeCheck,
      results,
      measurements,
      starvation,
      plans,
    };
  } finally {
    await backend?.stop();
    await knex.destroy();
  }
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--readme-table') {
    printReadmeTables(args[1]);
    return;
  }
  const options = parseArgs(args);
  const databases: Array<'sqlite' | 'pg'> =
    options.db === 'both' ? ['sqlite', 'pg'] : [options.db];
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
      warmupSeconds: WARMUP_SECONDS,
      measureSeconds: options.seconds,
      repetitions: options.repetitions,
      freezeWindows: FREEZE_WINDOWS_NOTE,
    },
    runs,
    ...assess(runs),
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
