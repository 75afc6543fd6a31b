import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  APPROVAL_DECISIONS,
  Release,
  ReleaseApprovals,
} from '@backstage-itsm/plugin-releases-common';
import fc from 'fast-check';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import request from 'supertest';
import { releasesPlugin } from '../plugin';
import { KnexReleaseStore } from '../releases/KnexReleaseStore';
import { releasesApi } from '../__testUtils__/apiClient';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';
import { notType, policyByUser } from '../__testUtils__/policies';
import { APPROVED_FIELDS } from './ReleaseGovernance';

// The governance invariants under random sequences of calls by several
// people: create, edit, move (forward, back, cancel, break-glass), approve and
// reject, review, deployment reports and gate questions, reads by a user
// whose policy hides emergency releases. After every step the invariants
// are checked against the database and the API. RELEASES_PROPERTY_RUNS sets
// the number of sequences per database (200 in CI); RELEASES_PROPERTY_SEED
// and RELEASES_PROPERTY_PATH replay a failure it printed.

jest.setTimeout(30 * 60_000);

const databases = createTestDatabases();
const RUNS = Number(process.env.RELEASES_PROPERTY_RUNS ?? 200);

const now = DateTime.utc();
const local = (d: DateTime) => d.toFormat("yyyy-MM-dd'T'HH:mm:ss");
const config = {
  releases: {
    environments: [{ name: 'staging' }, { name: 'production', gated: true }],
    approvalPolicies: [
      {
        name: 'cab-for-major',
        when: { types: ['major'], environments: ['production'] },
        require: [
          { group: 'group:default/cab', count: 2 },
          { owner: true, count: 1 },
        ],
      },
      {
        name: 'emergency',
        when: { types: ['emergency'] },
        require: [{ group: 'release-managers', count: 1 }],
        reviewAfter: { days: 2 },
      },
    ],
    // The storefront is frozen in production throughout; emergencies may pass.
    freezeWindows: [
      {
        name: 'Storefront freeze',
        start: local(now.minus({ days: 1 })),
        end: local(now.plus({ days: 60 })),
        timezone: 'UTC',
        environments: ['production'],
        allow: ['emergency'],
        selector: { system: 'storefront' },
      },
    ],
  },
};

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'sam'] as const;
type User = (typeof USERS)[number];
/** carol sits on the CAB but may not read emergency releases. */
const HIDDEN_FROM: User = 'carol';
const COMPONENTS = [
  'component:default/payments-api',
  'component:default/ledger-service',
  'component:default/cart-service',
];
const STOREFRONT = new Set(['component:default/cart-service']);
const OWNERS = ['group:default/payments-team', 'group:default/storefront-team'];
const TYPES = ['major', 'minor', 'emergency'] as const;
const VERSIONS = ['1.0.0', '2.0.0'];
const ENVIRONMENTS = ['staging', 'production'];

/** What the sequence knows about each release it made. */
interface Tracked {
  id: string;
  title: string;
  /** What was approved, as it was when the release last entered deploy. */
  deployed?: Record<string, string>;
  brokeGlass: boolean;
}

interface Model {
  releases: Tracked[];
}

interface Real {
  api: ReturnType<typeof releasesApi>;
  knex: Knex;
  store: KnexReleaseStore;
}

const approvedFieldsOf = (release: Release) =>
  Object.fromEntries(
    APPROVED_FIELDS.map(field => [field, JSON.stringify(release[field])]),
  );

class Violation extends Error {}
function ensure(condition: unknown, what: string, detail?: unknown): void {
  if (!condition) {
    throw new Violation(
      `${what}${detail === undefined ? '' : `: ${JSON.stringify(detail)}`}`,
    );
  }
}

/** No answer may be a server error. */
function answered(res: request.Response, what: string) {
  ensure(res.status < 500, `${what} answered ${res.status}`, res.body);
  return res;
}

/** Everything a user under the hiding policy receives must name no emergency release. */
async function checkNoTrace(
  real: Real,
  model: Model,
  res: request.Response,
  asked?: string,
) {
  const hidden = (
    await real.store.getMany(model.releases.map(r => r.id))
  ).filter(r => r.type === 'emergency');
  let text = `${res.text ?? ''}${JSON.stringify(res.body ?? {})}`;
  if (asked) {
    // The id the user asked about comes back in the error's request URL.
    text = text.split(asked).join('<asked>');
  }
  for (const release of hidden) {
    ensure(
      !text.includes(release.id) && !text.includes(release.title),
      `an answer to ${HIDDEN_FROM} names the emergency release ${release.title}`,
      text.slice(0, 500),
    );
  }
}

