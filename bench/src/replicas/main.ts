/*
 * Multi-replica test: two processes of the portal's real backend on one
 * PostgreSQL take concurrent approvals, transitions, edits and idempotent
 * repeats through both replicas at once; one replica is killed with SIGKILL
 * mid-load and restarted; then the invariants are checked in the shared
 * database and through both replicas' API. Exits non-zero on any violation.
 *
 *   npm run test:replicas
 */
import fs from 'node:fs';
import path from 'node:path';
import { BackendProcess } from '../lib/backend';
import {
  DatabaseTarget,
  DEFAULT_PG_CONNECTION,
  pluginKnex,
  resetDatabases,
} from '../lib/databases';
import { signIn, startReplica, stopAll } from './cluster';
import { Exchange, isSuccess, Recorder, ReplicaClient } from './http';
import { checkRuntimeFreeze } from './freezes';
import { checkWebhookOnce } from './webhooks';
import { checkInvariants, InvariantResult } from './invariants';
import { runRound, User, USERS } from './load';

const database: Extract<DatabaseTarget, { kind: 'pg' }> = {
  kind: 'pg',
  connection: DEFAULT_PG_CONNECTION,
  prefix: 'replicas_',
};
const workDir = path.resolve(__dirname, '../../data/replicas');
const RELEASES_PER_ROUND = 6;
const UNPLANNED_PER_ROUND = 3;

