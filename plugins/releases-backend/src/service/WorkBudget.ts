import { createHash } from 'node:crypto';
import express from 'express';

/** Work asked for beyond what a caller may have queued: answered 429. */
export class BusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many expensive requests at once; try again in a few seconds');
    this.name = 'BusyError';
  }
}

interface Waiter {
  key: string;
  cost: number;
  start: () => void;
}

/**
 * Admission by weight for requests whose cost grows with what they ask for
 * (wide calendars, dry-runs, long KPI ranges, exports). Cheap requests are
 * never held; expensive ones run while the process's budget and the
 * caller's share allow, in arrival order, and wait otherwise — so that one
 * caller sending the most expensive requests it may send cannot stall the
 * deploy gate and every other page of the process.
 */
export class WorkBudget {
  private inFlight = 0;
  private readonly byKey = new Map<string, number>();
  private readonly queue: Waiter[] = [];

  constructor(
    private readonly options: {
      /** Units of work the process runs at once. */
      capacity: number;
      /** Units one caller runs at once. */
      perCaller: number;
      /** Requests one caller may have waiting; more are refused (429). */
      maxQueuedPerCaller: number;
      /** Requests of this cost or less are never held. */
      cheap: number;
    },
  ) {}

  async run<T>(key: string, cost: number, work: () => Promise<T>): Promise<T> {
    if (cost <= this.options.cheap) {
      return work();
    }
    const units = Math.min(cost, this.options.perCaller);
    await this.admit(key, units);
    try {
      return await work();
    } finally {
      this.release(key, units);
    }
  }

  private fits(key: string, units: number) {
    return (
      this.inFlight + units <= this.options.capacity &&
      (this.byKey.get(key) ?? 0) + units <= this.options.perCaller
    );
  }

  private admit(key: string, units: number): Promise<void> {
    // Each caller's requests start in their order; another caller's queue
    // does not hold up work that fits now.
    const mineWaiting = this.queue.some(w => w.key === key);
    if (!mineWaiting && this.fits(key, units)) {
      this.take(key, units);
      return Promise.resolve();
    }
    const queued = this.queue.filter(w => w.key === key).length;
    if (queued >= this.options.maxQueuedPerCaller) {
      return Promise.reject(new BusyError(5));
    }
    return new Promise(resolve => {
      this.queue.push({ key, cost: units, start: resolve });
    });
  }

  private take(key: string, units: number) {
    this.inFlight += units;
    this.byKey.set(key, (this.byKey.get(key) ?? 0) + units);
  }

  private release(key: string, units: number) {
    this.inFlight -= units;
    const left = (this.byKey.get(key) ?? 0) - units;
    if (left > 0) {
      this.byKey.set(key, left);
    } else {
      this.byKey.delete(key);
    }
    // Start waiters in order; one that does not fit yet does not hold up
    // other callers' work that does (each caller's own order is kept).
    const blockedKeys = new Set<string>();
    for (let i = 0; i < this.queue.length; ) {
      const waiter = this.queue[i];
      if (!blockedKeys.has(waiter.key) && this.fits(waiter.key, waiter.cost)) {
        this.queue.splice(i, 1);
        this.take(waiter.key, waiter.cost);
        waiter.start();
      } else {
        blockedKeys.add(waiter.key);
        i++;
      }
    }
  }
}

const MONTH = 30 * 24 * 3600 * 1000;

/** Milliseconds of a date-time string; anything else (the route refuses it later) is NaN. */
const timeOf = (value: unknown) =>
  typeof value === 'string' ? Date.parse(value) : Number.NaN;

function monthsBetween(from: unknown, to: unknown): number {
  const span = timeOf(to) - timeOf(from);
  return Number.isFinite(span) && span > 0 ? span / MONTH : 1;
}

const scoped = (query: express.Request['query']) =>
  Boolean(query.entityRef || query.system || query.owner);

/**
 * What a request will cost, in units of roughly a month of one scope's
 * calendar, from its route and parameters. Unknown routes are cheap.
 */
export function costOf(req: express.Request): number {
  const { query } = req;
  const path = req.path;
  if (req.method === 'GET' && path === '/calendar') {
    return monthsBetween(query.from, query.to) * (scoped(query) ? 1 : 4);
  }
  if (req.method === 'GET' && path === '/calendar.ics') {
    // Seven months around now.
    return 7 * (scoped(query) ? 1 : 4);
  }
  if (req.method === 'GET' && path === '/metrics') {
    return monthsBetween(query.from, query.to) * (scoped(query) ? 0.25 : 3);
  }
  if (req.method === 'POST' && path === '/policies/dry-run') {
    return 20;
  }
  if (req.method === 'POST' && path === '/calendar/check') {
    const body = (req.body ?? {}) as {
      plannedStart?: unknown;
      plannedEnd?: unknown;
      components?: unknown[];
    };
    const components = Array.isArray(body.components)
      ? body.components.length
      : 1;
    return (
      1 +
      monthsBetween(body.plannedStart, body.plannedEnd) *
        Math.max(1, components / 10)
    );
  }
  if (
    req.method === 'GET' &&
    path === '/releases' &&
    query.q &&
    !scoped(query)
  ) {
    // A text search reads every title.
    return 6;
  }
  if (req.method === 'GET' && path === '/approvals/inbox') {
    return 6;
  }
  if (req.method === 'GET' && path === '/impact') {
    return (typeof query.depth === 'string' ? Number(query.depth) || 2 : 2) * 2;
  }
  if (
    req.method === 'GET' &&
    ['/deployments', '/versions'].includes(path) &&
    query.format
  ) {
    return 20;
  }
  if (req.method === 'GET' && /^\/baselines\/[^/]+\/diff$/.test(path)) {
    return query.format ? 20 : 5;
  }
  return 0;
}

/** Who is asking, for their share of the budget: their credentials or feed token, hashed. */
export function callerKey(req: express.Request): string {
  const secret =
    req.headers.authorization ??
    (typeof req.query.token === 'string' ? req.query.token : req.ip ?? '');
  return createHash('sha256').update(String(secret)).digest('base64url');
}

/** Express middleware that holds expensive requests until the budget allows them. */
export function budgeted(budget: WorkBudget): express.RequestHandler {
  return (req, _res, next) => {
    const cost = costOf(req);
    if (cost <= 0) {
      next();
      return;
    }
    budget
      .run(
        callerKey(req),
        cost,
        () =>
          new Promise<void>(resolve => {
            // Admitted: let the route run, and free the units when it answers.
            _res.on('finish', () => resolve());
            _res.on('close', () => resolve());
            next();
          }),
      )
      .catch(next);
  };
}