async function phaseOf(real: Real, id: string) {
  return (await real.store.get(id))!.phase;
}

/** The invariants, against the database, after every step. */
/** How many times the invariants were checked, so a run that checked nothing fails. */
let invariantChecks = 0;

async function checkInvariants(model: Model, real: Real) {
  invariantChecks++;
  // One decision per approver and round.
  const repeats = await real
    .knex('approvals')
    .select('release_id', 'round', 'approver')
    .count({ c: '*' })
    .groupBy('release_id', 'round', 'approver')
    .havingRaw('count(*) > 1');
  ensure(repeats.length === 0, 'an approver decided twice in a round', repeats);

  const releases = new Map(
    (await real.store.getMany(model.releases.map(r => r.id))).map(r => [
      r.id,
      r,
    ]),
  );
  const decisions: Array<{
    release_id: string;
    round: number | string;
    approver: string;
  }> = await real.knex('approvals').select('release_id', 'round', 'approver');
  for (const tracked of model.releases) {
    const release = releases.get(tracked.id)!;
    // What was approved is what deploys.
    if (
      tracked.deployed &&
      ['deploy', 'review', 'closed'].includes(release.phase)
    ) {
      ensure(
        JSON.stringify(approvedFieldsOf(release)) ===
          JSON.stringify(tracked.deployed),
        'what was approved changed after the release entered deploy',
        {
          id: release.id,
          now: approvedFieldsOf(release),
          then: tracked.deployed,
        },
      );
    }
    // An owed review never disappears.
    if (tracked.brokeGlass) {
      ensure(
        release.breakGlass !== null && release.type === 'emergency',
        'a break-glass release lost its owed review or its type',
        release,
      );
    }
    // Nobody's decision counts on a release they created or re-owned.
    for (const d of decisions.filter(
      x =>
        x.release_id === release.id &&
        Number(x.round) === release.approvalRound,
    )) {
      ensure(
        d.approver !== release.createdBy &&
          d.approver !== release.ownerChangedBy,
        'a creator or re-owner decided in the current round',
        d,
      );
    }
  }
}

/** What the gate must answer, worked out independently from the API's own reads. */
async function expectedDeploy(
  real: Real,
  model: Model,
  entityRef: string,
  environment: string,
  version: string,
) {
  const frozen = environment === 'production' && STOREFRONT.has(entityRef);
  const blocks = (type?: string) => frozen && type !== 'emergency';
  if (environment !== 'production') {
    return !blocks(undefined);
  }
  for (const release of await real.store.getMany(
    model.releases.map(r => r.id),
  )) {
    const component = release.components.find(c => c.entityRef === entityRef);
    if (
      release.phase !== 'deploy' ||
      !component ||
      !release.environments.includes(environment) ||
      (component.version && component.version !== version)
    ) {
      continue;
    }
    const approvals: ReleaseApprovals = (
      await real.api.approvals(release.id, 'erin')
    ).body;
    const covered =
      release.breakGlass !== null ||
      approvals.status === 'approved' ||
      approvals.status === 'not_required';
    if (covered && !blocks(release.type)) {
      return true;
    }
  }
  return false;
}

const pick = <T>(items: readonly T[], index: number) =>
  items[index % items.length];

class Create implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly user: User,
    readonly type: (typeof TYPES)[number],
    readonly owner: number,
    readonly component: number,
    readonly version: number | null,
    readonly environments: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const title = `T-${Math.random().toString(36).slice(2, 10)}`;
    const res = answered(
      await real.api.plan(this.user, {
        title,
        type: this.type,
        owner: pick(OWNERS, this.owner),
        components: [
          {
            entityRef: pick(COMPONENTS, this.component),
            ...(this.version === null
              ? {}
              : { version: pick(VERSIONS, this.version) }),
          },
        ],
        environments: [['staging'], ['production'], ENVIRONMENTS][
          this.environments
        ],
      }),
      'create',
    );
    if (this.user === HIDDEN_FROM && this.type === 'emergency') {
      // Nobody plans a release they would not be allowed to see.
      ensure(
        res.status === 403,
        'a release hidden from its planner was made',
        res.body,
      );
    } else {
      ensure(res.status === 201, 'a valid plan was refused', res.body);
      model.releases.push({ id: res.body.id, title, brokeGlass: false });
    }
    if (this.user === HIDDEN_FROM) {
      await checkNoTrace(real, model, res);
    }
    await checkInvariants(model, real);
  }
  toString = () => `Create(${this.user}, ${this.type})`;
}

