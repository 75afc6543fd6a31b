/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expectProperty"] }] */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import fc from 'fast-check';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { fromDbTime, toDbTime } from '../database/time';
import { releasesPlugin } from '../plugin';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  createTableSnapshotter,
  DERIVED_TABLES,
  DatabaseSnapshot,
  listPluginTables,
  PLUGIN_TABLES,
} from '../__testUtils__/tableState';
import { createRouter, RouterOptions } from './router';

/**
 * Property-based fuzzing of every mutating route: whatever the body, query
 * string or path id, the answer is never a 5xx, and a 4xx leaves every plugin
 * table exactly as it was (row counts and checksums).
 *
 * fast-check prints the seed and path of a failure; replay one with
 * RELEASES_FUZZ_SEED=<seed> (and RELEASES_FUZZ_PATH=<path>). RELEASES_FUZZ_RUNS
 * multiplies the number of runs for a longer local session.
 */

jest.setTimeout(120_000);

const databases = createTestDatabases();

const RUN_FACTOR = Number(process.env.RELEASES_FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * RUN_FACTOR));
const fuzzParameters = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns: runs(numRuns),
  ...(process.env.RELEASES_FUZZ_SEED
    ? {
        seed: Number(process.env.RELEASES_FUZZ_SEED),
        path: process.env.RELEASES_FUZZ_PATH,
      }
    : {}),
});

/** Runs per route and kind of input; the whole file stays well under 90 s per database. */
const NUM_RUNS = {
  arbitraryJson: 25,
  brokenField: 50,
  hostile: 50,
  query: 15,
  pathId: 30,
};

const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);
const pipeline = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:ci'),
  targetPluginId: 'releases',
});

// A freeze that covers production right now, whatever day the test runs,
// next to a fixed and a recurring one, so plans run into all three kinds.
const now = DateTime.utc();
const config = {
  releases: {
    environments: [{ name: 'staging' }, { name: 'production', gated: true }],
    freezeWindows: [
      {
        name: 'Incident freeze',
        start: now.minus({ hours: 1 }).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
        end: now.plus({ hours: 5 }).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
        timezone: 'UTC',
        environments: ['production'],
        allow: ['emergency'],
      },
      {
        name: 'Year-end freeze',
        start: '2026-12-20T00:00:00',
        end: '2027-01-04T00:00:00',
        timezone: 'Europe/Berlin',
        environments: ['production'],
        allow: ['emergency'],
      },
      {
        name: 'Payments Fridays',
        rrule: 'FREQ=WEEKLY;BYDAY=FR;BYHOUR=14',
        duration: 'PT10H',
        timezone: 'America/New_York',
        environments: ['production'],
        selector: { system: 'payments' },
      },
    ],
    // Release plans: the creator manages each release, the review phase has
    // a task, and a major release needs QA from the CAB to leave test.
    roles: [
      { id: 'release-manager', title: 'Release manager', default: 'creator' },
      { id: 'qa-lead', title: 'QA lead' },
    ],
    checklists: {
      minor: {
        tasks: [{ title: 'Release notes published', phase: 'review' }],
        milestones: [
          { phase: 'test', due: { from: 'plannedStart', days: -1 } },
        ],
      },
    },
    exitCriteria: {
      test: {
        signoffs: [
          { name: 'QA', group: 'group:default/cab', types: ['major'] },
        ],
      },
    },
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
    // Monthly: the fixtures are on the agenda of its next upcoming meeting.
    cab: {
      boards: [
        {
          name: 'Monthly CAB',
          group: 'group:default/cab',
          chair: 'group:default/release-managers',
          rrule: 'FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9',
          when: { types: ['major'], environments: ['production'] },
        },
      ],
    },
  },
};

// ---------------------------------------------------------------------------
// The routes under test

/** Seeded releases, each kept in its phase so deep validation is reachable. */
const FIXTURES = {
  plan: { type: 'minor', phase: 'plan' },
  test: { type: 'major', phase: 'test' },
  emergency: { type: 'emergency', phase: 'test' },
  deploy: { type: 'minor', phase: 'deploy' },
  review: { type: 'minor', phase: 'review' },
  cancelled: { type: 'minor', phase: 'cancelled' },
} as const;
type Fixture = keyof typeof FIXTURES;

interface Context {
  releaseId(fixture: Fixture): string;
  revisionOf(id: string): Promise<number>;
  feedTokenIds(): string[];
  /** The first task of a fixture's release, with its revision. */
  taskOf(fixture: Fixture): Promise<{ id: string; revision: number }>;
  notesRevisionOf(id: string): Promise<number>;
  watchIds(): string[];
  /** The next upcoming CAB meeting. */
  meetingId(): string;
  /** Runtime freezes, a live one first. */
  freezeIds(): string[];
}

interface Target {
  /** What `:id` stands for; undefined for routes without one. */
  id?: (ctx: Context) => string;
  /** What the path's other parameters (`:taskId`) stand for. */
  params?: (ctx: Context) => Promise<Record<string, string>>;
  label: string;
  body: (ctx: Context) => Promise<Record<string, unknown>>;
  /** The statuses the unbroken body gets from the first caller. */
  accepted: number[];
}

interface RouteSpec {
  method: 'post' | 'put' | 'patch' | 'delete';
  path: string;
  /** Authorization headers of the callers the fuzzer picks from. */
  callers: string[];
  targets: Target[];
  /** The route parses its body: a 400 for an object body names a field. */
  validatesBody: boolean;
  /** The route never writes, not even when it succeeds. */
  readOnly?: boolean;
}

const PLANNED = {
  plannedStart: '2026-12-01T09:00:00Z',
  plannedEnd: '2026-12-03T17:00:00Z',
};

function releaseBody(type: string) {
  return {
    title: 'Fuzz release',
    description: 'Seeded by the fuzz suite',
    type,
    ...PLANNED,
    owner: 'group:default/payments-team',
    components: [
      { entityRef: 'component:default/payments-api', version: '2.5.0' },
    ],
    environments: ['staging', 'production'],
  };
}

