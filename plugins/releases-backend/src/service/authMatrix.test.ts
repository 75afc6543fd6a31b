import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  baselineCreatePermission,
  deploymentCreatePermission,
  deploymentReadPermission,
  incidentCreatePermission,
  policyDryRunPermission,
  releaseApprovePermission,
  releaseCreatePermission,
  releaseReadPermission,
  releaseTransitionPermission,
  releaseUpdatePermission,
} from '@backstage-itsm/plugin-releases-common';
import express from 'express';
import fs from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import request from 'supertest';
import { releasesPlugin } from '../plugin';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';

// The auth matrix of every route of the plugin; docs/auth-matrix.md is the
// same table in prose. A route added to the router without a row here fails
// the completeness test below.

jest.setTimeout(120_000);

const databases = createTestDatabases();

const now = DateTime.utc().startOf('hour');
const iso = (d: DateTime) => d.toISO({ suppressMilliseconds: true })!;
const q = (params: Record<string, string>) =>
  `?${new URLSearchParams(params).toString()}`;

/** Who may call a route: `anyone` needs no credentials at all. */
type Caller = 'anyone' | 'feed token' | 'user' | 'service';

/** Real ids, made afresh for each column. */
interface Fixture {
  majorId: string;
  majorRevision: number;
  reviewId: string;
  baselineId: string;
  feedTokenId: string;
}

interface MatrixRow {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** The path as the router registers it. */
  route: string;
  /** The same path with real ids and a valid query. */
  path: (f: Fixture) => string;
  body?: (f: Fixture) => object;
  who: Caller[];
  /** The permissions the route asks the policy for, in order; none: []. */
  permissions: string[];
  /** The answer to a caller who may call it. */
  ok: number;
  /** The user for whom the route succeeds, when alice will not do. */
  as?: string;
  /** Also refuses users whom the release's approval policy does not name. */
  approvalPolicy?: true;
}

const USERS_AND_SERVICES: Caller[] = ['user', 'service'];
const USERS: Caller[] = ['user'];
const component = 'component:default/payments-api';

