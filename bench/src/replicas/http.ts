/** The two backends of the test, each behind its own port (no load balancer). */
export type ReplicaName = 'A' | 'B';

/** What a request of the load was meant to do, to group them when checking. */
export type Operation =
  | 'create'
  | 'edit'
  | 'transition'
  | 'approve'
  | 'approve-own'
  | 'deployment'
  | 'incident'
  | 'review';

/** One request of the load and what came back (status 0: no response at all). */
export interface Exchange {
  seq: number;
  round: string;
  replica: ReplicaName;
  operation: Operation;
  /** What the request is about, e.g. a release id or an external id. */
  key: string;
  method: string;
  path: string;
  user: string;
  requestBody: unknown;
  status: number;
  body: any;
  /** The connection error, for requests that got no response. */
  error?: string;
  startedAt: number;
  finishedAt: number;
}

/** Every exchange of the run, in the order the responses arrived. */
export class Recorder {
  readonly exchanges: Exchange[] = [];
  private seq = 0;
  private readonly listeners = new Set<(exchange: Exchange) => void>();

  nextSeq() {
    this.seq += 1;
    return this.seq;
  }

  /** Requests sent whose answer (or failure) has not come back yet. */
  inFlight() {
    return this.seq - this.exchanges.length;
  }

  add(exchange: Exchange) {
    this.exchanges.push(exchange);
    this.listeners.forEach(listener => listener(exchange));
  }

  /** Resolves once `count` exchanges of the round have finished. */
  whenFinished(round: string, count: number): Promise<void> {
    return new Promise(resolve => {
      const check = () => {
        const done = this.exchanges.filter(e => e.round === round).length;
        if (done >= count) {
          this.listeners.delete(check);
          resolve();
        }
      };
      this.listeners.add(check);
      check();
    });
  }
}

/** Calls one replica's releases API as one signed-in user, recording each exchange. */
export class ReplicaClient {
  constructor(
    readonly name: ReplicaName,
    readonly baseUrl: string,
    private readonly recorder: Recorder,
  ) {}

  async call(request: {
    round: string;
    operation: Operation;
    key: string;
    method: 'GET' | 'POST' | 'PATCH';
    path: string;
    user: string;
    token: string;
    body?: unknown;
  }): Promise<Exchange> {
    const seq = this.recorder.nextSeq();
    const startedAt = Date.now();
    let status = 0;
    let body: any;
    let error: string | undefined;
    try {
      const res = await fetch(`${this.baseUrl}/api/releases${request.path}`, {
        method: request.method,
        headers: {
          Authorization: `Bearer ${request.token}`,
          ...(request.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
        },
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(60_000),
      });
      status = res.status;
      const text = await res.text();
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
    } catch (e) {
      // A killed replica resets or refuses the connection; a response cut
      // off half-way counts as no response too.
      status = 0;
      const cause = (e as { cause?: { code?: string } }).cause;
      error = cause?.code ?? (e as Error).name ?? String(e);
    }
    const exchange: Exchange = {
      seq,
      round: request.round,
      replica: this.name,
      operation: request.operation,
      key: request.key,
      method: request.method,
      path: request.path,
      user: request.user,
      requestBody: request.body,
      status,
      body,
      error,
      startedAt,
      finishedAt: Date.now(),
    };
    this.recorder.add(exchange);
    return exchange;
  }
}

export const isSuccess = (exchange: Pick<Exchange, 'status'>) =>
  exchange.status >= 200 && exchange.status < 300;
