import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { releasesPlugin } from '../plugin';
import { releasesTestFeatures } from '../__testUtils__/backend';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const validRelease = {
  title: 'Payments 2.5',
  type: 'minor',
  plannedStart: '2026-12-01T09:00:00Z',
  plannedEnd: '2026-12-03T17:00:00Z',
  owner: 'group:default/payments-team',
  components: [
    { entityRef: 'component:default/payments-api', version: '2.5.0' },
  ],
  environments: ['production'],
};

const alice = mockCredentials.user('user:default/alice');
const bob = mockCredentials.user('user:default/bob');

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'releases router on %p',
  databaseId => {
    let knex: Knex;

    async function startBackend(
      options: {
        permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
      } = {},
    ) {
      const { server } = await startTestBackend({
        features: [
          ...releasesTestFeatures(knex),
          ...(options.permission
            ? [mockServices.permissions.factory({ result: options.permission })]
            : []),
        ],
      });
      return server;
    }

    async function counts() {
      const count = async (table: string) =>
        Number((await knex(table).count({ count: '*' }))[0].count);
      return {
        releases: await count('releases'),
        components: await count('release_components'),
        events: await count('release_events'),
      };
    }

    let app: Awaited<ReturnType<typeof startBackend>>;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      app = await startBackend();
    });

    beforeEach(async () => {
      await knex('release_events').delete();
      await knex('release_components').delete();
      await knex('releases').delete();
    });

    async function create(body: object = validRelease, as = alice) {
      return request(app)
        .post('/api/releases/releases')
        .set(
          'Authorization',
          mockCredentials.user.header(as.principal.userEntityRef),
        )
        .send(body);
    }

    async function transition(id: string, body: object, as = bob) {
      return request(app)
        .post(`/api/releases/releases/${id}/transitions`)
        .set(
          'Authorization',
          mockCredentials.user.header(as.principal.userEntityRef),
        )
        .send(body);
    }

    describe('authentication', () => {
      it('answers /health without credentials', async () => {
        const res = await request(app)
          .get('/api/releases/health')
          .set('Authorization', mockCredentials.none.header());
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          status: 'ok',
          details: {
            catalogFacts: {
              entityCount: expect.any(Number),
              stale: expect.any(Boolean),
            },
          },
        });
      });

      it.each([
        ['get', '/api/releases/releases'],
        ['post', '/api/releases/releases'],
        ['get', '/api/releases/releases/00000000-0000-4000-8000-000000000001'],
        [
          'patch',
          '/api/releases/releases/00000000-0000-4000-8000-000000000001',
        ],
        [
          'post',
          '/api/releases/releases/00000000-0000-4000-8000-000000000001/transitions',
        ],
        [
          'get',
          '/api/releases/releases/00000000-0000-4000-8000-000000000001/events',
        ],
        ['get', '/api/releases/environments'],
      ] as const)(
        'refuses %s %s without credentials (401)',
        async (method, path) => {
          const res = await request(app)
            [method](path)
            .set('Authorization', mockCredentials.none.header());
          expect(res.status).toBe(401);
        },
      );

      it('refuses a service token where only users may act (403), writing nothing', async () => {
        const res = await request(app)
          .post('/api/releases/releases')
          .set('Authorization', mockCredentials.service.header())
          .send(validRelease);
        expect(res.status).toBe(403);
        expect(await counts()).toEqual({
          releases: 0,
          components: 0,
          events: 0,
        });
      });
    });

    describe('POST /releases', () => {
      it('creates a release in plan, normalises refs and records who created it', async () => {
        const res = await create({
          ...validRelease,
          owner: 'payments-team',
          components: [{ entityRef: 'payments-api', version: '2.5.0' }],
        });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          title: 'Payments 2.5',
          phase: 'plan',
          owner: 'group:default/payments-team',
          createdBy: 'user:default/alice',
          components: [
            { entityRef: 'component:default/payments-api', version: '2.5.0' },
          ],
          environments: ['production'],
          plannedStart: '2026-12-01T09:00:00.000Z',
          revision: 1,
          actualStart: null,
        });
        const events = await request(app).get(
          `/api/releases/releases/${res.body.id}/events`,
        );
        expect(events.body.items).toHaveLength(1);
        expect(events.body.items[0]).toMatchObject({
          type: 'created',
          actor: 'user:default/alice',
        });
        expect(Date.parse(events.body.items[0].at)).not.toBeNaN();
      });

      it('targets every configured environment when none are given', async () => {
        const { environments, ...body } = validRelease;
        const res = await create(body);
        expect(res.status).toBe(201);
        expect(res.body.environments).toEqual(['staging', 'production']);
      });

      it.each([
        [{ ...validRelease, title: undefined }, 'title: is required'],
        [{ ...validRelease, title: '   ' }, 'title: is required'],
        [
          { ...validRelease, type: 'huge' },
          'type: must be one of major, minor, emergency',
        ],
        [
          { ...validRelease, plannedEnd: '2026-11-30T00:00:00Z' },
          'plannedEnd: must be after plannedStart',
        ],
        [
          { ...validRelease, plannedStart: 'tomorrow' },
          'plannedStart: must be an ISO-8601 date-time',
        ],
        [
          { ...validRelease, components: [] },
          'components: needs at least one component',
        ],
        [
          { ...validRelease, owner: 'component:default/payments-api' },
          'owner: "component:default/payments-api" must be a group',
        ],
        [
          { ...validRelease, owner: 'group:default/ghosts' },
          'owner: group:default/ghosts does not exist in the catalog',
        ],
        [
          {
            ...validRelease,
            components: [
              { entityRef: 'component:default/payments-api' },
              { entityRef: 'nope' },
            ],
          },
          'components.1.entityRef: component:default/nope does not exist in the catalog',
        ],
        [
          {
            ...validRelease,
            components: [{ entityRef: 'component:default/' }],
          },
          'components.0.entityRef: "component:default/" is not a valid entity ref',
        ],
        [
          { ...validRelease, environments: ['moon'] },
          'environments.0: "moon" is not a configured environment',
        ],
        [{ ...validRelease, surprise: 1 }, 'surprise: is not a known field'],
        // PostgreSQL cannot store NUL: this was a 500 there (found by fuzzing).
        [
          { ...validRelease, title: 'Payments\u00002.5' },
          'title: must not contain NUL characters',
        ],
        [
          {
            ...validRelease,
            components: [{ entityRef: 'payments-api', version: '2.5\u0000' }],
          },
          'components.0.version: must not contain NUL characters',
        ],
        // Freeze checks expanded weekly windows over millennia for minutes.
        [
          { ...validRelease, plannedEnd: '9999-12-31T23:59:59Z' },
          'plannedEnd: may be at most 400 days after plannedStart',
        ],
      ])(
        'answers 400 naming the field and writes nothing (%#)',
        async (body, message) => {
          const res = await create(body);
          expect(res.status).toBe(400);
          expect(res.body.error.message).toContain(message);
          expect(await counts()).toEqual({
            releases: 0,
            components: 0,
            events: 0,
          });
        },
      );
    });

    describe('GET /releases', () => {
      beforeEach(async () => {
        await create({
          ...validRelease,
          title: 'A',
          plannedStart: '2026-12-01T00:00:00Z',
          plannedEnd: '2026-12-02T00:00:00Z',
        });
        await create({
          ...validRelease,
          title: 'B',
          type: 'major',
          owner: 'group:default/storefront-team',
          components: [{ entityRef: 'component:default/checkout-service' }],
          plannedStart: '2026-12-05T00:00:00Z',
          plannedEnd: '2026-12-06T00:00:00Z',
        });
        await create({
          ...validRelease,
          title: 'C',
          owner: 'group:default/storefront-team',
          components: [{ entityRef: 'component:default/ledger-service' }],
          plannedStart: '2026-12-10T00:00:00Z',
          plannedEnd: '2026-12-11T00:00:00Z',
        });
      });

      const titles = async (query: string) => {
        const res = await request(app).get(`/api/releases/releases?${query}`);
        expect(res.status).toBe(200);
        return res.body.items.map((r: { title: string }) => r.title);
      };

      it('filters by component, system, owner, type, phase and window', async () => {
        expect(await titles('order=asc')).toEqual(['A', 'B', 'C']);
        expect(
          await titles('entityRef=component:default/payments-api'),
        ).toEqual(['A']);
        expect(
          await titles('system=system:default/payments&order=asc'),
        ).toEqual(['A', 'C']);
        // Owned by the team, or touching one of its components.
        expect(
          await titles('owner=group:default/payments-team&order=asc'),
        ).toEqual(['A', 'C']);
        expect(await titles('owner=storefront-team&order=asc')).toEqual([
          'B',
          'C',
        ]);
        expect(await titles('type=major')).toEqual(['B']);
        expect(await titles('type=major,minor&order=asc')).toEqual([
          'A',
          'B',
          'C',
        ]);
        expect(await titles('phase=design')).toEqual([]);
        expect(
          await titles(
            'from=2026-12-05T12:00:00Z&to=2026-12-10T00:00:00Z&order=asc',
          ),
        ).toEqual(['B', 'C']);
      });

      it('pages with a total count and refuses pages over 100', async () => {
        const res = await request(app).get(
          '/api/releases/releases?limit=1&offset=1&order=asc',
        );
        expect(res.body).toMatchObject({ totalCount: 3, limit: 1, offset: 1 });
        expect(res.body.items.map((r: { title: string }) => r.title)).toEqual([
          'B',
        ]);

        const tooMany = await request(app).get(
          '/api/releases/releases?limit=101',
        );
        expect(tooMany.status).toBe(400);
        expect(tooMany.body.error.message).toBe('limit: must be at most 100');

        const badPhase = await request(app).get(
          '/api/releases/releases?phase=done',
        );
        expect(badPhase.status).toBe(400);
        expect(badPhase.body.error.message).toContain(
          'phase.0: must be one of plan',
        );
      });
    });

    describe('PATCH /releases/:id', () => {
      it('edits with the current revision and records the changes', async () => {
        const { body: created } = await create();
        const res = await request(app)
          .patch(`/api/releases/releases/${created.id}`)
          .set('Authorization', mockCredentials.user.header('user:default/bob'))
          .send({
            revision: 1,
            title: 'Payments 2.6',
            plannedEnd: '2026-12-04T17:00:00Z',
          });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          title: 'Payments 2.6',
          revision: 2,
          plannedEnd: '2026-12-04T17:00:00.000Z',
        });

        const events = await request(app).get(
          `/api/releases/releases/${created.id}/events`,
        );
        expect(events.body.items[0]).toMatchObject({
          type: 'updated',
          actor: 'user:default/bob',
          changes: {
            title: { before: 'Payments 2.5', after: 'Payments 2.6' },
            plannedEnd: {
              before: '2026-12-03T17:00:00.000Z',
              after: '2026-12-04T17:00:00.000Z',
            },
          },
        });
      });

      it('answers 409 with the current revision to a stale one, writing nothing', async () => {
        const { body: created } = await create();
        await request(app)
          .patch(`/api/releases/releases/${created.id}`)
          .send({ revision: 1, title: 'First' });
        const before = await counts();

        const res = await request(app)
          .patch(`/api/releases/releases/${created.id}`)
          .send({ revision: 1, title: 'Second' });
        expect(res.status).toBe(409);
        expect(res.body.currentRevision).toBe(2);
        expect(res.body.current).toMatchObject({ title: 'First', revision: 2 });
        expect(res.body.error.message).toContain('revision');
        expect(await counts()).toEqual(before);
      });

      it('requires a revision and checks the window against the stored one', async () => {
        const { body: created } = await create();
        const noRevision = await request(app)
          .patch(`/api/releases/releases/${created.id}`)
          .send({ title: 'x' });
        expect(noRevision.status).toBe(400);
        expect(noRevision.body.error.message).toBe('revision: is required');

        const endBeforeStart = await request(app)
          .patch(`/api/releases/releases/${created.id}`)
          .send({ revision: 1, plannedEnd: '2026-11-01T00:00:00Z' });
        expect(endBeforeStart.status).toBe(400);
        expect(endBeforeStart.body.error.message).toContain(
          'plannedEnd: must be after plannedStart',
        );

        const centuries = await request(app)
          .patch(`/api/releases/releases/${created.id}`)
          .send({ revision: 1, plannedEnd: '9999-12-31T23:59:59Z' });
        expect(centuries.status).toBe(400);
        expect(centuries.body.error.message).toContain(
          'plannedEnd: may be at most 1096 days after now',
        );
        expect(centuries.body.error.fields).toEqual([
          {
            field: 'plannedEnd',
            message: 'may be at most 1096 days after now',
          },
        ]);

        const longWindow = await request(app)
          .patch(`/api/releases/releases/${created.id}`)
          .send({ revision: 1, plannedEnd: '2028-01-06T00:00:00Z' });
        expect(longWindow.status).toBe(400);
        expect(longWindow.body.error.fields).toEqual([
          {
            field: 'plannedEnd',
            message: 'may be at most 400 days after plannedStart',
          },
        ]);
        expect((await counts()).events).toBe(1);
      });

      it('answers 404 for an unknown release', async () => {
        const res = await request(app)
          .patch('/api/releases/releases/00000000-0000-4000-8000-00000000ffff')
          .send({ revision: 1, title: 'x' });
        expect(res.status).toBe(404);
      });

      it('answers 404, not 500, for an id with a NUL character', async () => {
        const { body: created } = await create();
        for (const id of ['%00', `${created.id}%00`]) {
          const patched = await request(app)
            .patch(`/api/releases/releases/${id}`)
            .send({ revision: 1, title: 'x' });
          expect(patched.status).toBe(404);
          const moved = await transition(id, { to: 'design' });
          expect(moved.status).toBe(404);
        }
        expect(await counts()).toEqual({
          releases: 1,
          components: 1,
          events: 1,
        });
      });
    });

    describe('POST /releases/:id/transitions', () => {
      it('walks the lifecycle, stamping actual start and end, one event per move', async () => {
        const { body: created } = await create();
        const moves = [];
        for (const to of ['design', 'build', 'test', 'deploy', 'review']) {
          const res = await transition(created.id, { to });
          moves.push({
            status: res.status,
            phase: res.body.phase,
            actualStart: res.body.actualStart,
          });
        }
        // Closing needs the post-implementation review.
        const unreviewed = await transition(created.id, { to: 'closed' });
        expect(unreviewed.status).toBe(409);
        expect(unreviewed.body.error.message).toContain(
          'needs a post-implementation review',
        );
        const review = await request(app)
          .post(`/api/releases/releases/${created.id}/review`)
          .send({ outcome: 'successful', wentWell: 'Smooth', actions: [] });
        expect(review.status).toBe(201);
        const closed = await transition(created.id, { to: 'closed' });
        moves.push({
          status: closed.status,
          phase: closed.body.phase,
          actualStart: closed.body.actualStart,
        });
        // Design has not started the work yet; build has.
        expect(moves[0].actualStart).toBeNull();
        expect(moves[1].actualStart).not.toBeNull();
        expect(moves.every(m => m.status === 200)).toBe(true);
        expect(moves.map(m => m.phase)).toEqual([
          'design',
          'build',
          'test',
          'deploy',
          'review',
          'closed',
        ]);
        const { body: release } = await request(app).get(
          `/api/releases/releases/${created.id}`,
        );
        expect(Date.parse(release.actualStart)).toBeGreaterThanOrEqual(
          Date.parse(created.createdAt),
        );
        expect(Date.parse(release.actualEnd)).toBeGreaterThanOrEqual(
          Date.parse(release.actualStart),
        );
        expect(release.revision).toBe(8);
        expect(release.outcome).toBe('successful');

        const events = await request(app).get(
          `/api/releases/releases/${created.id}/events?order=asc`,
        );
        expect(events.body.totalCount).toBe(8);
        expect(events.body.items.map((e: any) => e.type)).toEqual([
          'created',
          'transitioned',
          'transitioned',
          'transitioned',
          'transitioned',
          'transitioned',
          'reviewed',
          'transitioned',
        ]);
        expect(events.body.items[1]).toMatchObject({
          type: 'transitioned',
          actor: 'user:default/bob',
          changes: { phase: { before: 'plan', after: 'design' } },
        });

        const afterClose = await transition(created.id, { to: 'cancelled' });
        expect(afterClose.status).toBe(409);
        expect(afterClose.body.error.message).toContain('no further moves');
      });

      it('refuses an illegal move with 409 naming the legal ones, writing nothing', async () => {
        const { body: created } = await create();
        const before = await counts();
        const res = await transition(created.id, { to: 'deploy' });
        expect(res.status).toBe(409);
        expect(res.body.error.message).toBe(
          'to: cannot move a release from plan to deploy; legal moves are design, cancelled',
        );
        expect(await counts()).toEqual(before);
      });

      it('steps back one phase only with a reason, which lands in the history', async () => {
        const { body: created } = await create();
        await transition(created.id, { to: 'design' });

        const noReason = await transition(created.id, { to: 'plan' });
        expect(noReason.status).toBe(400);
        expect(noReason.body.error.message).toContain('reason: is required');

        const withReason = await transition(created.id, {
          to: 'plan',
          reason: 'Scope changed',
        });
        expect(withReason.status).toBe(200);
        expect(withReason.body.phase).toBe('plan');
        const events = await request(app).get(
          `/api/releases/releases/${created.id}/events`,
        );
        expect(events.body.items[0]).toMatchObject({
          reason: 'Scope changed',
          changes: { phase: { before: 'design', after: 'plan' } },
        });
      });

      it('cancels from an open phase', async () => {
        const { body: created } = await create();
        await transition(created.id, { to: 'design' });
        const res = await transition(created.id, {
          to: 'cancelled',
          reason: 'Superseded',
        });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ phase: 'cancelled' });
        expect(res.body.actualEnd).not.toBeNull();
      });

      it('validates the body', async () => {
        const { body: created } = await create();
        const res = await transition(created.id, { to: 'shipped' });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain('to: must be one of plan');
      });

      it('applies each of several concurrent identical moves once', async () => {
        const { body: created } = await create();
        const results = await Promise.all(
          Array.from({ length: 5 }, () =>
            transition(created.id, { to: 'design' }),
          ),
        );
        expect(results.filter(r => r.status === 200)).toHaveLength(1);
        expect(results.filter(r => r.status === 409)).toHaveLength(4);
        const events = await request(app).get(
          `/api/releases/releases/${created.id}/events`,
        );
        expect(events.body.totalCount).toBe(2);
      });
    });

    describe('GET /environments', () => {
      it('lists the configured environments in order', async () => {
        const res = await request(app).get('/api/releases/environments');
        expect(res.body.items).toEqual([
          { name: 'staging', order: 0, gated: false },
          { name: 'production', order: 1, gated: true },
        ]);
      });
    });

    describe('with conditional decisions', () => {
      it('applies rules to single releases and filters lists in the database', async () => {
        const { body: minor } = await create();
        const { body: major } = await create({
          ...validRelease,
          type: 'major',
          title: 'Major',
        });
        const { body: other } = await create({
          ...validRelease,
          title: 'Storefront',
          owner: 'group:default/storefront-team',
          components: [{ entityRef: 'component:default/cart-service' }],
        });
        const conditional = (conditions: object) => ({
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'releases',
          resourceType: 'release',
          conditions,
        });
        const permissions = mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
          authorizeConditional: async requests =>
            requests.map(r => {
              if (r.permission.name === 'releases.release.transition') {
                return conditional({
                  not: {
                    rule: 'HAS_RELEASE_TYPE',
                    resourceType: 'release',
                    params: { types: ['major'] },
                  },
                }) as any;
              }
              if (r.permission.name === 'releases.release.read') {
                return conditional({
                  rule: 'IS_RELEASE_OWNER',
                  resourceType: 'release',
                  params: { ownerRefs: ['group:default/payments-team'] },
                }) as any;
              }
              return { result: AuthorizeResult.ALLOW };
            }),
        });
        const { server } = await startTestBackend({
          features: [
            releasesPlugin,
            mockServices.database.factory({ knex }),
            catalogServiceMock.factory({ entities: testEntities }),
            mockServices.rootConfig.factory({ data: {} }),
            permissions.factory,
          ],
        });

        expect(
          (
            await request(server)
              .post(`/api/releases/releases/${minor.id}/transitions`)
              .send({ to: 'design' })
          ).status,
        ).toBe(200);
        const refused = await request(server)
          .post(`/api/releases/releases/${major.id}/transitions`)
          .send({ to: 'design' });
        expect(refused.status).toBe(403);
        expect(refused.body.error.message).toBe(
          'You are not allowed to releases.release.transition on this release',
        );

        const list = await request(server).get(
          '/api/releases/releases?order=asc',
        );
        expect(list.body.items.map((r: any) => r.id).sort()).toEqual(
          [minor.id, major.id].sort(),
        );
        expect(list.body.totalCount).toBe(2);
        // A release the caller may not read is an unknown id, on every route.
        const hidden = await request(server).get(
          `/api/releases/releases/${other.id}`,
        );
        const unknown = await request(server).get(
          '/api/releases/releases/00000000-0000-4000-8000-0000000000ff',
        );
        expect(hidden.status).toBe(404);
        expect(unknown.status).toBe(404);
        expect(hidden.body.error.name).toBe(unknown.body.error.name);

        // The calendar and its feed show the same releases as the list.
        const calendar = await request(server).get(
          '/api/releases/calendar?from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z',
        );
        expect(calendar.status).toBe(200);
        expect(calendar.body.releases.map((r: any) => r.id).sort()).toEqual(
          [minor.id, major.id].sort(),
        );
        // Storefront consumes the API payments-api provides, at the same
        // time: the payments system's calendar names it as a collision to
        // whoever may read it, and to nobody else.
        const paymentsMonth =
          '/api/releases/calendar?system=payments&from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z';
        const open = await request(app).get(paymentsMonth);
        expect(open.body.otherReleases.map((r: any) => r.id)).toEqual([
          other.id,
        ]);
        expect(
          open.body.collisions.filter((c: any) =>
            c.releaseIds.includes(other.id),
          ),
        ).toHaveLength(2);
        const scoped = await request(server).get(paymentsMonth);
        expect(scoped.status).toBe(200);
        expect(scoped.body.otherReleases).toEqual([]);
        expect(JSON.stringify(scoped.body)).not.toContain(other.id);
        expect(JSON.stringify(scoped.body)).not.toContain('Storefront');
        const feed = await request(server)
          .get('/api/releases/calendar.ics')
          .set('Authorization', mockCredentials.user.header());
        expect(feed.status).toBe(200);
        expect(feed.text).toContain(minor.id);
        expect(feed.text).not.toContain(other.id);
      });
    });

    describe('with a policy that denies', () => {
      it('answers 403 to lists and creation, 404 to a release, and writes nothing', async () => {
        const { body: created } = await create();
        const before = await counts();
        const denied = await startBackend({ permission: AuthorizeResult.DENY });

        expect(
          (await request(denied).get('/api/releases/releases')).status,
        ).toBe(403);
        // Nothing it may not read exists for it, writes included.
        expect(
          (await request(denied).get(`/api/releases/releases/${created.id}`))
            .status,
        ).toBe(404);
        expect(
          (
            await request(denied)
              .post('/api/releases/releases')
              .send(validRelease)
          ).status,
        ).toBe(403);
        expect(
          (
            await request(denied)
              .patch(`/api/releases/releases/${created.id}`)
              .send({ revision: 1, title: 'x' })
          ).status,
        ).toBe(404);
        expect(
          (
            await request(denied)
              .post(`/api/releases/releases/${created.id}/transitions`)
              .send({ to: 'design' })
          ).status,
        ).toBe(404);
        expect(await counts()).toEqual(before);
      });
    });
  },
);