const matrix: MatrixRow[] = [
  // service/router.ts
  {
    method: 'get',
    route: '/health',
    path: () => '/health',
    who: ['anyone'],
    permissions: [],
    ok: 200,
  },
  {
    method: 'get',
    route: '/environments',
    path: () => '/environments',
    who: USERS_AND_SERVICES,
    permissions: [],
    ok: 200,
  },
  // releases/router.ts
  {
    method: 'get',
    route: '/releases',
    path: () => '/releases',
    who: USERS_AND_SERVICES,
    permissions: [releaseReadPermission.name],
    ok: 200,
  },
  {
    method: 'post',
    route: '/releases',
    path: () => '/releases',
    body: () => ({
      title: 'Ledger 5.0',
      type: 'minor',
      owner: 'group:default/payments-team',
      plannedStart: iso(now.plus({ days: 20 })),
      plannedEnd: iso(now.plus({ days: 21 })),
      environments: ['staging'],
      components: [{ entityRef: 'component:default/ledger-service' }],
    }),
    who: USERS,
    permissions: [releaseCreatePermission.name],
    ok: 201,
  },
  {
    method: 'get',
    route: '/releases/:id',
    path: f => `/releases/${f.majorId}`,
    who: USERS_AND_SERVICES,
    permissions: [releaseReadPermission.name],
    ok: 200,
  },
  {
    method: 'patch',
    route: '/releases/:id',
    path: f => `/releases/${f.majorId}`,
    body: f => ({ title: 'Payments 3.0 (renamed)', revision: f.majorRevision }),
    who: USERS,
    permissions: [releaseUpdatePermission.name],
    ok: 200,
  },
  {
    method: 'post',
    route: '/releases/:id/transitions',
    path: f => `/releases/${f.majorId}/transitions`,
    body: () => ({ to: 'design' }),
    who: USERS,
    permissions: [releaseTransitionPermission.name],
    ok: 200,
  },
  {
    method: 'get',
    route: '/releases/:id/events',
    path: f => `/releases/${f.majorId}/events`,
    who: USERS_AND_SERVICES,
    permissions: [releaseReadPermission.name],
    ok: 200,
  },
  // approvals/router.ts
  {
    method: 'get',
    route: '/releases/:id/approvals',
    path: f => `/releases/${f.majorId}/approvals`,
    who: USERS_AND_SERVICES,
    permissions: [releaseReadPermission.name],
    ok: 200,
  },
  {
    method: 'post',
    route: '/releases/:id/approvals',
    path: f => `/releases/${f.majorId}/approvals`,
    body: () => ({ decision: 'approved', comment: 'Rollback plan is fine' }),
    who: USERS,
    permissions: [releaseReadPermission.name, releaseApprovePermission.name],
    ok: 201,
    as: 'user:default/carol',
    approvalPolicy: true,
  },
  {
    method: 'get',
    route: '/approvals/inbox',
    path: () => '/approvals/inbox',
    who: USERS,
    permissions: [releaseReadPermission.name],
    ok: 200,
  },
  {
    method: 'get',
    route: '/gate',
    path: () => `/gate${q({ entityRef: component, environment: 'staging' })}`,
    who: USERS_AND_SERVICES,
    permissions: [],
    ok: 200,
  },
  {
    method: 'get',
    route: '/policies',
    path: () => '/policies',
    who: USERS_AND_SERVICES,
    permissions: [],
    ok: 200,
  },
  {
    method: 'post',
    route: '/policies/dry-run',
    path: () => '/policies/dry-run',
    body: () => ({
      policies: [
        {
          name: 'cab-for-all',
          require: [{ group: 'group:default/cab', count: 1 }],
        },
      ],
      from: iso(now.minus({ days: 30 })),
      to: iso(now.plus({ days: 30 })),
    }),
    who: USERS,
    permissions: [policyDryRunPermission.name],
    ok: 200,
  },
  // calendar/router.ts
  {
    method: 'get',
    route: '/calendar',
    path: () =>
      `/calendar${q({
        from: iso(now.minus({ days: 1 })),
        to: iso(now.plus({ days: 60 })),
      })}`,
    who: USERS_AND_SERVICES,
    permissions: [releaseReadPermission.name],
    ok: 200,
  },
  {
    method: 'post',
    route: '/calendar/check',
    path: () => '/calendar/check',
    body: () => ({
      type: 'minor',
      plannedStart: iso(now.plus({ days: 7 })),
      plannedEnd: iso(now.plus({ days: 8 })),
      components: [{ entityRef: component }],
      environments: ['production'],
    }),
    who: USERS,
    permissions: [releaseReadPermission.name],
    ok: 200,
  },
  {
    method: 'get',
    route: '/freeze-windows',
    path: () => '/freeze-windows',
    who: USERS_AND_SERVICES,
    permissions: [],
    ok: 200,
  },
  {
    method: 'get',
    route: '/calendar.ics',
    path: () => `/calendar.ics${q({ entityRef: component })}`,
    who: ['feed token', 'user', 'service'],
    // with credentials; a feed token stands for the user who created it
    permissions: [releaseReadPermission.name],
    ok: 200,
  },
  {
    method: 'post',
    route: '/feed-tokens',
    path: () => '/feed-tokens',
    body: () => ({ name: 'Team calendar' }),
    who: USERS,
    // a feed token reads releases: only users who may read them get one
    permissions: [releaseReadPermission.name],
    ok: 201,
  },
  {
    method: 'get',
    route: '/feed-tokens',
    path: () => '/feed-tokens',
    who: USERS,
    permissions: [],
    ok: 200,
  },
  {
    method: 'delete',
    route: '/feed-tokens/:id',
    path: f => `/feed-tokens/${f.feedTokenId}`,
    who: USERS,
    permissions: [],
    ok: 204,
  },
  // configuration/router.ts
  {
    method: 'post',
    route: '/deployments',
    path: () => '/deployments',
    body: () => ({
      entityRef: component,
      environment: 'staging',
      version: '2.6.0',
      status: 'succeeded',
      source: 'github-actions',
      externalId: 'matrix-run-1',
    }),
    who: USERS_AND_SERVICES,
    permissions: [deploymentCreatePermission.name],
    ok: 201,
  },
  {
    method: 'get',
    route: '/deployments',
    path: () => `/deployments${q({ entityRef: component })}`,
    who: USERS_AND_SERVICES,
    permissions: [deploymentReadPermission.name],
    ok: 200,
  },
  {
    method: 'get',
    route: '/versions',
    path: () => `/versions${q({ system: 'payments' })}`,
    who: USERS_AND_SERVICES,
    permissions: [deploymentReadPermission.name],
    ok: 200,
  },
  {
    method: 'post',
    route: '/baselines',
    path: () => '/baselines',
    body: () => ({ name: 'Before Q1', scope: { system: 'payments' } }),
    who: USERS,
    permissions: [baselineCreatePermission.name],
    ok: 201,
  },
  {
    method: 'get',
    route: '/baselines',
    path: () => '/baselines',
    who: USERS_AND_SERVICES,
    permissions: [deploymentReadPermission.name],
    ok: 200,
  },
  {
    method: 'get',
    route: '/baselines/:id',
    path: f => `/baselines/${f.baselineId}`,
    who: USERS_AND_SERVICES,
    permissions: [deploymentReadPermission.name],
    ok: 200,
  },
  {
    method: 'get',
    route: '/baselines/:id/diff',
    path: f => `/baselines/${f.baselineId}/diff`,
    who: USERS_AND_SERVICES,
    permissions: [deploymentReadPermission.name],
    ok: 200,
  },
  {
    method: 'get',
    route: '/impact',
    path: () => `/impact${q({ entityRef: component })}`,
    who: USERS_AND_SERVICES,
    permissions: [],
    ok: 200,
  },
  // review/router.ts
  {
    method: 'get',
    route: '/releases/:id/review',
    path: f => `/releases/${f.reviewId}/review`,
    who: USERS_AND_SERVICES,
    permissions: [releaseReadPermission.name],
    ok: 200,
  },
  {
    method: 'post',
    route: '/releases/:id/review',
    path: f => `/releases/${f.reviewId}/review`,
    body: () => ({
      outcome: 'partially_successful',
      wentWell: 'Canary caught the regression',
      wentWrong: 'Rollback took 40 minutes',
      actions: [{ description: 'Automate rollback', owner: 'bob' }],
    }),
    who: USERS,
    permissions: [releaseUpdatePermission.name],
    ok: 201,
  },
  {
    method: 'post',
    route: '/incidents',
    path: () => '/incidents',
    body: () => ({
      entityRef: component,
      environment: 'staging',
      severity: 'high',
      title: 'Checkout latency',
      openedAt: iso(now.minus({ hours: 1 })),
      source: 'pagerduty',
      externalId: 'matrix-incident-1',
    }),
    who: USERS_AND_SERVICES,
    permissions: [incidentCreatePermission.name],
    ok: 201,
  },
  {
    method: 'get',
    route: '/incidents',
    path: () => `/incidents${q({ entityRef: component })}`,
    who: USERS_AND_SERVICES,
    permissions: [],
    ok: 200,
  },
  {
    method: 'get',
    route: '/metrics',
    path: () =>
      `/metrics${q({
        from: iso(now.minus({ days: 90 })),
        to: iso(now),
      })}`,
    who: USERS_AND_SERVICES,
    permissions: [],
    ok: 200,
  },
];

