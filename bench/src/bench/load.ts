import http from 'node:http';
import { createHistogram } from 'node:perf_hooks';

/** One HTTP call of a scenario. */
export interface RequestSpec {
  method?: 'GET' | 'POST';
  path: string;
  token: string;
  body?: unknown;
}

/**
 * What one operation of a scenario does: usually one call; a page that loads
 * several resources at once issues them in parallel and counts as done when
 * the last one answers.
 */
export type Operation = RequestSpec | RequestSpec[];

export interface LoadOptions {
  baseUrl: string;
  /** Closed-loop virtual users, each issuing its next operation when the previous one answered. */
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  next: (sequence: number) => Operation;
}

export interface LoadResult {
  operations: number;
  /** Operations with a non-2xx answer or a network error. */
  errors: number;
  statuses: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  /** Operations per second over the measured window. */
  throughput: number;
  concurrency: number;
  durationMs: number;
}

/** Connections are kept alive and reused, as browsers and pipelines do. */
function keepAliveAgent() {
  return new http.Agent({ keepAlive: true });
}

/** Issues one call; resolves to its status code, or `network:<code>`. */
export function call(
  agent: http.Agent,
  baseUrl: string,
  spec: RequestSpec,
): Promise<string> {
  const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
  return new Promise(resolve => {
    const req = http.request(
      `${baseUrl}${spec.path}`,
      {
        agent,
        method: spec.method ?? 'GET',
        headers: {
          Authorization: `Bearer ${spec.token}`,
          ...(body
            ? {
                'Content-Type': 'application/json',
                'Content-Length': Buffer.byteLength(body),
              }
            : {}),
        },
      },
      res => {
        res.resume();
        res.on('end', () => resolve(String(res.statusCode)));
        res.on('error', error => resolve(`network:${error.message}`));
      },
    );
    req.on('error', error =>
      resolve(
        `network:${(error as NodeJS.ErrnoException).code ?? error.message}`,
      ),
    );
    req.end(body);
  });
}

/**
 * A closed-loop load generator: `concurrency` workers run operations
 * back-to-back until the window ends; latencies of operations started within
 * the window (after the warm-up) go into an HDR histogram (node:perf_hooks),
 * from which the percentiles are read.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const histogram = createHistogram();
  const agent = keepAliveAgent();
  const statuses: Record<string, number> = {};
  let errors = 0;
  let sequence = 0;
  const begin = performance.now();
  const measureFrom = begin + options.warmupMs;
  const end = measureFrom + options.durationMs;

  async function worker() {
    while (performance.now() < end) {
      const operation = options.next(sequence++);
      const specs = Array.isArray(operation) ? operation : [operation];
      const started = performance.now();
      const results = await Promise.all(
        specs.map(spec => call(agent, options.baseUrl, spec)),
      );
      const finished = performance.now();
      // Counted by when it started: an operation that outlasts the window
      // still counts, so that a stalled server shows as slow, not as quiet.
      if (started < measureFrom) {
        continue;
      }
      histogram.record(Math.max(1, Math.round((finished - started) * 1000)));
      for (const status of results) {
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
      if (results.some(s => !/^2\d\d$/.test(s))) {
        errors++;
      }
    }
  }

  await Promise.all(
    Array.from({ length: options.concurrency }, () => worker()),
  );
  agent.destroy();
  const ms = (micros: number) => Math.round(micros / 10) / 100;
  return {
    operations: histogram.count,
    errors,
    statuses,
    p50: ms(histogram.percentile(50)),
    p95: ms(histogram.percentile(95)),
    p99: ms(histogram.percentile(99)),
    mean: ms(histogram.mean),
    throughput:
      Math.round((histogram.count / (options.durationMs / 1000)) * 10) / 10,
    concurrency: options.concurrency,
    durationMs: options.durationMs,
  };
}
