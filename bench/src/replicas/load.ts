import { Exchange, isSuccess, Operation, ReplicaClient } from './http';

/**
 * The people of the demo catalog (examples/org.yaml) the load acts as. The
 * creator is in none of the groups that approve payments releases, so that
 * separation of duties never hides an approver:
 * - cab-for-major: 2 of cab (alice, erin, frank, guest) + 1 of payments-team (alice, bob, guest);
 * - owner-for-minor: 1 of payments-team;
 * - emergency: 1 of release-managers (carol, frank), after break-glass.
 */
export const USERS = [
  'dave',
  'alice',
  'bob',
  'erin',
  'frank',
  'carol',
  'guest',
] as const;
export type User = (typeof USERS)[number];
const CREATOR: User = 'dave';

const PAYMENTS_COMPONENTS = [
  'component:default/payments-api',
  'component:default/ledger-service',
  'component:default/fraud-detector',
  'component:default/settlement-batch',
];
const STOREFRONT_COMPONENTS = [
  'component:default/cart-service',
  'component:default/search-service',
  'component:default/catalog-service',
];

const delay = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Every release and deployment of the run gets a version of its own. */
let versions = 0;
const nextVersion = () => `3.${++versions}.0`;

/** How many times the same request is sent at once, spread over the replicas. */
const TRANSITION_COPIES = 4;
const IDEMPOTENT_COPIES = 20;

export interface LoadContext {
  round: string;
  /** The replicas requests are spread over (a dead one still gets its share). */
  replicas: ReplicaClient[];
  tokens: Record<User, string>;
}

type ReleaseType = 'major' | 'minor' | 'emergency';

class Round {
  private turn = 0;

  constructor(private readonly ctx: LoadContext) {}

  /** The next replica in turn, so that both see every kind of request. */
  private next(): ReplicaClient {
    this.turn += 1;
    return this.ctx.replicas[this.turn % this.ctx.replicas.length];
  }

  call(
    operation: Operation,
    key: string,
    user: User,
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
    replica: ReplicaClient = this.next(),
  ): Promise<Exchange> {
    return replica.call({
      round: this.ctx.round,
      operation,
      key,
      method,
      path,
      user,
      token: this.ctx.tokens[user],
      body,
    });
  }

  /** Like a browser after a dropped connection: tries the other replica once. */
  async callWithRetry(
    operation: Operation,
    key: string,
    user: User,
    method: 'POST',
    path: string,
    body: unknown,
  ): Promise<Exchange> {
    const first = await this.call(operation, key, user, method, path, body);
    if (first.status !== 0) {
      return first;
    }
    const other = this.ctx.replicas.find(r => r.name !== first.replica);
    return other
      ? this.call(operation, key, user, method, path, body, other)
      : first;
  }

  /** The same request `copies` times at once, alternating the replicas. */
  copies(
    copies: number,
    operation: Operation,
    key: string,
    user: User,
    path: string,
    body: unknown,
  ): Promise<Exchange[]> {
    return Promise.all(
      Array.from({ length: copies }, () =>
        this.call(operation, key, user, 'POST', path, body),
      ),
    );
  }

  transition(releaseId: string, to: string, reason?: string) {
    return this.copies(
      TRANSITION_COPIES,
      'transition',
      `${releaseId}:${to}`,
      CREATOR,
      `/releases/${releaseId}/transitions`,
      reason ? { to, reason } : { to },
    );
  }

  decide(
    releaseId: string,
    approver: User,
    decision: 'approved' | 'rejected' = 'approved',
  ) {
    return this.callWithRetry(
      approver === CREATOR ? 'approve-own' : 'approve',
      releaseId,
      approver,
      'POST',
      `/releases/${releaseId}/approvals`,
      {
        decision,
        comment:
          decision === 'rejected'
            ? 'Late objection: the rollback plan is missing.'
            : `Looks good (${this.ctx.round}).`,
      },
    );
  }

  deployments(externalId: string, deployment: Record<string, unknown>) {
    return this.copies(
      IDEMPOTENT_COPIES,
      'deployment',
      externalId,
      CREATOR,
      '/deployments',
      {
        ...deployment,
        status: 'succeeded',
        source: 'replicas-test',
        externalId,
      },
    );
  }

  incidents(externalId: string, entityRef: string, environment: string) {
    return this.copies(
      IDEMPOTENT_COPIES,
      'incident',
      externalId,
      CREATOR,
      '/incidents',
      {
        entityRef,
        environment,
        severity: 'high',
        title: `Error rate up (${externalId})`,
        openedAt: new Date().toISOString(),
        source: 'replicas-test',
        externalId,
      },
    );
  }