const label = (row: MatrixRow) => `${row.method.toUpperCase()} ${row.route}`;

const COLUMNS = [
  'allowed caller',
  'no credentials',
  'denied by policy',
  'static CI token',
  'not an eligible approver',
] as const;
type Column = (typeof COLUMNS)[number];

/** What the client sees: the status and, for errors, Backstage's error body. */
interface Answer {
  status: number;
  error?: { name: string; message: unknown; statusCode: number };
}

const escapeRegExp = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The answer a row documents for a column; undefined: not applicable. */
function expectedAnswer(row: MatrixRow, column: Column): Answer | undefined {
  const ok = { status: row.ok };
  const error = (status: number, name: string, message: unknown) => ({
    status,
    error: { name, message, statusCode: status },
  });
  switch (column) {
    case 'allowed caller':
      return ok;
    case 'no credentials':
      return row.who.includes('anyone')
        ? ok
        : error(401, 'AuthenticationError', expect.any(String));
    case 'denied by policy':
      // The first permission asked is the one refused.
      return row.permissions.length === 0
        ? ok
        : error(
            403,
            'NotAllowedError',
            expect.stringMatching(
              new RegExp(
                `^You are not allowed to ${escapeRegExp(
                  row.permissions[0],
                )}( |$)`,
              ),
            ),
          );
    case 'static CI token':
      return row.who.includes('service') || row.who.includes('anyone')
        ? ok
        : error(
            403,
            'NotAllowedError',
            "This endpoint does not allow 'service' credentials",
          );
    case 'not an eligible approver':
      return row.approvalPolicy
        ? error(403, 'NotAllowedError', expect.any(String))
        : undefined;
    default:
      throw new Error(`unknown column ${column}`);
  }
}