type Change =
  | { field: 'type'; value: number }
  | { field: 'owner'; value: number }
  | { field: 'version'; value: number }
  | { field: 'environments'; value: number }
  | { field: 'plannedEnd'; value: number }
  | { field: 'title'; value: number };

class Edit implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly user: User,
    readonly release: number,
    readonly change: Change,
  ) {}
  check = (model: Readonly<Model>) => model.releases.length > 0;
  async run(model: Model, real: Real) {
    const tracked = pick(model.releases, this.release);
    const current = (await real.store.get(tracked.id))!;
    const body: Record<string, unknown> = { revision: current.revision };
    const { field, value } = this.change;
    if (field === 'type') body.type = pick(TYPES, value);
    if (field === 'owner') body.owner = pick(OWNERS, value);
    if (field === 'environments')
      body.environments = value % 2 ? ['production'] : ENVIRONMENTS;
    if (field === 'plannedEnd')
      body.plannedEnd = DateTime.fromISO(current.plannedStart)
        .plus({ days: 1 + (value % 5) })
        .toISO();
    if (field === 'title') body.title = `${tracked.title} (edited)`;
    if (field === 'version')
      body.components = current.components.map(c => ({
        entityRef: c.entityRef,
        version: pick(VERSIONS, value),
      }));
    const res = answered(
      await real.api.call('patch', `/releases/${tracked.id}`, this.user, body),
      'edit',
    );
    ensure(
      [200, 400, 403, 404, 409].includes(res.status),
      'an edit answered an unexpected status',
      { status: res.status, body: res.body },
    );
    if (this.user === HIDDEN_FROM) {
      await checkNoTrace(real, model, res, tracked.id);
    }
    await checkInvariants(model, real);
  }
  toString = () =>
    `Edit(${this.user}, #${this.release}, ${this.change.field}=${this.change.value})`;
}

class Move implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly user: User,
    readonly release: number,
    readonly direction: 'forward' | 'back' | 'cancel',
    readonly withReason: boolean,
  ) {}
  check = (model: Readonly<Model>) => model.releases.length > 0;
  async run(model: Model, real: Real) {
    const tracked = pick(model.releases, this.release);
    const path = [
      'plan',
      'design',
      'build',
      'test',
      'deploy',
      'review',
      'closed',
    ];
    const phase = await phaseOf(real, tracked.id);
    const index = path.indexOf(phase);
    let to = 'cancelled';
    if (this.direction === 'forward') to = path[Math.min(index + 1, 6)];
    if (this.direction === 'back') to = path[Math.max(index - 1, 0)];
    const res = answered(
      await real.api.move(
        tracked.id,
        this.user,
        to,
        this.withReason ? 'Going on' : undefined,
      ),
      'move',
    );
    if (res.status === 200) {
      const moved: Release = res.body;
      if (to === 'deploy') {
        // Entered deploy: approved as it is now, or broke glass.
        if (moved.breakGlass) {
          ensure(
            moved.type === 'emergency',
            'a non-emergency broke glass',
            moved,
          );
          tracked.brokeGlass = true;
        } else {
          const approvals = (await real.api.approvals(moved.id, 'erin')).body;
          ensure(
            ['approved', 'not_required'].includes(approvals.status),
            'a release entered deploy without its approvals',
            approvals,
          );
        }
        tracked.deployed = approvedFieldsOf(moved);
      } else if (!['review', 'closed'].includes(to)) {
        tracked.deployed = undefined;
      }
      if (to === 'closed' && moved.breakGlass) {
        const approvals = (await real.api.approvals(moved.id, 'erin')).body;
        ensure(
          approvals.status === 'approved',
          'a break-glass release closed before its review was approved',
          approvals,
        );
      }
    }
    if (this.user === HIDDEN_FROM) {
      await checkNoTrace(real, model, res, tracked.id);
    }
    await checkInvariants(model, real);
  }
  toString = () =>
    `Move(${this.user}, #${this.release}, ${this.direction}${
      this.withReason ? ', with a reason' : ''
    })`;
}

