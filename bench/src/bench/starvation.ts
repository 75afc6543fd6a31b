import http from 'node:http';
import { Scale } from './dataset';
import {
  calibrate,
  Calibration,
  CalibratedVariant,
  heavyKinds,
  Probe,
} from './heavyRequests';
import { call, LoadResult, RequestSpec, runLoad } from './load';
import { Scenario } from './scenarios';

/** Issue 11: under this load the gate's p95 stays within 2× of its idle p95. */
const STARVATION_TARGET = 2;
const HEAVY_CLIENTS = 10;
/** Pipelines asking the gate, idle and under load. */
const GATE_CLIENTS = 2;

export interface HeavyKindResult {
  id: string;
  title: string;
  variants: CalibratedVariant[];
  /** Answers by status (`network:<code>` when the connection failed). */
  statuses: Record<string, number>;
  completed: number;
  /** Still unanswered when the measurement ended. */
  cutOff: number;
  /** 5xx answers and failed connections. */
  failures: number;
  meanMs: number | null;
  maxMs: number | null;
}

export interface StarvationResult {
  heavyClients: number;
  gateClients: number;
  calibrationSeconds: number;
  idle: LoadResult;
  loaded: LoadResult;
  /** Gate p95 under load ÷ idle; null when no gate call was answered under load. */
  ratio: number | null;
  target: number;
  kinds: HeavyKindResult[];
  /** Requests refused while calibrating with a 5xx or a failed connection. */
  calibrationFailures: string[];
}

const isFailure = (status: string) =>
  status.startsWith('network:') || /^5\d\d$/.test(status);

/** One request as the calibration sends it, reading the server's reason on a refusal. */
function httpProbe(baseUrl: string, failures: string[]): Probe {
  return async spec => {
    for (let attempt = 0; ; attempt++) {
      let status: number;
      let text: string;
      try {
        const res = await fetch(`${baseUrl}${spec.path}`, {
          method: spec.method ?? 'GET',
          headers: {
            Authorization: `Bearer ${spec.token}`,
            ...(spec.body === undefined
              ? {}
              : { 'Content-Type': 'application/json' }),
          },
          body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
          signal: AbortSignal.timeout(300_000),
        });
        status = res.status;
        text = await res.text();
      } catch (error) {
        const reason = `${spec.path.split('?')[0]}: ${String(error)}`;
        failures.push(reason);
        return reason;
      }
      if (status < 300) {
        return undefined;
      }
      // A per-user limit on concurrent heavy requests: wait for our own to end.
      if (status === 429 && attempt < 10) {
        await new Promise(r => setTimeout(r, 1000));
        continue;
      }
      let message = text.slice(0, 300);
      try {
        message = JSON.parse(text).error?.message ?? message;
      } catch {
        // not JSON: keep the text
      }
      const reason = `${status} ${message}`;
      if (status >= 500) {
        failures.push(`${spec.path.split('?')[0]}: ${reason}`);
      }
      return reason;
    }
  };
}

/**
 * Issue 11's starvation measurement: the gate's p95 with nothing else
 * running, then while 10 clients send the most expensive requests a
 * signed-in user can make (each client going through every kind in turn);
 * 4xx and 429 answers are counted per kind, 5xx are failures.
 */
export async function measureStarvation(options: {
  baseUrl: string;
  scale: Scale;
  userToken: string;
  gate: Scenario;
  warmupMs: number;
  durationMs: number;
  log: (message: string) => void;
}): Promise<StarvationResult> {
  const { baseUrl, log } = options;
  const kinds = heavyKinds(options.scale, options.userToken);

  const calibrationStarted = Date.now();
  const calibrationFailures: string[] = [];
  const probe = httpProbe(baseUrl, calibrationFailures);
  const calibrations: Calibration[] = [];
  for (const kind of kinds) {
    const calibration = await calibrate(kind, probe);
    log(
      `starvation: ${kind.id} ${calibration.variants
        .map(v => `${v.name}: ${JSON.stringify(v.values)}`)
        .join('; ')}`,
    );
    calibrations.push(calibration);
  }
  const calibrationSeconds = (Date.now() - calibrationStarted) / 1000;

  const gateLoad = (warmupMs: number) =>
    runLoad({
      baseUrl,
      concurrency: GATE_CLIENTS,
      warmupMs,
      durationMs: options.durationMs,
      next: options.gate.next,
    });
  const idle = await gateLoad(options.warmupMs);
  log(`starvation: gate idle p95 ${idle.p95} ms (p50 ${idle.p50} ms)`);

  const results: HeavyKindResult[] = kinds.map((kind, i) => ({
    id: kind.id,
    title: kind.title,
    variants: calibrations[i].variants,
    statuses: {},
    completed: 0,
    cutOff: 0,
    failures: 0,
    meanMs: null,
    maxMs: null,
  }));
  const latencies: number[][] = kinds.map(() => []);
  const sent = kinds.map(() => 0);
  // A connection per request: a server that stalls longer than its
  // keep-alive timeout would otherwise reset reused idle connections, a
  // failure of the client's making, not the server's.
  const agent = new http.Agent({ keepAlive: false });
  let stopped = false;
  const client = async (first: number) => {
    for (let n = first; !stopped; n++) {
      const k = n % kinds.length;
      const variants = calibrations[k].variants;
      const variant = sent[k]++ % variants.length;
      const spec: RequestSpec = kinds[k].request(
        variants[variant].values,
        variant,
      );
      const started = performance.now();
      const status = await call(agent, baseUrl, spec);
      if (stopped) {
        results[k].cutOff++;
        return;
      }
      latencies[k].push(performance.now() - started);
      results[k].statuses[status] = (results[k].statuses[status] ?? 0) + 1;
      results[k].completed++;
      if (isFailure(status)) {
        results[k].failures++;
      }
    }
  };
  const clients = Array.from({ length: HEAVY_CLIENTS }, (_, i) => client(i));
  // The heavy requests get under way first; then every gate call counts,
  // however long the server keeps it waiting.
  await new Promise(r => setTimeout(r, options.warmupMs));
  const loaded = await gateLoad(0);
  stopped = true;
  agent.destroy();
  await Promise.all(clients);
  for (const [k, list] of latencies.entries()) {
    if (list.length > 0) {
      results[k].meanMs = Math.round(
        list.reduce((a, b) => a + b, 0) / list.length,
      );
      results[k].maxMs = Math.round(Math.max(...list));
    }
  }
  const ratio =
    loaded.operations === 0
      ? null
      : Math.round((loaded.p95 / idle.p95) * 100) / 100;
  log(
    `starvation: gate p95 under ${HEAVY_CLIENTS} heavy clients ${
      loaded.p95
    } ms = ${ratio ?? 'no answer, ∞'}× idle (target ≤ ${STARVATION_TARGET}×)`,
  );
  for (const result of results) {
    log(
      `starvation:   ${result.id.padEnd(16)} ${result.completed} answered, ${
        result.cutOff
      } cut off, mean ${result.meanMs ?? '—'} ms  ${JSON.stringify(
        result.statuses,
      )}`,
    );
  }
  return {
    heavyClients: HEAVY_CLIENTS,
    gateClients: GATE_CLIENTS,
    calibrationSeconds,
    idle,
    loaded,
    ratio,
    target: STARVATION_TARGET,
    kinds: results,
    calibrationFailures,
  };
}