const t0 = Date.now();
function log(message: string) {
  const seconds = ((Date.now() - t0) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[${seconds}s] ${message}\n`);
}

async function signInEveryone(
  replicas: BackendProcess[],
): Promise<Record<User, string>> {
  // Alternating replicas: each must accept the other's tokens.
  const tokens = await Promise.all(
    USERS.map((user, i) => signIn(replicas[i % replicas.length].baseUrl, user)),
  );
  return Object.fromEntries(
    USERS.map((user, i) => [user, tokens[i]]),
  ) as Record<User, string>;
}

/**
 * The load starts on a portal that is ready to use: the catalog has taken in
 * every test user and their groups, and each replica's local catalog facts
 * have synced after that (otherwise the first approvals would be judged
 * against a catalog still starting up, and refused).
 */
async function waitForCatalog(
  replicas: BackendProcess[],
  token: string,
): Promise<void> {
  const deadline = Date.now() + 180_000;
  const get = async (base: string, route: string) => {
    const res = await fetch(`${base}${route}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return res.ok ? res.json() : undefined;
  };
  const usersKnown = async () => {
    for (const user of USERS) {
      const entity = await get(
        replicas[0].baseUrl,
        `/api/catalog/entities/by-name/user/default/${user}`,
      );
      if (
        !entity?.relations?.some((r: { type: string }) => r.type === 'memberOf')
      ) {
        return false;
      }
    }
    return true;
  };
  while (!(await usersKnown())) {
    if (Date.now() > deadline) {
      throw new Error(
        'the catalog did not take in the test users within 3 minutes',
      );
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  const catalogReadyAt = Date.now();
  for (const replica of replicas) {
    for (;;) {
      const health = await get(replica.baseUrl, '/api/releases/health');
      const synced = Date.parse(
        health?.details?.catalogFacts?.lastSuccessAt ?? '',
      );
      if (synced > catalogReadyAt) {
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `replica ${replica.baseUrl} did not sync the catalog facts within 3 minutes`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  }
}

function summarize(exchanges: Exchange[]) {
  const rounds = [...new Set(exchanges.map(e => e.round))];
  log('Requests per round and replica (status: count; 0 = no response):');
  for (const round of rounds) {
    for (const replica of ['A', 'B']) {
      const mine = exchanges.filter(
        e => e.round === round && e.replica === replica,
      );
      if (mine.length === 0) {
        continue;
      }
      const byStatus = new Map<number, number>();
      mine.forEach(e =>
        byStatus.set(e.status, (byStatus.get(e.status) ?? 0) + 1),
      );
      const statuses = [...byStatus]
        .sort(([a], [b]) => a - b)
        .map(([status, count]) => `${status}: ${count}`)
        .join(', ');
      log(
        `  ${round.padEnd(10)} ${replica}  ${String(mine.length).padStart(
          4,
        )} requests  (${statuses})`,
      );
    }
  }
  for (const replica of ['A', 'B']) {
    const mine = exchanges.filter(e => e.replica === replica);
    log(
      `  total      ${replica}  ${String(mine.length).padStart(4)} requests  (${
        mine.filter(isSuccess).length
      } answered 2xx, ${
        mine.filter(e => e.status === 0).length
      } without answer)`,
    );
  }
  const operations = [...new Set(exchanges.map(e => e.operation))];
  log('Requests per operation:');
  for (const operation of operations) {
    const mine = exchanges.filter(e => e.operation === operation);
    const byStatus = new Map<number, number>();
    mine.forEach(e =>
      byStatus.set(e.status, (byStatus.get(e.status) ?? 0) + 1),
    );
    log(
      `  ${operation.padEnd(12)} ${String(mine.length).padStart(4)}  (${[
        ...byStatus,
      ]
        .sort(([a], [b]) => a - b)
        .map(([status, count]) => `${status}: ${count}`)
        .join(', ')})`,
    );
  }
  const errors = new Map<string, number>();
  exchanges
    .filter(e => e.status === 0)
    .forEach(e =>
      errors.set(e.error ?? '?', (errors.get(e.error ?? '?') ?? 0) + 1),
    );
  if (errors.size > 0) {
    log(
      `Connection errors: ${[...errors]
        .map(([error, count]) => `${error} ${count}`)
        .join(', ')}`,
    );
  }
}

function report(results: InvariantResult[]): boolean {
  log('Invariants:');
  let ok = true;
  for (const result of results) {
    const passed = result.violations.length === 0;
    ok &&= passed;
    log(
      `  ${passed ? 'PASS' : 'FAIL'}  ${result.name} (${
        result.checked
      } checks)`,
    );
    for (const violation of result.violations.slice(0, 15)) {
      log(`          ✗ ${violation}`);
    }
    if (result.violations.length > 15) {
      log(`          … and ${result.violations.length - 15} more`);
    }
    for (const note of result.notes.slice(0, 5)) {
      log(`          · ${note}`);
    }
    if (result.notes.length > 5) {
      log(`          · … and ${result.notes.length - 5} more notes`);
    }
  }
  return ok;
}

async function main(): Promise<boolean> {
  fs.mkdirSync(workDir, { recursive: true });
  for (const file of fs.readdirSync(workDir)) {
    fs.rmSync(path.join(workDir, file), { force: true });
  }

  log(`Resetting the ${database.prefix}* databases`);
  await resetDatabases(database);

  // Not both at once on the fresh databases: Backstage's own first-start
  // migrations (catalog, auth, service keys) are not safe for two processes
  // at once, and one replica would fail. The releases plugin's migrations are
  // (see migrations.test.ts); B joins the running A as in a scale-out.
  log('Starting replica A on the fresh databases (migrations, demo data)');
  const options = { database, workDir, demoData: true };
  const a = await startReplica('A', options);
  log('Starting replica B next to it');
  const b = await startReplica('B', options);
  log(
    `Replicas up: A ${a.baseUrl} (pid ${a.pid}), B ${b.baseUrl} (pid ${b.pid})`,
  );

  const tokens = await signInEveryone([a, b]);
  log(`Signed in ${USERS.join(', ')} through both replicas`);
  await waitForCatalog([a, b], tokens.alice);
  log('The catalog knows every test user; both replicas synced its facts');

  const recorder = new Recorder();
  const clientA = new ReplicaClient('A', a.baseUrl, recorder);
  const clientB = new ReplicaClient('B', b.baseUrl, recorder);
  const both = [clientA, clientB];
  const size = { releases: RELEASES_PER_ROUND, unplanned: UNPLANNED_PER_ROUND };

  log('Round 1 through both replicas');
  await runRound({ round: 'round-1', replicas: both, tokens }, size);
  const perRound = recorder.exchanges.length;
  log(`Round 1 done: ${perRound} requests`);

  log('Round 2 through both replicas; B is killed mid-load');
  const round2 = runRound({ round: 'round-2', replicas: both, tokens }, size);
  await recorder.whenFinished('round-2', Math.round(perRound * 0.35));
  const inFlight = recorder.inFlight();
  const killedAt = Date.now();
  await b.stop('SIGKILL');
  log(
    `SIGKILL to B with ${inFlight} requests in flight on A and B; restarting B`,
  );
  let restarting = true;
  const restart = b.start();
  restart.then(
    () => (restarting = false),
    () => (restarting = false),
  );
  await round2;
  log('Round 2 done; load on A alone while B restarts');
  let extra = 0;
  while (restarting && extra < 10) {
    extra += 1;
    await runRound(
      { round: `round-2-A${extra}`, replicas: [clientA], tokens },
      { releases: 3, unplanned: 1 },
    );
  }
  await restart;
  log(`B is back (pid ${b.pid})`);

  log('Round 3 through both replicas');
  await runRound({ round: 'round-3', replicas: both, tokens }, size);

  summarize(recorder.exchanges);
  // Every request and answer, to look into a failure.
  fs.writeFileSync(
    path.join(workDir, 'exchanges.json'),
    JSON.stringify(recorder.exchanges, null, 1),
  );
  const cutOff = recorder.exchanges.filter(
    e => e.replica === 'B' && e.status === 0 && e.startedAt <= killedAt,
  ).length;
  log(`Requests to B cut off by the SIGKILL while in flight: ${cutOff}`);
  log('Checking the invariants');
  const knex = await pluginKnex(database, 'releases');
  try {
    const results = await checkInvariants({
      knex,
      exchanges: recorder.exchanges,
      replicas: both,
      token: tokens.alice,
      restarted: new Set(['B']),
    });
    const answered = recorder.exchanges.filter(isSuccess).length;
    log(`${recorder.exchanges.length} requests, ${answered} answered 2xx`);
    const freeze = await checkRuntimeFreeze({
      declareOn: a.baseUrl,
      askOn: b.baseUrl,
      token: tokens.erin,
      entityRef: 'component:default/payments-api',
      environment: 'production',
    });
    const webhook = await checkWebhookOnce({
      replicas: [a.baseUrl, b.baseUrl],
      token: tokens.alice,
    });
    return report([...results, freeze, webhook]);
  } finally {
    await knex.destroy();
  }
}

main()
  .then(
    ok => ok,
    error => {
      log(`Test failed to run: ${error?.stack ?? error}`);
      return false;
    },
  )
  .then(async ok => {
    await stopAll();
    log(
      ok
        ? 'Multi-replica test passed'
        : `Multi-replica test FAILED (backend logs: ${workDir})`,
    );
    process.exit(ok ? 0 : 1);
  });