class Review implements fc.AsyncCommand<Model, Real> {
  constructor(readonly user: User, readonly release: number) {}
  check = (model: Readonly<Model>) => model.releases.length > 0;
  async run(model: Model, real: Real) {
    const tracked = pick(model.releases, this.release);
    const res = answered(
      await real.api.review(tracked.id, this.user),
      'review',
    );
    if (this.user === HIDDEN_FROM) {
      await checkNoTrace(real, model, res, tracked.id);
    }
    await checkInvariants(model, real);
  }
  toString = () => `Review(${this.user}, #${this.release})`;
}

class Decide implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly user: User,
    readonly release: number,
    readonly decision: (typeof APPROVAL_DECISIONS)[number],
  ) {}
  check = (model: Readonly<Model>) => model.releases.length > 0;
  async run(model: Model, real: Real) {
    const tracked = pick(model.releases, this.release);
    const before = (await real.store.get(tracked.id))!;
    const res = answered(
      await real.api.decide(tracked.id, this.user, this.decision),
      'decide',
    );
    if (res.status === 200 || res.status === 201) {
      const me = `user:default/${this.user}`;
      ensure(
        me !== before.createdBy &&
          me !== before.ownerChangedBy &&
          me !== before.breakGlass?.by,
        'separation of duties let a decision through',
        { me, before },
      );
      // In deploy only the after-the-fact approval a break-glass owes lands.
      ensure(
        before.phase !== 'deploy' || before.breakGlass,
        'a decision landed in deploy without break-glass',
        before,
      );
    }
    if (this.user === HIDDEN_FROM) {
      await checkNoTrace(real, model, res, tracked.id);
    }
    await checkInvariants(model, real);
  }
  toString = () => `Decide(${this.user}, #${this.release}, ${this.decision})`;
}

/** Several moves forward in a row, as a release team walks a release to deploy. */
class WalkTo implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly user: User,
    readonly release: number,
    readonly phase: 'test' | 'deploy' | 'review' | 'closed',
  ) {}
  check = (model: Readonly<Model>) => model.releases.length > 0;
  async run(model: Model, real: Real) {
    const tracked = pick(model.releases, this.release);
    const path = [
      'plan',
      'design',
      'build',
      'test',
      'deploy',
      'review',
      'closed',
    ];
    for (
      let i = path.indexOf(await phaseOf(real, tracked.id)) + 1;
      i > 0 && i <= path.indexOf(this.phase);
      i++
    ) {
      if (path[i] === 'closed') {
        // Closing needs the post-implementation review, written on the way.
        await new Review(this.user, this.release).run(model, real);
      }
      const move = new Move(this.user, this.release, 'forward', true);
      await move.run(model, real);
      if ((await phaseOf(real, tracked.id)) !== path[i]) {
        return;
      }
    }
  }
  toString = () => `WalkTo(${this.user}, #${this.release}, ${this.phase})`;
}

class Report implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly component: number,
    readonly environment: number,
    readonly version: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const entityRef = pick(COMPONENTS, this.component);
    const environment = pick(ENVIRONMENTS, this.environment);
    const version = pick(VERSIONS, this.version);
    const expected = await expectedDeploy(
      real,
      model,
      entityRef,
      environment,
      version,
    );
    const gate = answered(
      await real.api.gate({ entityRef, environment, version }),
      'gate',
    );
    const report = answered(
      await real.api.report({ entityRef, environment, version }),
      'report',
    );
    ensure(
      gate.body.allowed === expected && report.body.authorized === expected,
      'the gate or a deployment record disagrees with the rules',
      {
        entityRef,
        environment,
        version,
        expected,
        gate: gate.body,
        report: report.body,
      },
    );
    await checkInvariants(model, real);
  }
  toString = () =>
    `Report(${pick(COMPONENTS, this.component)}, ${pick(
      ENVIRONMENTS,
      this.environment,
    )}, ${pick(VERSIONS, this.version)})`;
}

const READS = [
  '/releases?limit=100',
  `/calendar?from=${encodeURIComponent(
    now.minus({ days: 1 }).toISO()!,
  )}&to=${encodeURIComponent(now.plus({ days: 60 }).toISO()!)}`,
  '/approvals/inbox',
  '/approvals/decided',
  '/deployments?limit=100',
  '/versions',
  '/incidents',
  `/metrics?from=${encodeURIComponent(
    now.minus({ days: 30 }).toISO()!,
  )}&to=${encodeURIComponent(now.plus({ days: 1 }).toISO()!)}`,
  `/gate?entityRef=payments-api&environment=production`,
];

