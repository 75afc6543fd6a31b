import os from 'node:os';
import { BackendProcess } from '../lib/backend';
import { DatabaseTarget } from '../lib/databases';
import { ReplicaName } from './http';

/** The portal's backend plus the test-only header sign-in (packages/backend/src/testing). */
const ENTRY = 'src/testing/startWithTestSignIn.ts';
const SIGN_IN_PROVIDER = 'testHeader';
const USER_HEADER = 'x-test-user';

const PORTS: Record<ReplicaName, number> = { A: 7201, B: 7202 };

/** Every backend this run started, so that no exit path leaves one behind. */
const started = new Set<BackendProcess>();

function killAllNow() {
  for (const backend of started) {
    if (backend.pid !== undefined) {
      try {
        process.kill(backend.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

process.once('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAllNow();
    process.exit(128 + os.constants.signals[signal]);
  });
}

/** Ends every backend of the run: SIGTERM, SIGKILL after a grace period. */
export async function stopAll(): Promise<void> {
  await Promise.all([...started].map(backend => backend.stop('SIGTERM')));
  // Their ids may belong to other processes from now on.
  started.clear();
}

export interface ReplicaOptions {
  database: DatabaseTarget;
  workDir: string;
  demoData: boolean;
}

/** One replica of the portal's backend on the shared PostgreSQL. */
export async function startReplica(
  name: ReplicaName,
  options: ReplicaOptions,
): Promise<BackendProcess> {
  const backendOptions = {
    name: `replica-${name}`,
    port: PORTS[name],
    database: options.database,
    workDir: options.workDir,
    entry: ENTRY,
    config: {
      auth: {
        environment: 'development',
        providers: {
          [SIGN_IN_PROVIDER]: { dangerouslyTrustHeader: true },
        },
      },
      releases: {
        demoData: { enabled: options.demoData },
        // The load walks major releases through every phase: without the
        // portal's checklist, whose tasks would hold them in design.
        checklists: { major: { tasks: [], milestones: [] } },
        // Catalog facts follow the catalog within seconds while it starts up.
        catalog: { refreshInterval: 'PT5S' },
      },
    },
  };
  // Tracked before it is up, so that a failed start is cleaned up too.
  const backend = BackendProcess.create(backendOptions);
  started.add(backend);
  await backend.start();
  return backend;
}

/**
 * A Backstage user token for a catalog user, signed in through `replica`.
 * Retries while the catalog is still starting or has not read the users yet.
 */
export async function signIn(
  baseUrl: string,
  user: string,
  timeoutMs = 60_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(
        `${baseUrl}/api/auth/${SIGN_IN_PROVIDER}/refresh`,
        { method: 'POST', headers: { [USER_HEADER]: user } },
      );
      const text = await res.text();
      if (res.ok) {
        return (JSON.parse(text) as { backstageIdentity: { token: string } })
          .backstageIdentity.token;
      }
      last = `${res.status} ${text.slice(0, 200)}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`sign-in of ${user} at ${baseUrl} failed: ${last}`);
}