  async release(index: number): Promise<void> {
    const { round } = this.ctx;
    const types: ReleaseType[] = ['major', 'minor', 'emergency'];
    const type = types[index % types.length];
    const component = PAYMENTS_COMPONENTS[index % PAYMENTS_COMPONENTS.length];
    const version = nextVersion();
    const start = new Date(Date.now() + 2 * 86400000 + index * 3600000);
    const created = await this.callWithRetry(
      'create',
      `${round}#${index}`,
      CREATOR,
      'POST',
      '/releases',
      {
        title: `${round} ${type} release ${index}`,
        description: 'Created by the multi-replica test.',
        type,
        plannedStart: start.toISOString(),
        plannedEnd: new Date(start.getTime() + 4 * 3600000).toISOString(),
        owner: 'group:default/payments-team',
        components: [{ entityRef: component, version }],
        environments: ['staging', 'production'],
      },
    );
    if (created.status !== 201) {
      return;
    }
    const id: string = created.body.id;

    // Two editors with the same revision: only one may win.
    await Promise.all(
      (['alice', 'bob'] as const).map(editor =>
        this.call('edit', id, editor, 'PATCH', `/releases/${id}`, {
          title: `${round} ${type} release ${index} (edited by ${editor})`,
          revision: created.body.revision,
        }),
      ),
    );

    const approvers: User[] =
      type === 'major'
        ? ['alice', 'alice', 'bob', 'erin', 'frank', CREATOR]
        : ['bob', 'bob', 'alice', CREATOR];
    await Promise.all([
      this.transition(id, 'design'),
      ...(type === 'emergency' ? [] : approvers.map(a => this.decide(id, a))),
    ]);
    await this.transition(id, 'build');
    await this.transition(id, 'test');

    let deploy: Exchange[];
    if (type === 'emergency') {
      deploy = await this.transition(id, 'deploy', 'Customers cannot pay.');
      await Promise.all(
        (['frank', 'frank', 'carol'] as const).map(a => this.decide(id, a)),
      );
    } else {
      // A last decision races the deploy gate: whichever comes first wins,
      // but a rejection must never be overtaken by the move into deploy.
      // A decision takes about twice as long as a move (it is evaluated
      // before and after), so the moves leave 0 to 450 ms after it, for
      // both orders to occur.
      const [, moves] = await Promise.all([
        this.decide(id, 'guest', index % 2 === 0 ? 'rejected' : 'approved'),
        // Varied so that rejections (even indexes) and approvals meet both orders.
        delay(((index + Math.floor(index / 2)) % 4) * 150).then(() =>
          this.transition(id, 'deploy'),
        ),
      ]);
      deploy = moves;
    }

    const deployed = deploy.some(isSuccess);
    await Promise.all([
      this.deployments(
        `${id}:${deployed ? 'production' : 'staging'}`,
        deployed
          ? { entityRef: component, environment: 'production', version }
          : { entityRef: component, environment: 'staging', version },
      ),
      this.incidents(
        `${id}:incident`,
        component,
        deployed ? 'production' : 'staging',
      ),
    ]);
    if (!deployed) {
      return;
    }

    const review = await this.transition(id, 'review');
    if (review.some(isSuccess)) {
      await Promise.all(
        (['alice', 'bob', 'alice'] as const).map(reviewer =>
          this.call('review', id, reviewer, 'POST', `/releases/${id}/review`, {
            outcome: 'successful',
            wentWell: `Reviewed by ${reviewer}.`,
          }),
        ),
      );
    }
  }

  /** CI reports and monitoring alerts that belong to no release. */
  async unplanned(index: number): Promise<void> {
    const { round } = this.ctx;
    const component =
      STOREFRONT_COMPONENTS[index % STOREFRONT_COMPONENTS.length];
    await Promise.all([
      this.deployments(`${round}:staging:${index}`, {
        entityRef: component,
        environment: 'staging',
        version: nextVersion(),
      }),
      this.incidents(`${round}:incident:${index}`, component, 'staging'),
    ]);
  }
}

/** One round of load: `releases` releases through their lifecycle, all at once. */
export async function runRound(
  ctx: LoadContext,
  options: { releases: number; unplanned: number },
): Promise<void> {
  const round = new Round(ctx);
  await Promise.all([
    ...Array.from({ length: options.releases }, (_, i) => round.release(i)),
    ...Array.from({ length: options.unplanned }, (_, i) => round.unplanned(i)),
  ]);
}