const release = (fixture: Fixture) => (ctx: Context) => ctx.releaseId(fixture);

const ROUTES: RouteSpec[] = [
  {
    method: 'post',
    path: '/releases',
    callers: [as('alice')],
    validatesBody: true,
    targets: [
      { label: 'new', body: async () => releaseBody('minor'), accepted: [201] },
    ],
  },
  {
    method: 'patch',
    path: '/releases/:id',
    callers: [as('alice'), as('bob')],
    validatesBody: true,
    targets: (['plan', 'test', 'cancelled'] as const).map(fixture => ({
      label: fixture,
      id: release(fixture),
      accepted: fixture === 'cancelled' ? [409] : [200],
      body: async (ctx: Context) => ({
        ...releaseBody(FIXTURES[fixture].type),
        title: 'Renamed by the fuzz suite',
        revision: await ctx.revisionOf(ctx.releaseId(fixture)),
      }),
    })),
  },
  {
    method: 'post',
    path: '/releases/:id/transitions',
    callers: [as('alice')],
    validatesBody: true,
    targets: [
      { fixture: 'plan', body: { to: 'design' }, accepted: [200] },
      // Two of three approvals missing.
      {
        fixture: 'test',
        body: { to: 'deploy', reason: 'Ready' },
        accepted: [409],
      },
      // Breaks glass.
      {
        fixture: 'emergency',
        body: { to: 'deploy', reason: 'Outage' },
        accepted: [200],
      },
      // Needs a review first, unless the review route recorded one.
      { fixture: 'review', body: { to: 'closed' }, accepted: [200, 409] },
      {
        fixture: 'cancelled',
        body: { to: 'plan', reason: 'Again' },
        accepted: [409],
      },
    ].map(({ fixture, body, accepted }) => ({
      label: fixture,
      id: release(fixture as Fixture),
      body: async () => body,
      accepted,
    })),
  },
  {
    method: 'post',
    path: '/releases/:id/approvals',
    callers: [as('carol'), as('erin'), as('alice')],
    validatesBody: true,
    targets: (['test', 'emergency', 'plan', 'cancelled'] as const).map(
      fixture => ({
        label: fixture,
        id: release(fixture),
        // carol is on the CAB, not a release manager; plan and cancelled
        // releases need no approval.
        accepted: {
          test: [201],
          emergency: [403],
          plan: [409],
          cancelled: [409],
        }[fixture],
        body: async () => ({ decision: 'approved', comment: 'Looks right' }),
      }),
    ),
  },
  {
    method: 'post',
    path: '/releases/:id/review',
    callers: [as('bob')],
    validatesBody: true,
    targets: (['review', 'plan'] as const).map(fixture => ({
      label: fixture,
      id: release(fixture),
      accepted: fixture === 'review' ? [201] : [409],
      body: async () => ({
        outcome: 'partially_successful',
        wentWell: 'Rollout was quiet',
        wentWrong: 'Slow migration',
        actions: [{ description: 'Index the table first', owner: 'alice' }],
      }),
    })),
  },
  {
    method: 'post',
    path: '/calendar/check',
    callers: [as('bob')],
    validatesBody: true,
    readOnly: true,
    targets: [
      {
        label: 'year-end',
        accepted: [200],
        body: async ctx => ({
          releaseId: ctx.releaseId('plan'),
          type: 'minor',
          plannedStart: '2026-12-21T09:00:00Z',
          plannedEnd: '2026-12-22T09:00:00Z',
          components: [{ entityRef: 'payments-api', version: '2.6.0' }],
          environments: ['production'],
        }),
      },
    ],
  },
  {
    method: 'post',
    path: '/feed-tokens',
    callers: [as('bob')],
    validatesBody: true,
    targets: [
      {
        label: 'new',
        body: async () => ({ name: 'Work calendar' }),
        accepted: [201],
      },
    ],
  },
  {
    method: 'delete',
    path: '/feed-tokens/:id',
    callers: [as('bob'), as('alice')],
    validatesBody: false,
    targets: [
      {
        label: 'token',
        accepted: [204],
        id: ctx => ctx.feedTokenIds()[0],
        body: async () => ({}),
      },
    ],
  },
  {
    method: 'post',
    path: '/deployments',
    callers: [pipeline, as('bob')],
    validatesBody: true,
    targets: [
      {
        label: 'in-deploy',
        accepted: [200, 201],
        body: async ctx => ({
          entityRef: 'component:default/payments-api',
          environment: 'production',
          version: '2.5.0',
          status: 'succeeded',
          deployedAt: new Date().toISOString(),
          source: 'fuzz-ci',
          externalId: 'build-1',
          releaseId: ctx.releaseId('deploy'),
          commit: 'abc123',
          url: 'https://ci.example.com/builds/1',
        }),
      },
    ],
  },
  {
    method: 'post',
    path: '/baselines',
    callers: [as('bob')],
    validatesBody: true,
    targets: [
      {
        label: 'system',
        accepted: [201],
        body: async () => ({
          name: 'Before the fuzz',
          scope: { system: 'system:default/payments' },
        }),
      },
    ],
  },
  {
    method: 'post',
    path: '/incidents',
    callers: [pipeline, as('bob')],
    validatesBody: true,
    targets: [
      {
        label: 'resolved',
        accepted: [200, 201],
        body: async () => ({
          entityRef: 'component:default/payments-api',
          environment: 'production',
          severity: 'high',
          title: 'Error rate up',
          openedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
          resolvedAt: new Date(Date.now() - 3600_000).toISOString(),
          url: 'https://status.example.com/incidents/1',
          source: 'alertmanager',
          externalId: 'INC-1',
        }),
      },
    ],
  },
  {
    method: 'post',
    path: '/policies/dry-run',
    callers: [as('erin')],
    validatesBody: true,
    readOnly: true,
    targets: [
      {
        label: 'candidate',
        accepted: [200],
        body: async () => ({
          policies: [
            {
              name: 'cab',
              description: 'Two CAB members for major changes',
              when: {
                types: ['major'],
                environments: ['production'],
                riskLevels: ['medium', 'high'],
                selector: { system: 'payments' },
              },
              require: [
                { group: 'cab', count: 2 },
                { owner: true, count: 1 },
              ],
              reviewAfter: { days: 3 },
            },
          ],
          separationOfDuties: true,
          from: '2026-01-01T00:00:00Z',
          to: '2026-12-31T00:00:00Z',
        }),
      },
    ],
  },
  {
    method: 'post',
    path: '/releases/:id/tasks',
    callers: [as('alice'), as('carol')],
    validatesBody: true,
    targets: (['plan', 'cancelled'] as const).map(fixture => ({
      label: fixture,
      id: release(fixture),
      accepted: fixture === 'plan' ? [201] : [409],
      body: async () => ({
        title: 'Smoke test',
        phase: 'test',
        assignee: 'group:default/cab',
        dueAt: '2026-12-02T09:00:00Z',
        status: 'open',
        evidence: [{ kind: 'link', url: 'https://ci.example.com/runs/1' }],
      }),
    })),
  },
  {
    method: 'patch',
    path: '/releases/:id/tasks/:taskId',
    callers: [as('alice'), as('bob')],
    validatesBody: true,
    targets: [
      {
        label: 'plan',
        id: release('plan'),
        accepted: [200],
        params: async ctx => ({ taskId: (await ctx.taskOf('plan')).id }),
        body: async ctx => ({
          revision: (await ctx.taskOf('plan')).revision,
          status: 'skipped',
          skipReason: 'Covered by the last release',
          assignee: 'user:default/bob',
          dueAt: null,
          evidence: [{ kind: 'ci_run', url: 'https://ci.example.com/runs/2' }],
        }),
      },
    ],
  },
  {
    method: 'put',
    path: '/releases/:id/milestones',
    callers: [as('alice')],
    validatesBody: true,
    targets: (['plan', 'cancelled'] as const).map(fixture => ({
      label: fixture,
      id: release(fixture),
      accepted: fixture === 'plan' ? [200] : [409],
      body: async () => ({
        milestones: [
          { phase: 'build', plannedEnd: '2026-12-01T12:00:00Z', bufferDays: 1 },
          { phase: 'test', plannedEnd: '2026-12-02T12:00:00Z' },
        ],
      }),
    })),
  },
  {
    method: 'put',
    path: '/releases/:id/roles',
    callers: [as('alice'), as('erin')],
    validatesBody: true,
    targets: (['plan', 'cancelled'] as const).map(fixture => ({
      label: fixture,
      id: release(fixture),
      accepted: fixture === 'plan' ? [200] : [409],
      body: async () => ({
        roles: { 'qa-lead': 'user:default/carol', 'release-manager': 'alice' },
      }),
    })),
  },
  {
    method: 'post',
    path: '/releases/:id/signoffs',
    callers: [as('carol'), as('erin')],
    validatesBody: true,
    targets: [
      {
        label: 'test',
        id: release('test'),
        accepted: [200, 201],
        body: async () => ({ name: 'QA', comment: 'Regression suite green' }),
      },
    ],
  },
  {
    method: 'post',
    path: '/watches',
    callers: [as('bob'), as('dave')],
    validatesBody: true,
    targets: [
      {
        label: 'release',
        accepted: [200, 201],
        body: async ctx => ({ releaseId: ctx.releaseId('plan') }),
      },
      {
        label: 'system for a team',
        accepted: [200, 201],
        body: async () => ({
          entityRef: 'system:default/payments',
          group: 'group:default/payments-team',
        }),
      },
    ],
  },
  {
    method: 'delete',
    path: '/watches/:id',
    callers: [as('bob'), as('alice')],
    validatesBody: false,
    targets: [
      {
        label: 'watch',
        accepted: [204],
        id: ctx => ctx.watchIds()[0],
        body: async () => ({}),
      },
    ],
  },
  {
    method: 'post',
    path: '/releases/:id/updates',
    callers: [as('alice'), as('bob')],
    validatesBody: true,
    targets: (['plan', 'cancelled'] as const).map(fixture => ({
      label: fixture,
      id: release(fixture),
      accepted: fixture === 'plan' ? [201] : [409],
      body: async () => ({ text: 'Build is green', health: 'at_risk' }),
    })),
  },
  {
    method: 'put',
    path: '/releases/:id/notes',
    callers: [as('alice')],
    validatesBody: true,
    targets: (['review', 'cancelled'] as const).map(fixture => ({
      label: fixture,
      id: release(fixture),
      accepted: fixture === 'review' ? [200] : [409],
      body: async (ctx: Context) => ({
        mode: 'extend',
        text: '## Highlights\n\nAdds 3-D Secure 2.',
        revision: await ctx.notesRevisionOf(ctx.releaseId(fixture)),
      }),
    })),
  },
  {
    method: 'post',
    path: '/cab/meetings/:id/items',
    // carol sits on the board; alice does not.
    callers: [as('carol'), as('alice')],
    validatesBody: true,
    targets: [
      {
        label: 'major release in test',
        id: ctx => ctx.meetingId(),
        accepted: [200, 201],
        body: async ctx => ({
          releaseId: ctx.releaseId('test'),
          note: 'Schema migration',
        }),
      },
    ],
  },
  {
    method: 'post',
    path: '/cab/meetings/:id/items/:releaseId/decision',
    // erin chairs the board; carol only sits on it.
    callers: [as('erin'), as('carol')],
    validatesBody: true,
    targets: [
      {
        label: 'major release in test',
        id: ctx => ctx.meetingId(),
        params: async ctx => ({ releaseId: ctx.releaseId('test') }),
        accepted: [200, 201],
        body: async () => ({ decision: 'deferred', comment: 'Next month' }),
      },
    ],
  },
  {
    method: 'put',
    path: '/cab/meetings/:id/minutes',
    callers: [as('erin'), as('carol')],
    validatesBody: true,
    targets: [
      {
        label: 'meeting',
        id: ctx => ctx.meetingId(),
        accepted: [200],
        body: async () => ({ text: 'Deferred the migration to next month.' }),
      },
    ],
  },
  {
    method: 'post',
    path: '/freezes',
    callers: [as('erin'), pipeline],
    validatesBody: true,
    targets: [
      {
        label: 'scheduled',
        accepted: [201],
        body: async () => ({
          name: 'Fuzz freeze',
          reason: 'Declared by the fuzz suite',
          environments: ['production'],
          selector: { system: 'payments', tag: ['pci'] },
          allow: ['emergency'],
          startsAt: DateTime.utc().plus({ days: 30 }).toISO(),
          endsAt: DateTime.utc().plus({ days: 31 }).toISO(),
        }),
      },
    ],
  },
  {
    method: 'delete',
    path: '/freezes/:id',
    callers: [as('erin'), as('bob')],
    validatesBody: true,
    targets: [
      {
        label: 'live',
        id: ctx => ctx.freezeIds()[0],
        accepted: [200],
        body: async () => ({ reason: 'Lifted by the fuzz suite' }),
      },
    ],
  },
];