class HiddenRead implements fc.AsyncCommand<Model, Real> {
  constructor(readonly read: number, readonly release: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const path = pick(READS, this.read);
    const res = answered(
      await real.api.call('get', path, HIDDEN_FROM),
      `read ${path}`,
    );
    ensure(res.status === 200, `${path} was refused`, res.body);
    await checkNoTrace(real, model, res);
    if (model.releases.length > 0) {
      const tracked = pick(model.releases, this.release);
      const one = answered(
        await real.api.call('get', `/releases/${tracked.id}`, HIDDEN_FROM),
        'read a release',
      );
      await checkNoTrace(real, model, one, tracked.id);
    }
  }
  toString = () => `HiddenRead(${pick(READS, this.read)}, #${this.release})`;
}

const user = fc.constantFrom(...USERS);
const index = fc.nat({ max: 30 });
const edit = fc
  .tuple(
    user,
    index,
    fc.oneof(
      ...(
        [
          'type',
          'owner',
          'version',
          'environments',
          'plannedEnd',
          'title',
        ] as const
      ).map(field => index.map(value => ({ field, value } as Change))),
    ),
  )
  .map(args => new Edit(...args));
const walk = fc
  .tuple(
    user,
    index,
    fc.constantFrom('test', 'deploy', 'review', 'closed') as fc.Arbitrary<
      'test' | 'deploy' | 'review' | 'closed'
    >,
  )
  .map(args => new WalkTo(...args));
const commands = [
  // Edits and walks are weighted up: the invariants are about what edits
  // and moves do to a release well into its lifecycle.
  edit,
  edit,
  walk,
  walk,
  walk,
  fc
    .tuple(
      user,
      fc.constantFrom(...TYPES),
      index,
      index,
      fc.option(index, { nil: null }),
      fc.nat({ max: 2 }),
    )
    .map(args => new Create(...args)),
  fc
    .tuple(
      user,
      index,
      fc.constantFrom(
        'forward',
        'forward',
        'forward',
        'back',
        'cancel',
      ) as fc.Arbitrary<'forward' | 'back' | 'cancel'>,
      fc.boolean(),
    )
    .map(args => new Move(...args)),
  fc
    .tuple(user, index, fc.constantFrom(...APPROVAL_DECISIONS))
    .map(args => new Decide(...args)),
  fc.tuple(user, index).map(args => new Review(...args)),
  fc.tuple(index, index, index).map(args => new Report(...args)),
  fc.tuple(index, index).map(args => new HiddenRead(...args)),
];

const TABLES = [
  'approvals',
  'release_reviews',
  'incidents',
  'current_versions',
  'deployments',
  'release_phase_periods',
  'release_events',
  'release_components',
  'releases',
];

describe.each(databases.eachSupportedId())(
  'governance invariants under random sequences on %p',
  databaseId => {
    let real: Real;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          releasesPlugin,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({ entities: testEntities }),
          mockServices.rootConfig.factory({ data: config }),
          policyByUser((who, permission) =>
            who === `user:default/${HIDDEN_FROM}` &&
            permission === 'releases.release.read'
              ? notType('emergency')
              : undefined,
          ),
        ],
      });
      real = {
        api: releasesApi(server),
        knex,
        store: new KnexReleaseStore(knex),
      };
      // Everyone has used the portal once, so notices reach them by their decisions.
      for (const who of USERS) {
        await real.api.call('get', '/releases', who);
      }
    });

    it(`holds every invariant after every step of ${RUNS} random sequences`, async () => {
      const checksBefore = invariantChecks;
      await fc.assert(
        fc.asyncProperty(
          fc.commands(commands, { maxCommands: 24 }),
          async sequence => {
            for (const table of TABLES) {
              await real.knex(table).delete();
            }
            await fc.asyncModelRun(
              () => ({ model: { releases: [] }, real }),
              sequence,
            );
          },
        ),
        {
          numRuns: RUNS,
          seed: process.env.RELEASES_PROPERTY_SEED
            ? Number(process.env.RELEASES_PROPERTY_SEED)
            : undefined,
          path: process.env.RELEASES_PROPERTY_PATH,
          endOnFailure: true,
        },
      );
      expect(invariantChecks).toBeGreaterThan(checksBefore);
    });
  },
);
