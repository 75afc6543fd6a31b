import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { backendDatabaseConfig, DatabaseTarget } from './databases';

const repoRoot = path.resolve(__dirname, '../../..');
const backendDir = path.join(repoRoot, 'packages/backend');

/** The static token the pipeline scenarios use (configured per backend). */
export const CI_TOKEN = 'bench-ci-token';

export interface BackendOptions {
  /** Names the config and log files. */
  name: string;
  port: number;
  database: DatabaseTarget;
  /** Directory for the generated config file and the log. */
  workDir: string;
  /** Extra configuration, applied after app-config.yaml and the bench's own. */
  config?: Record<string, unknown>;
  /** How long to wait for /health, in ms. */
  startTimeoutMs?: number;
  /**
   * The script to run, relative to packages/backend; `src/index.ts` (the
   * portal's backend) unless a test needs e.g. `src/testing/startWithTestSignIn.ts`.
   */
  entry?: string;
}

/**
 * The portal's real backend (packages/backend: catalog, auth, permissions,
 * notifications, releases) in its own Node.js process, configured by
 * app-config.yaml plus a generated file.
 */
export class BackendProcess {
  readonly baseUrl: string;
  readonly logFile: string;
  private child?: ChildProcess;
  private exited?: Promise<number | null>;
  /** Where this start's lines begin in the (appended) log. */
  private logStart = 0;

  private constructor(private readonly options: BackendOptions) {
    this.baseUrl = `http://localhost:${options.port}`;
    this.logFile = path.join(options.workDir, `${options.name}.log`);
  }

  static async start(options: BackendOptions): Promise<BackendProcess> {
    const backend = new BackendProcess(options);
    await backend.start();
    return backend;
  }

  /** The process definition, not started yet: lets a caller track it before `start()`. */
  static create(options: BackendOptions): BackendProcess {
    return new BackendProcess(options);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const { name, port, database, workDir } = this.options;
    fs.mkdirSync(workDir, { recursive: true });
    const configFile = path.join(workDir, `${name}.config.yaml`);
    // JSON is YAML; the config loader reads either.
    const config = {
      backend: {
        baseUrl: this.baseUrl,
        listen: { port },
        database: backendDatabaseConfig(database),
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: CI_TOKEN, subject: 'ci-pipeline' },
              accessRestrictions: [{ plugin: 'releases' }],
            },
          ],
        },
      },
      auth: {
        environment: 'development',
        providers: {
          guest: {
            userEntityRef: 'user:default/guest',
            // The backend runs with NODE_ENV=production, as it would in a cluster.
            dangerouslyAllowOutsideDevelopment: true,
          },
        },
      },
      ...this.options.config,
    };
    fs.writeFileSync(configFile, JSON.stringify(config, null, 2));

    this.logStart = fs.existsSync(this.logFile)
      ? fs.statSync(this.logFile).size
      : 0;
    const log = fs.openSync(this.logFile, 'a');
    const child = spawn(
      process.execPath,
      [
        // e.g. BENCH_BACKEND_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"
        ...(process.env.BENCH_BACKEND_NODE_ARGS?.split(' ').filter(Boolean) ??
          []),
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        this.options.entry ?? 'src/index.ts',
        '--config',
        path.join(repoRoot, 'app-config.yaml'),
        '--config',
        configFile,
      ],
      {
        cwd: backendDir,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        },
        stdio: ['ignore', log, log],
      },
    );
    fs.closeSync(log);
    this.child = child;
    this.exited = new Promise(resolve => child.once('exit', resolve));
    try {
      await this.waitUntilHealthy(this.options.startTimeoutMs ?? 180_000);
    } catch (error) {
      // A backend that never became healthy must not outlive the run (it
      // would hold the port and the database).
      await this.stop('SIGKILL');
      throw error;
    }
  }

  private async waitUntilHealthy(timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    this.exited?.then(code => {
      exitCode = code;
    });
    while (Date.now() < deadline) {
      if (exitCode !== undefined) {
        throw new Error(
          `backend ${this.options.name} exited with ${exitCode} while starting; see ${this.logFile}`,
        );
      }
      // A plugin that fails to start leaves the process waiting for the
      // others; its log says so at once.
      if (this.logSinceStart().includes('Backend startup failed')) {
        throw new Error(
          `backend ${this.options.name} failed to start; see ${this.logFile}`,
        );
      }
      try {
        const res = await fetch(`${this.baseUrl}/api/releases/health`);
        if (res.ok) {
          return;
        }
      } catch {
        // not listening yet
      }
      await new Promise(r => setTimeout(r, 250));
    }
    throw new Error(
      `backend ${this.options.name} did not become healthy within ${timeoutMs} ms; see ${this.logFile}`,
    );
  }

  private logSinceStart(): string {
    if (!fs.existsSync(this.logFile)) {
      return '';
    }
    return fs.readFileSync(this.logFile).subarray(this.logStart).toString();
  }

  /** How the process ended (`exit 1`, `SIGKILL`), or undefined while it runs. */
  get ended(): string | undefined {
    const child = this.child;
    if (!child || (child.exitCode === null && child.signalCode === null)) {
      return undefined;
    }
    return child.signalCode ?? `exit ${child.exitCode}`;
  }

  /** Ends the process: SIGTERM for a clean stop, SIGKILL for a crash. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** A signed-in guest's Backstage token, as the browser would hold it. */
export async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
  });
  if (!res.ok) {
    throw new Error(`guest sign-in failed: ${res.status} ${await res.text()}`);
  }
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}