const routeName = (r: RouteSpec) => `${r.method.toUpperCase()} ${r.path}`;

// ---------------------------------------------------------------------------
// Building bodies

type Path = Array<string | number>;

/** Every path inside a JSON value (to a depth of 20), the value itself first. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (prefix.length >= 20) {
    return paths;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => paths.push(...pathsOf(v, [...prefix, i])));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      paths.push(...pathsOf(v, [...prefix, k]));
    }
  }
  return paths;
}

/** Sets an own property, even one named `__proto__`. */
function setOwn(target: object, key: string | number, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function parentOf(root: unknown, path: Path): any {
  return path.slice(0, -1).reduce((node: any, key) => node[key], root);
}

type BodyPlan =
  | { kind: 'valid' }
  | { kind: 'raw'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'remove'; at: number }
  | { kind: 'extra'; at: number; key: string; value: unknown };

function buildBody(valid: Record<string, unknown>, plan: BodyPlan): unknown {
  if (plan.kind === 'valid') {
    return valid;
  }
  if (plan.kind === 'raw') {
    return plan.value;
  }
  if (plan.kind === 'text') {
    return undefined;
  }
  const body = clone(valid);
  const inner = pathsOf(body).slice(1);
  if (plan.kind === 'extra') {
    // An unknown key on the body itself or on any object inside it.
    const objects = pathsOf(body).filter(p => {
      const node = p.reduce((n: any, k) => n[k], body);
      return node && typeof node === 'object' && !Array.isArray(node);
    });
    const path = objects[plan.at % objects.length];
    const node = path.reduce((n: any, k) => n[k], body);
    const key = Object.prototype.hasOwnProperty.call(node, plan.key)
      ? `${plan.key}_unknown`
      : plan.key;
    setOwn(node, key, plan.value);
    return body;
  }
  if (inner.length === 0) {
    return plan.kind === 'replace' ? plan.value : body;
  }
  const path = inner[plan.at % inner.length];
  const parent = parentOf(body, path);
  const key = path[path.length - 1];
  if (plan.kind === 'replace') {
    setOwn(parent, key, plan.value);
  } else if (Array.isArray(parent)) {
    parent.splice(Number(key), 1);
  } else {
    delete parent[key];
  }
  return body;
}

// ---------------------------------------------------------------------------
// Generators

/**
 * A deeply nested value, built only when it is serialised: fast-check
 * prints a counterexample recursively and would overflow the stack on it.
 */
class Nested {
  constructor(
    readonly depth: number,
    readonly asArray: boolean,
    readonly leaf: unknown,
  ) {}

  toJSON() {
    let value: unknown = this.leaf;
    for (let i = 0; i < this.depth; i++) {
      value = this.asArray ? [value] : { a: value };
    }
    return value;
  }

  [fc.toStringMethod]() {
    return `Nested(${this.depth}, ${this.asArray ? 'arrays' : 'objects'})`;
  }
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\t\n',
  '\u0000',
  'payments\u0000api',
  'component:default/payments-api\u0000',
  '\ud800',
  '\udfff\ud800',
  '\ufeff',
  '\u202eevil',
  'e\u0301\u0301\u0301',
  '😀',
  '👩‍👩‍👧‍👦',
  'Ω≈ç√∫˜µ≤≥÷',
  '中文标题',
  "'; DROP TABLE releases; --",
  '" OR 1=1 --',
  "' OR ''='",
  '1; SELECT pg_sleep(10)',
  '%',
  '_',
  '\\',
  '$1',
  '?',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '&lt;b&gt;',
  '{{constructor.constructor("return 1")()}}',
  '${7*7}',
  '../../etc/passwd',
  // eslint-disable-next-line no-script-url -- a hostile input, never evaluated
  'javascript:alert(1)',
  'http://',
  `https://example.com/${'a'.repeat(2000)}`,
  'ftp://example.com/file',
  'component:default/',
  ':',
  '/',
  'a:b:c/d/e',
  'COMPONENT:DEFAULT/PAYMENTS-API',
  'component:other/payments-api',
  'api:default/payments-rest',
  'user:default/alice',
  'group:default/cab',
  'group:default/payments-team',
  'system:default/payments',
  'payments',
  'cab',
  'release-managers',
  'production',
  'staging',
  'Production',
  'plan',
  'design',
  'deploy',
  'closed',
  'cancelled',
  'major',
  'minor',
  'emergency',
  'approved',
  'rejected',
  'successful',
  'succeeded',
  'critical',
  'current',
  'true',
  'false',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-Infinity',
  '0',
  '1',
  '-1',
  '1e3',
  '0x10',
  '1.5',
  '00000000-0000-0000-0000-000000000000',
  '__proto__',
  'constructor',
];

const ODD_DATES = [
  '2026-02-30T00:00:00Z',
  '2026-02-29T00:00:00Z',
  '2028-02-29T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-00-10T00:00:00Z',
  '2026-12-01T24:00:00Z',
  '2026-12-01T23:59:60Z',
  '2026-12-01T09:00:00',
  '2026-12-01',
  '2026-12-01T09:00Z',
  '2026-12-01T09:00:00.123456789Z',
  '2026-12-01T09:00:00+14:00',
  '2026-12-01T09:00:00-12:00',
  '2026-12-01T09:00:00+23:59',
  '2026-12-01T09:00:00+2400',
  '0000-01-01T00:00:00Z',
  '0000-01-01T00:00:00+01:00',
  '0001-01-01T00:00:00Z',
  '1000-01-01T00:00:00Z',
  '1969-12-31T23:59:59Z',
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '9999-12-31T23:59:59-23:59',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  'Invalid Date',
  'tomorrow',
  'Tue, 01 Dec 2026 09:00:00 GMT',
];

const HOSTILE_NUMBERS = [
  0,
  -0,
  -1,
  1,
  2,
  1.5,
  20,
  21,
  50,
  90,
  91,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  1e21,
  1e308,
  -1e308,
  5e-324,
  8.64e15,
  8.64e15 + 1,
];

const longString = fc
  .tuple(
    fc.constantFrom(
      36,
      37,
      63,
      64,
      100,
      101,
      200,
      201,
      300,
      301,
      500,
      501,
      1001,
      2001,
      5001,
      10001,
      20001,
      100_000,
    ),
    fc.constantFrom('a', 'é', '😀', "'", '\u0000', ' ', 'component:x/'),
  )
  .map(([length, unit]) => unit.repeat(length).slice(0, length));

/** A date-time built from parts, most of them out of range. */
const oddDateTime = fc
  .tuple(
    fc.integer({ min: 0, max: 10_000 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 61 }),
    fc.constantFrom('Z', '+00:00', '-23:59', '+14:00', '+99:99', '', 'z'),
  )
  .map(
    ([y, mo, d, h, mi, offset]) =>
      `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(
        d,
      ).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(
        2,
        '0',
      )}:00${offset}`,
  );

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...ODD_DATES),
  oddDateTime,
  longString,
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