function answerOf(res: request.Response): Answer {
  return res.body?.error
    ? {
        status: res.status,
        error: {
          name: res.body.error.name,
          message: res.body.error.message,
          statusCode: res.body.response?.statusCode,
        },
      }
    : { status: res.status };
}

/** Walks an express router and its mounted sub-routers. */
function routesOf(router: express.Router): string[] {
  const found: string[] = [];
  const walk = (stack: any[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          found.push(`${method.toUpperCase()} ${layer.route.path}`);
        }
      } else if (Array.isArray(layer.handle?.stack)) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((router as any).stack);
  return found;
}

const config = {
  app: { baseUrl: 'http://portal.example.com' },
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
    ],
  },
};

describe('the auth matrix', () => {
  it('lists every route the plugin serves, and only those', async () => {
    const httpRouter = mockServices.httpRouter.mock();
    await startTestBackend({
      features: [
        releasesPlugin,
        httpRouter.factory,
        catalogServiceMock.factory({ entities: testEntities }),
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    // Everything mounted on the plugin's router, except the framework's own
    // permission-integration endpoints (/.well-known/backstage/permissions/*,
    // called by the permission backend with service tokens).
    const served = httpRouter.use.mock.calls
      .flatMap(([router]) => routesOf(router as express.Router))
      .filter(route => !route.includes(' /.well-known/backstage/'));
    expect(served.length).toBeGreaterThan(30);
    expect([...served].sort()).toEqual(matrix.map(label).sort());

    // Only the routes anyone or a feed token may call skip the framework's
    // credentials check.
    const byPath = (a: { path: string }, b: { path: string }) =>
      a.path.localeCompare(b.path);
    expect(
      httpRouter.addAuthPolicy.mock.calls
        .map(([policy]) => policy)
        .sort(byPath),
    ).toEqual(
      matrix
        .filter(r => r.who.includes('anyone') || r.who.includes('feed token'))
        .map(r => ({ path: r.route, allow: 'unauthenticated' }))
        .sort(byPath),
    );
  });
});

describe('docs/auth-matrix.md', () => {
  it('documents the same rows and answers as this test', () => {
    const doc = fs.readFileSync(
      resolvePath(__dirname, '../../../../docs/auth-matrix.md'),
      'utf8',
    );
    const documented = doc
      .split('\n')
      .filter(line => line.startsWith('| `'))
      .map(line =>
        line
          .split('|')
          .slice(1, -1)
          .map(cell => cell.trim()),
      );
    const expected = matrix.map(row => [
      `\`${label(row)}\``,
      row.who.join(', '),
      row.permissions.map(p => `\`${p}\``).join(', ') || 'none',
      ...COLUMNS.map(column =>
        String(expectedAnswer(row, column)?.status ?? '—'),
      ),
    ]);
    expect(documented).toEqual(expected);
  });
});

const TABLES = [
  'approvals',
  'release_reviews',
  'incidents',
  'baseline_items',
  'baselines',
  'current_versions',
  'deployments',
  'feed_tokens',
  'release_phase_periods',
  'release_events',
  'release_components',
  'releases',
];

type Server = Awaited<ReturnType<typeof startTestBackend>>['server'];

const as = (user: string) => mockCredentials.user.header(user);
const alice = 'user:default/alice';
/** The CI pipeline's static token arrives as this service principal. */
const staticToken = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:ci-pipeline'),
  targetPluginId: 'releases',
});

describe.each(databases.eachSupportedId())('auth matrix on %p', databaseId => {
  let knex: Knex;
  let allowing: Server;
  let denying: Server;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    const start = async (permission?: AuthorizeResult.DENY) =>
      (
        await startTestBackend({
          features: [
            releasesPlugin,
            mockServices.database.factory({ knex }),
            catalogServiceMock.factory({ entities: testEntities }),
            mockServices.rootConfig.factory({ data: config }),
            ...(permission
              ? [mockServices.permissions.factory({ result: permission })]
              : []),
          ],
        })
      ).server;
    allowing = await start();
    denying = await start(AuthorizeResult.DENY);
  });

  async function counts(): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const table of TABLES) {
      result[table] = Number(
        (await knex(table).count({ count: '*' }))[0].count,
      );
    }
    return result;
  }

  function send(
    server: Server,
    row: MatrixRow,
    f: Fixture,
    authorization: string,
  ) {
    const req = request(server)
      [row.method](`/api/releases${row.path(f)}`)
      .set('Authorization', authorization);
    return row.body ? req.send(row.body(f)) : req;
  }

  /** Fresh tables and one of everything the matrix's paths point at. */
  async function makeFixture(): Promise<Fixture> {
    for (const table of TABLES) {
      await knex(table).delete();
    }
    const call = async (
      method: 'post' | 'patch',
      path: string,
      body: object,
      status: number,
    ) => {
      const res = await request(allowing)
        [method](`/api/releases${path}`)
        .set('Authorization', as(alice))
        .send(body);
      expect({ path, status: res.status, body: res.body }).toMatchObject({
        status,
      });
      return res.body;
    };
    await call(
      'post',
      '/deployments',
      {
        entityRef: component,
        environment: 'staging',
        version: '2.5.0',
        status: 'succeeded',
        source: 'github-actions',
        externalId: 'fixture-run-1',
      },
      201,
    );
    const plan = (type: string, environments: string[]) =>
      call(
        'post',
        '/releases',
        {
          title: `Payments ${type}`,
          type,
          owner: 'group:default/payments-team',
          plannedStart: iso(now.plus({ days: 7 })),
          plannedEnd: iso(now.plus({ days: 8 })),
          environments,
          components: [{ entityRef: component, version: '3.0.0' }],
        },
        201,
      );
    const major = await plan('major', ['production']);
    const reviewed = await plan('minor', ['staging']);
    for (const to of ['design', 'build', 'test', 'deploy', 'review']) {
      await call('post', `/releases/${reviewed.id}/transitions`, { to }, 200);
    }
    await call(
      'post',
      `/releases/${reviewed.id}/review`,
      { outcome: 'successful', wentWell: 'Smooth', wentWrong: '' },
      201,
    );
    const baseline = await call(
      'post',
      '/baselines',
      { name: 'Fixture baseline', scope: { system: 'payments' } },
      201,
    );
    const feedToken = await call('post', '/feed-tokens', { name: 'Mine' }, 201);
    return {
      majorId: major.id,
      majorRevision: major.revision,
      reviewId: reviewed.id,
      baselineId: baseline.id,
      feedTokenId: feedToken.id,
    };
  }

  const rows = matrix.map(row => ({ label: label(row), row }));

  describe('a user the policy allows (baseline: every body is valid)', () => {
    let f: Fixture;
    beforeAll(async () => {
      f = await makeFixture();
    });

    it.each(rows)('$label answers its success status', async ({ row }) => {
      const res = await send(allowing, row, f, as(row.as ?? alice));
      expect(answerOf(res)).toEqual(expectedAnswer(row, 'allowed caller'));
    });
  });

  describe('no credentials', () => {
    let f: Fixture;
    let before: Record<string, number>;
    beforeAll(async () => {
      f = await makeFixture();
      before = await counts();
    });

    it.each(rows)('$label', async ({ row }) => {
      const res = await send(allowing, row, f, mockCredentials.none.header());
      expect(answerOf(res)).toEqual(expectedAnswer(row, 'no credentials'));
    });

    it('GET /calendar.ics also answers 401 with no header, and with an unknown or revoked feed token', async () => {
      const feed = (token?: string) =>
        request(allowing).get(
          `/api/releases/calendar.ics${token ? q({ token }) : ''}`,
        );
      const none = await feed();
      expect(none.status).toBe(401);
      expect(none.body.error).toEqual({
        name: 'AuthenticationError',
        message: 'A feed token or credentials are required',
      });
      const unknown = await feed('not-a-token');
      expect(unknown.status).toBe(401);
      expect(unknown.body.error).toEqual({
        name: 'AuthenticationError',
        message: 'The feed token is unknown or has been revoked',
      });

      const created = await request(allowing)
        .post('/api/releases/feed-tokens')
        .set('Authorization', as(alice))
        .send({ name: 'Phone' });
      expect(created.status).toBe(201);
      const live = await feed(created.body.token);
      expect(live.status).toBe(200);
      expect(live.text).toContain('BEGIN:VCALENDAR');
      expect(
        (
          await request(allowing)
            .delete(`/api/releases/feed-tokens/${created.body.id}`)
            .set('Authorization', as(alice))
        ).status,
      ).toBe(204);
      expect((await feed(created.body.token)).status).toBe(401);
      // A token in the query does not excuse a bad Authorization header.
      const badHeader = await request(allowing)
        .get(`/api/releases/calendar.ics${q({ token: created.body.token })}`)
        .set('Authorization', mockCredentials.none.header());
      expect(badHeader.status).toBe(401);
      before = await counts();
    });

    it('wrote nothing', async () => {
      expect(await counts()).toEqual(before);
    });
  });

  describe('a user the permission policy denies', () => {
    let f: Fixture;
    let before: Record<string, number>;
    beforeAll(async () => {
      f = await makeFixture();
      before = await counts();
    });

    it.each(rows)('$label', async ({ row }) => {
      // Routes that ask no permission are not refused: the doc says so.
      const res = await send(denying, row, f, as(row.as ?? alice));
      expect(answerOf(res)).toEqual(expectedAnswer(row, 'denied by policy'));
    });

    it('a feed token does not consult the policy (the token stands for its creator)', async () => {
      const created = await request(allowing)
        .post('/api/releases/feed-tokens')
        .set('Authorization', as(alice))
        .send({ name: 'Issued while allowed' });
      expect(created.status).toBe(201);
      const feed = await request(denying).get(
        `/api/releases/calendar.ics${q({ token: created.body.token })}`,
      );
      expect(feed.status).toBe(200);
      before = await counts();
    });

    it('wrote nothing', async () => {
      expect(await counts()).toEqual(before);
    });
  });

  describe('the static CI token (a service principal) where only users may act', () => {
    let f: Fixture;
    let before: Record<string, number>;
    beforeAll(async () => {
      f = await makeFixture();
      before = await counts();
    });

    it.each(rows)('$label', async ({ row }) => {
      const res = await send(allowing, row, f, staticToken);
      expect(answerOf(res)).toEqual(expectedAnswer(row, 'static CI token'));
    });

    it('recorded only what a pipeline may record, as the pipeline', async () => {
      const after = await counts();
      const changed = TABLES.filter(t => after[t] !== before[t]).sort();
      expect(changed).toEqual(['deployments', 'incidents']);
      const deployment = await knex('deployments')
        .where({ external_id: 'matrix-run-1' })
        .first();
      expect(deployment.actor).toBe('external:ci-pipeline');
    });
  });

  describe('deciding on a release as someone the approval policy does not name', () => {
    let f: Fixture;
    beforeAll(async () => {
      f = await makeFixture();
    });

    const guarded = matrix.filter(row => row.approvalPolicy);
    const approvalCount = async () =>
      Number((await knex('approvals').count({ count: '*' }))[0].count);

    it('is a column for POST /releases/:id/approvals only', () => {
      expect(guarded.map(label)).toEqual(['POST /releases/:id/approvals']);
    });

    it.each([
      [
        // erin manages releases but sits neither on the CAB nor in payments-team.
        'a user outside the groups the policy names',
        'user:default/erin',
        'only members of group:default/cab, group:default/payments-team may decide on this release',
      ],
      [
        // alice created it; she is in payments-team, the owning group.
        'the creator, though a member of the owning group (separation of duties)',
        alice,
        'separation of duties: you created this release, so someone else must approve it',
      ],
    ])('refuses %s (403) and records nothing', async (_who, user, message) => {
      for (const row of guarded) {
        const res = await send(allowing, row, f, as(user));
        expect(answerOf(res)).toEqual(
          expectedAnswer(row, 'not an eligible approver'),
        );
        expect(res.body.error.message).toBe(message);
      }
      expect(await approvalCount()).toBe(0);
    });

    it('accepts another member of the owning group, who did not create it', async () => {
      const res = await request(allowing)
        .post(`/api/releases/releases/${f.majorId}/approvals`)
        .set('Authorization', as('user:default/bob'))
        .send({ decision: 'approved', comment: 'LGTM' });
      expect(res.status).toBe(201);
      expect(res.body.decision).toMatchObject({
        approver: 'user:default/bob',
        onBehalfOf: 'group:default/payments-team',
      });
      expect(await approvalCount()).toBe(1);
    });
  });
});