const deepValue = fc
  .tuple(
    fc.constantFrom(10, 100, 1000, 3000),
    fc.boolean(),
    fc.constantFrom<unknown>(null, 'x', 1, {}),
  )
  .map(([depth, asArray, leaf]) => new Nested(depth, asArray, leaf));

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.date().map(d => d.getTime()) },
  { weight: 1, arbitrary: deepValue },
  {
    weight: 1,
    arbitrary: fc.array(hostileString, { minLength: 1, maxLength: 60 }),
  },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      fc.constantFrom('__proto__', 'constructor', 'toString', 'a', ''),
      hostileString,
    ),
  },
);

/** Values of any JSON type, for a field that expects one type in particular. */
const otherTypeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    '',
    '1',
    [],
    {},
    [[]],
    [{}],
    { entityRef: 'component:default/payments-api' },
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2 }),
);

const anyBody: fc.Arbitrary<BodyPlan> = fc.oneof(
  fc
    .oneof(
      fc.jsonValue(),
      fc.anything(),
      fc.array(fc.jsonValue({ maxDepth: 2 })),
      fc.constantFrom<unknown>(undefined, null, 0, '', [], {}, [{}]),
    )
    .map(value => ({ kind: 'raw' as const, value })),
  // Not JSON at all, although it says so.
  fc
    .oneof(
      fc.constantFrom(
        '',
        '{"unterminated": ',
        "{'single': 'quotes'}",
        '{"a":1}{"b":2}',
        '\u0000',
        'NaN',
        '{"__proto__": {"admin": true}}',
      ),
      fc.string({ maxLength: 40 }),
    )
    .map(text => ({ kind: 'text' as const, text })),
);

/** An object whose keys the route knows, with values of any type. */
const objectOfKnownKeys = (keys: string[]): fc.Arbitrary<BodyPlan> =>
  fc
    .dictionary(
      fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })),
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileValue),
      { maxKeys: keys.length + 2 },
    )
    .map(value => ({ kind: 'raw', value }));

const brokenField = (values: fc.Arbitrary<unknown>): fc.Arbitrary<BodyPlan> =>
  fc.oneof(
    fc.record({
      kind: fc.constant('replace' as const),
      at: fc.nat(),
      value: values,
    }),
    fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant('extra' as const),
      at: fc.nat(),
      key: fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom('__proto__', 'constructor', 'id', 'revision', ''),
      ),
      value: fc.jsonValue({ maxDepth: 2 }),
    }),
  );

/** Random query strings: repeated keys (arrays), brackets (objects), junk. */
const queryString: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc
        .tuple(
          fc.oneof(
            fc.string({ maxLength: 10 }),
            fc.constantFrom('id', 'limit', 'revision', 'to', 'dryRun'),
          ),
          // Node refuses request lines over 16 KB (431) before any router.
          fc.oneof(
            fc.string({ maxLength: 20 }),
            hostileString.filter(v => v.length <= 1000),
          ),
        )
        .map(
          ([k, v]) =>
            `${encodeURIComponent(
              k.replace(/[\ud800-\udfff]/g, ''),
            )}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, ''))}`,
        ),
      fc.constantFrom(
        'a=1&a=2&a=3',
        'a[]=1&a[]=2',
        'a[b][c][d][e][f][g]=1',
        'a[999999]=1',
        '__proto__[x]=1',
        'constructor[prototype][x]=1',
        '%00=%00',
        '=',
        '&&&',
        'a=%E0%A4%A',
        'a=%',
        'limit=-1&offset=1e400',
        'format=csv',
        `x=${'a'.repeat(4000)}`,
      ),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map(parts => parts.join('&'));

function safeEncode(id: string): string {
  return encodeURIComponent(id.replace(/[\ud800-\udfff]/g, '\ufffd'));
}

/** Near-misses of a real id, by name so that a counterexample reads well. */
const TWISTS: Record<string, (id: string) => string> = {
  'nul after': id => `${id}%00`,
  'nul before': id => `%00${id}`,
  'space after': id => `${id}%20`,
  'upper case': id => id.toUpperCase(),
  'one short': id => id.slice(0, -1),
  'one long': id => `${id}0`,
  'slash dot dot': id => `${id}%2F..`,
};

/** A path id as sent, already URL-encoded, or a twist of the real one. */
type IdPlan = { raw: string } | { twist: string };

/** Path ids: random strings, very long ones, encoded NULs and dots, near-misses of real ids. */
const pathId: fc.Arbitrary<IdPlan> = fc.oneof(
  fc
    .constantFrom(
      '%00',
      '%00%00',
      '..',
      '.',
      '%2e%2e',
      '%2F',
      '..%2F..%2Fetc%2Fpasswd',
      '%',
      '%E0%A4%A',
      '%ZZ',
      '%ED%A0%80',
      '%C0%AF',
      '%F0%9F%98%80',
      'null',
      'undefined',
      '0',
      '-1',
      '1e400',
      '00000000-0000-0000-0000-000000000000',
      safeEncode("'; DROP TABLE releases; --"),
      safeEncode('<script>alert(1)</script>'),
      'a'.repeat(37),
      'a'.repeat(3000),
      '%00'.repeat(200),
      safeEncode('😀'.repeat(100)),
    )
    .map(raw => ({ raw })),
  // An empty id would not reach the route at all.
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: 60 })
    .map(s => ({ raw: safeEncode(s) })),
  fc.uuid().map(raw => ({ raw })),
  fc.constantFrom(...Object.keys(TWISTS)).map(twist => ({ twist })),
);

/**
 * One request over plain node:http: HTTP clients such as supertest resolve
 * `..` in the path before sending, and the fuzzer wants the server to see it.
 */
function send(
  server: Server,
  method: string,
  path: string,
  authorization: string,
  body: string | undefined,
): Promise<{ status: number; body: any }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: method.toUpperCase(),
        path,
        headers: {
          authorization,
          ...(body === undefined
            ? {}
            : {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(body),
              }),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = {};
          if (/json/.test(String(res.headers['content-type']))) {
            parsed = JSON.parse(text);
          }
          resolve({ status: res.statusCode!, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

// ---------------------------------------------------------------------------

interface FuzzCase {
  body: BodyPlan;
  target: number;
  caller: number;
  query?: string;
  id?: IdPlan;
}

describe('the fuzz suite', () => {
  it('covers every mutating route the router registers', async () => {
    const router = await createRouter({
      config: mockServices.rootConfig({ data: {} }),
      logger: mockServices.logger.mock(),
      environments: [],
      freezeWindows: [],
    } as unknown as RouterOptions);

    const registered: string[] = [];
    const walk = (stack: any[]) => {
      for (const layer of stack) {
        if (layer.route) {
          for (const method of Object.keys(layer.route.methods)) {
            registered.push(`${method.toUpperCase()} ${layer.route.path}`);
          }
        } else if (Array.isArray(layer.handle?.stack)) {
          walk(layer.handle.stack);
        }
      }
    };
    walk((router as any).stack);

    // The walk must see the read routes too, or it proves nothing.
    expect(registered).toEqual(
      expect.arrayContaining(['GET /health', 'GET /releases/:id']),
    );
    const mutating = registered
      .filter(r => !/^(GET|HEAD|OPTIONS) /.test(r))
      .sort();
    expect(mutating).toEqual(ROUTES.map(routeName).sort());
  });
});

describe.each(databases.eachSupportedId())('fuzzing on %p', databaseId => {
  let knex: Knex;
  let app: Server;
  let snapshot: () => Promise<DatabaseSnapshot>;
  const fixtureIds = new Map<Fixture, string>();
  let feedTokens: string[] = [];
  let watches: string[] = [];
  let meetingId = '';
  let freezes: string[] = [];

  const ctx: Context = {
    releaseId: fixture => fixtureIds.get(fixture)!,
    revisionOf: async id =>
      Number((await knex('releases').where({ id }).first('revision')).revision),
    feedTokenIds: () => feedTokens,
    taskOf: async fixture => {
      const row = await knex('release_tasks')
        .where({ release_id: fixtureIds.get(fixture)! })
        .orderBy('position')
        .first('id', 'revision');
      return { id: row.id, revision: Number(row.revision) };
    },
    notesRevisionOf: async id =>
      Number(
        (
          await knex('release_notes')
            .where({ release_id: id })
            .first('revision')
        )?.revision ?? 0,
      ),
    watchIds: () => watches,
    meetingId: () => meetingId,
    freezeIds: () => freezes,
  };

  async function move(id: string, to: string, reason?: string) {
    const res = await request(app)
      .post(`/api/releases/releases/${id}/transitions`)
      .set('Authorization', as('alice'))
      .send({ to, reason });
    expect(res.status).toBe(200);
  }

  async function seedFixture(fixture: Fixture) {
    const { type, phase } = FIXTURES[fixture];
    const res = await request(app)
      .post('/api/releases/releases')
      .set('Authorization', as('alice'))
      .send(releaseBody(type));
    expect(res.status).toBe(201);
    const id: string = res.body.id;
    if (phase === 'cancelled') {
      await move(id, 'cancelled');
    } else {
      for (const step of ['design', 'build', 'test', 'deploy', 'review']) {
        if (phase === 'plan') break;
        await move(id, step);
        if (step === phase) break;
      }
    }
    fixtureIds.set(fixture, id);
  }

  async function mintFeedToken() {
    const res = await request(app)
      .post('/api/releases/feed-tokens')
      .set('Authorization', as('bob'))
      .send({ name: 'Seeded' });
    expect(res.status).toBe(201);
    feedTokens = [res.body.id, ...feedTokens];
  }

  async function watchSomething() {
    const res = await request(app)
      .post('/api/releases/watches')
      .set('Authorization', as('bob'))
      .send({ entityRef: 'component:default/payments-api' });
    expect(res.status).toBe(201);
    watches = [res.body.id];
  }

  async function declareFreeze() {
    const res = await request(app)
      .post('/api/releases/freezes')
      .set('Authorization', as('erin'))
      .send({
        name: 'Seeded freeze',
        reason: 'Seeded by the fuzz suite',
        startsAt: DateTime.utc().plus({ days: 20 }).toISO(),
      });
    expect(res.status).toBe(201);
    freezes = [res.body.id, ...freezes];
  }

  /**
   * The fixtures whose release is no longer as seeded in what decides which
   * policies, boards and freezes apply to it: a valid edit (say, of its
   * environments) may have changed it, and a later route must not find it
   * out of every policy's reach.
   */
  async function changedFixtures(): Promise<Fixture[]> {
    const ids = [...fixtureIds.values()];
    const rows: Array<{
      id: string;
      phase: string;
      type: string;
      owner: string;
      environments: string;
      planned_start: unknown;
      planned_end: unknown;
    }> = await knex('releases')
      .whereIn('id', ids)
      .select(
        'id',
        'phase',
        'type',
        'owner',
        'environments',
        'planned_start',
        'planned_end',
      );
    const components: Array<{
      release_id: string;
      entity_ref: string;
      version: string | null;
    }> = await knex('release_components')
      .whereIn('release_id', ids)
      .orderBy(['release_id', 'position'])
      .select('release_id', 'entity_ref', 'version');
    const asSeeded = (fixture: Fixture, id: string) => {
      const want = FIXTURES[fixture];
      const seeded = releaseBody(want.type);
      const row = rows.find(r => r.id === id);
      return (
        row !== undefined &&
        row.phase === want.phase &&
        row.type === want.type &&
        row.owner === seeded.owner &&
        row.environments === JSON.stringify(seeded.environments) &&
        fromDbTime(row.planned_start) ===
          new Date(seeded.plannedStart).toISOString() &&
        fromDbTime(row.planned_end) ===
          new Date(seeded.plannedEnd).toISOString() &&
        JSON.stringify(
          components
            .filter(c => c.release_id === id)
            .map(c => ({ entityRef: c.entity_ref, version: c.version })),
        ) === JSON.stringify(seeded.components)
      );
    };
    return [...fixtureIds]
      .filter(([fixture, id]) => !asSeeded(fixture, id))
      .map(([fixture]) => fixture);
  }

  /** After a success: put back any fixture the request moved on. */
  async function repairFixtures() {
    for (const fixture of await changedFixtures()) {
      await seedFixture(fixture);
    }
    const live = await knex('feed_tokens')
      .whereIn('id', feedTokens)
      .whereNull('revoked_at')
      .first('id');
    if (!live) {
      await mintFeedToken();
    } else if (live.id !== feedTokens[0]) {
      feedTokens = [live.id, ...feedTokens.filter(t => t !== live.id)];
    }
    if (!(await knex('watches').where({ id: watches[0] }).first('id'))) {
      await watchSomething();
    }
    if (
      !(await knex('runtime_freezes')
        .where({ id: freezes[0] })
        .whereNull('lifted_at')
        .first('id'))
    ) {
      await declareFreeze();
    }
    // Declared freezes stay scheduled; keep them well under the cap on
    // freezes in force or scheduled (100), however many runs are asked for.
    const [{ current }] = await knex('runtime_freezes')
      .whereNull('lifted_at')
      .count<Array<{ current: number | string }>>({ current: '*' });
    if (Number(current) > 50) {
      const liftedAt = toDbTime(new Date());
      await knex('runtime_freezes')
        .whereNull('lifted_at')
        .whereNot({ id: freezes[0] })
        .update({
          lifted_by: 'user:default/erin',
          lifted_at: liftedAt,
          active_until: liftedAt,
        });
    }
  }

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    app = (
      await startTestBackend({
        features: [
          releasesPlugin,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({ entities: testEntities }),
          mockServices.rootConfig.factory({ data: config }),
        ],
      })
    ).server;
    snapshot = createTableSnapshotter(knex, { exclude: DERIVED_TABLES });
    for (const fixture of Object.keys(FIXTURES) as Fixture[]) {
      await seedFixture(fixture);
    }
    await mintFeedToken();
    await watchSomething();
    await declareFreeze();
    const meetings = await request(app)
      .get(
        `/api/releases/cab/meetings?from=${encodeURIComponent(
          DateTime.utc().plus({ hours: 1 }).toISO()!,
        )}&to=${encodeURIComponent(
          DateTime.utc().plus({ days: 70 }).toISO()!,
        )}`,
      )
      .set('Authorization', as('erin'));
    meetingId = meetings.body.items.find(
      (m: { status: string }) => m.status === 'upcoming',
    ).id;
  });

  it('knows its fixtures as seeded, and one edited out of its policies as not', async () => {
    expect(await changedFixtures()).toEqual([]);
    const id = ctx.releaseId('test');
    const res = await request(app)
      .patch(`/api/releases/releases/${id}`)
      .set('Authorization', as('alice'))
      .send({
        environments: ['staging'],
        revision: await ctx.revisionOf(id),
      });
    expect(res.status).toBe(200);
    expect(await changedFixtures()).toEqual(['test']);
    await repairFixtures();
    expect(ctx.releaseId('test')).not.toBe(id);
    expect(await changedFixtures()).toEqual([]);
  });

  it('snapshots every table the migrations create, and notices a change', async () => {
    expect(await listPluginTables(knex)).toEqual(
      Object.keys(PLUGIN_TABLES).sort(),
    );
    const before = await snapshot();
    expect(before.releases.count).toBeGreaterThanOrEqual(6);
    expect(await snapshot()).toEqual(before);
    await knex('releases')
      .where({ id: ctx.releaseId('plan') })
      .update({ title: 'Changed behind the API' });
    const after = await snapshot();
    expect(after.releases.count).toBe(before.releases.count);
    expect(after.releases.checksum).not.toBe(before.releases.checksum);
    await knex('releases')
      .where({ id: ctx.releaseId('plan') })
      .update({ title: 'Fuzz release' });
    expect(await snapshot()).toEqual(before);
  });

  /** The last call's request and answer, for a failure's message. */
  let lastCall = '';

  /** Sends one case and checks the properties; returns the status. */
  async function exercise(route: RouteSpec, c: FuzzCase): Promise<number> {
    const target = route.targets[c.target % route.targets.length];
    const caller = route.callers[c.caller % route.callers.length];
    const valid = await target.body(ctx);
    const body = buildBody(valid, c.body);
    let id: string | undefined;
    if (route.path.includes(':id')) {
      const real = target.id!(ctx);
      if (!c.id) {
        id = encodeURIComponent(real);
      } else {
        id = 'raw' in c.id ? c.id.raw : TWISTS[c.id.twist](real);
      }
    }
    let path = route.path.replace(':id', id ?? '');
    for (const [name, value] of Object.entries(
      (await target.params?.(ctx)) ?? {},
    )) {
      path = path.replace(`:${name}`, encodeURIComponent(value));
    }
    const url = `/api/releases${path}${c.query ? `?${c.query}` : ''}`;
    const raw = c.body.kind === 'text' ? c.body.text : JSON.stringify(body);

    const before = await snapshot();
    const res = await send(app, route.method, url, caller, raw);
    const label = `${route.method.toUpperCase()} ${url.slice(0, 300)} → ${
      res.status
    } ${JSON.stringify(res.body).slice(0, 500)}`;
    lastCall = label;

    expect({ label, serverError: res.status >= 500 }).toEqual({
      label,
      serverError: false,
    });

    if (res.status >= 400) {
      expect({ label, error: res.body.error }).toEqual({
        label,
        error: expect.objectContaining({
          name: expect.any(String),
          message: expect.any(String),
        }),
      });
      expect({ label, tables: await snapshot() }).toEqual({
        label,
        tables: before,
      });
      const sent =
        c.body.kind === 'text' || raw === undefined
          ? undefined
          : JSON.parse(raw);
      const isObject =
        sent !== null && typeof sent === 'object' && !Array.isArray(sent);
      if (
        res.status === 400 &&
        route.validatesBody &&
        isObject &&
        !c.id &&
        res.body.error.name === 'InputError'
      ) {
        const fields = [...pathsOf(valid), ...pathsOf(sent)]
          .filter(p => p.length > 0)
          .map(p => p.join('.'));
        const message: string = res.body.error.message;
        const named = fields.some(
          f => message.includes(`${f}: `) || message.includes(`${f} (`),
        );
        expect({ label, namesAField: named }).toEqual({
          label,
          namesAField: true,
        });
      }
    } else if (route.readOnly) {
      expect({ label, tables: await snapshot() }).toEqual({
        label,
        tables: before,
      });
    } else {
      await repairFixtures();
    }
    return res.status;
  }

  describe.each(ROUTES.map(r => [routeName(r), r] as const))(
    '%s',
    (_name, route) => {
      const pick = {
        target: fc.nat({ max: route.targets.length - 1 }),
        caller: fc.nat({ max: route.callers.length - 1 }),
      };
      /**
       * Runs the property; unless the inputs may all be valid, some of them
       * must have been refused, or the fuzzing never reached the validation.
       */
      async function expectProperty(
        arbitrary: fc.Arbitrary<FuzzCase>,
        numRuns: number,
        options: { someRefused: boolean } = { someRefused: true },
      ) {
        const statuses: number[] = [];
        await fc.assert(
          fc.asyncProperty(arbitrary, async c => {
            statuses.push(await exercise(route, c));
          }),
          fuzzParameters(numRuns),
        );
        expect(statuses.length).toBeGreaterThanOrEqual(runs(numRuns));
        if (options.someRefused) {
          expect(statuses.filter(s => s >= 400).length).toBeGreaterThan(0);
        }
      }

      it('accepts the unbroken bodies the fuzzing starts from', async () => {
        for (const [index, target] of route.targets.entries()) {
          const status = await exercise(route, {
            body: { kind: 'valid' },
            target: index,
            caller: 0,
          });
          expect({
            target: target.label,
            status: target.accepted.includes(status) ? 'as expected' : lastCall,
          }).toEqual({ target: target.label, status: 'as expected' });
        }
      });

      it('never fails on arbitrary JSON bodies', async () => {
        const knownKeys = [
          ...new Set(
            (await Promise.all(route.targets.map(t => t.body(ctx)))).flatMap(
              b => Object.keys(b),
            ),
          ),
        ];
        await expectProperty(
          fc.record({
            body: fc.oneof(
              anyBody,
              knownKeys.length > 0 ? objectOfKnownKeys(knownKeys) : anyBody,
            ),
            ...pick,
          }),
          NUM_RUNS.arbitraryJson,
        );
      });

      it('never fails on a valid body with one field of another type, removed, or an unknown key', async () => {
        await expectProperty(
          fc.record({ body: brokenField(otherTypeValue), ...pick }),
          NUM_RUNS.brokenField,
        );
      });

      it('never fails on hostile strings, odd dates, huge numbers and deep nesting', async () => {
        await expectProperty(
          fc.record({
            body: fc.oneof(
              { weight: 4, arbitrary: brokenField(hostileValue) },
              {
                weight: 1,
                arbitrary: fc
                  .oneof(deepValue, hostileValue)
                  .map(value => ({ kind: 'raw' as const, value })),
              },
            ),
            ...pick,
          }),
          NUM_RUNS.hostile,
        );
      });

      it('never fails on random query strings', async () => {
        await expectProperty(
          fc.record({
            body: fc.oneof(
              fc.constant<BodyPlan>({ kind: 'valid' }),
              brokenField(otherTypeValue),
            ),
            query: queryString,
            ...pick,
          }),
          NUM_RUNS.query,
          { someRefused: false },
        );
      });

      if (route.path.includes(':id')) {
        it('never fails on random path ids', async () => {
          await expectProperty(
            fc.record({
              body: fc.constant<BodyPlan>({ kind: 'valid' }),
              id: pathId,
              ...pick,
            }),
            NUM_RUNS.pathId,
          );
        });
      }
    },
  );
});
