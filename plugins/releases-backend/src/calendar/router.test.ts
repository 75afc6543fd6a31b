import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CALENDAR_RELEASE_FIELDS } from '@backstage-itsm/plugin-releases-common';
import ICAL from 'ical.js';
import { Knex } from 'knex';
import request from 'supertest';
import { releasesPlugin } from '../plugin';
import { insertReleases } from '../__testUtils__/bulkReleases';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const config = {
  app: { baseUrl: 'http://portal.example.com' },
  backend: { baseUrl: 'http://backstage.example.com' },
  releases: {
    environments: [{ name: 'staging' }, { name: 'production', gated: true }],
    freezeWindows: [
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
  },
};

describe.each(databases.eachSupportedId())(
  'calendar routes on %p',
  databaseId => {
    let knex: Knex;
    let app: Awaited<ReturnType<typeof startTestBackend>>['server'];

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          releasesPlugin,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({ entities: testEntities }),
          mockServices.rootConfig.factory({ data: config }),
        ],
      });
      app = backend.server;
    });

    beforeEach(async () => {
      for (const table of [
        'feed_tokens',
        'release_phase_periods',
        'release_events',
        'release_components',
        'releases',
      ]) {
        await knex(table).delete();
      }
    });

    async function plan(body: Record<string, unknown>) {
      const res = await request(app)
        .post('/api/releases/releases')
        .send({
          title: 'Release',
          type: 'minor',
          owner: 'group:default/payments-team',
          environments: ['staging'],
          ...body,
        });
      expect(res.status).toBe(201);
      return res.body;
    }

    const week = {
      plannedStart: '2026-12-07T09:00:00Z',
      plannedEnd: '2026-12-09T17:00:00Z',
    };

    function calendar(
      query = 'from=2026-12-01T00:00:00Z&to=2027-01-01T00:00:00Z',
    ) {
      return request(app).get(`/api/releases/calendar?${query}`);
    }

    it('flags two releases changing the same component', async () => {
      const a = await plan({
        ...week,
        title: 'A',
        components: [{ entityRef: 'component:default/payments-api' }],
      });
      const b = await plan({
        ...week,
        title: 'B',
        plannedStart: '2026-12-09T09:00:00Z',
        plannedEnd: '2026-12-10T09:00:00Z',
        components: [{ entityRef: 'component:default/payments-api' }],
      });
      const res = await calendar();
      expect(res.status).toBe(200);
      expect(res.body.releases.map((r: any) => r.title)).toEqual(['A', 'B']);
      expect(res.body.collisions).toEqual([
        {
          kind: 'component',
          releaseIds: [a.id, b.id],
          entities: ['component:default/payments-api'],
          message: '"A" and "B" both change payments-api',
          overlap: {
            start: '2026-12-09T09:00:00.000Z',
            end: '2026-12-09T17:00:00.000Z',
          },
        },
      ]);
    });

    it('shows each release as a summary: the calendar fields, as the release has them', async () => {
      const created = await plan({
        ...week,
        title: 'Summary',
        description: 'Shown on hover and searched',
        components: [
          { entityRef: 'component:default/payments-api', version: '2.0.0' },
        ],
        rollbackPlan: { text: 'Redeploy 1.9.0' },
      });
      const res = await calendar();
      expect(res.status).toBe(200);
      const [entry] = res.body.releases;
      expect(Object.keys(entry).sort()).toEqual(
        [...CALENDAR_RELEASE_FIELDS].sort(),
      );
      const full = (
        await request(app).get(`/api/releases/releases/${created.id}`)
      ).body;
      expect(full.rollbackPlan).toBeTruthy();
      expect(entry).toEqual(
        Object.fromEntries(CALENDAR_RELEASE_FIELDS.map(f => [f, full[f]])),
      );
    });

    it('flags releases of components linked by dependsOn, and not when their windows do not overlap', async () => {
      const a = await plan({
        ...week,
        title: 'Ledger',
        components: [{ entityRef: 'component:default/ledger-service' }],
      });
      const b = await plan({
        ...week,
        title: 'Payments',
        components: [{ entityRef: 'component:default/payments-api' }],
      });
      await plan({
        title: 'Later',
        plannedStart: '2026-12-20T09:00:00Z',
        plannedEnd: '2026-12-21T09:00:00Z',
        components: [{ entityRef: 'component:default/checkout-service' }],
      });
      const { body } = await calendar();
      expect(body.collisions).toHaveLength(1);
      expect(body.collisions[0].kind).toBe('dependency');
      expect([...body.collisions[0].releaseIds].sort()).toEqual(
        [a.id, b.id].sort(),
      );
      expect([...body.collisions[0].entities].sort()).toEqual([
        'component:default/ledger-service',
        'component:default/payments-api',
      ]);
    });

    it('flags releases on both sides of an API', async () => {
      const a = await plan({
        ...week,
        title: 'Provider',
        components: [{ entityRef: 'component:default/payments-api' }],
      });
      const b = await plan({
        ...week,
        title: 'Consumer',
        owner: 'group:default/storefront-team',
        components: [{ entityRef: 'component:default/cart-service' }],
      });
      const { body } = await calendar();
      expect(body.collisions).toHaveLength(1);
      expect(body.collisions[0]).toMatchObject({
        kind: 'api',
        entities: ['api:default/payments-rest'],
      });
      expect([...body.collisions[0].releaseIds].sort()).toEqual(
        [a.id, b.id].sort(),
      );
      expect(body.collisions[0].message).toMatch(
        /^"(Provider|Consumer)" and "(Consumer|Provider)" change the two sides of payments-rest$/,
      );
    });

    it("flags a scope's releases colliding with releases outside it, and names those", async () => {
      const payments = await plan({
        ...week,
        title: 'Payments',
        environments: ['staging', 'production'],
        components: [{ entityRef: 'component:default/payments-api' }],
      });
      // Before the calendar's range: never in it, whatever it overlaps.
      await plan({
        title: 'Early',
        plannedStart: '2026-12-01T09:00:00Z',
        plannedEnd: '2026-12-07T12:00:00Z',
        components: [{ entityRef: 'component:default/payments-api' }],
      });
      const storefront = { owner: 'group:default/storefront-team' };
      const checkout = await plan({
        ...week,
        ...storefront,
        title: 'Checkout',
        environments: ['production'],
        components: [{ entityRef: 'component:default/checkout-service' }],
      });
      const cart = await plan({
        ...week,
        ...storefront,
        title: 'Cart',
        type: 'major',
        components: [{ entityRef: 'component:default/cart-service' }],
      });
      // Same components, another week: no collision.
      await plan({
        ...storefront,
        title: 'Cart later',
        plannedStart: '2026-12-14T09:00:00Z',
        plannedEnd: '2026-12-15T09:00:00Z',
        components: [{ entityRef: 'component:default/cart-service' }],
      });
      const cancelled = await plan({
        ...week,
        ...storefront,
        title: 'Cancelled',
        components: [{ entityRef: 'component:default/checkout-service' }],
      });
      await request(app)
        .post(`/api/releases/releases/${cancelled.id}/transitions`)
        .send({ to: 'cancelled' });
      // Payments' team changes a storefront component while storefront does.
      const late = {
        plannedStart: '2026-12-21T09:00:00Z',
        plannedEnd: '2026-12-21T18:00:00Z',
      };
      const gateway = await plan({
        ...late,
        title: 'Gateway',
        components: [{ entityRef: 'component:default/checkout-service' }],
      });
      const checkoutLate = await plan({
        ...late,
        ...storefront,
        title: 'Checkout late',
        components: [{ entityRef: 'component:default/checkout-service' }],
      });

      const range = 'from=2026-12-08T00:00:00Z&to=2027-01-01T00:00:00Z';
      const pairsOf = (body: any) =>
        body.collisions.map((c: any) => [c.kind, [...c.releaseIds].sort()]);
      const othersOf = (body: any) =>
        body.otherReleases.map((r: any) => r.title).sort();

      const system = (await calendar(`${range}&system=payments`)).body;
      expect(system.releases.map((r: any) => r.title)).toEqual(['Payments']);
      expect(pairsOf(system)).toHaveLength(2);
      expect(pairsOf(system)).toEqual(
        expect.arrayContaining([
          ['dependency', [payments.id, checkout.id].sort()],
          ['api', [payments.id, cart.id].sort()],
        ]),
      );
      expect(system.collisions.find((c: any) => c.kind === 'api').message).toBe(
        '"Payments" and "Cart" change the two sides of payments-rest',
      );
      expect(othersOf(system)).toEqual(['Cart', 'Checkout']);
      // Summaries, as the view's releases are.
      expect(Object.keys(system.otherReleases[0]).sort()).toEqual(
        [...CALENDAR_RELEASE_FIELDS].sort(),
      );

      // The view's filters apply to the releases outside it too.
      const production = (
        await calendar(`${range}&system=payments&environment=production`)
      ).body;
      expect(othersOf(production)).toEqual(['Checkout']);
      const majors = (await calendar(`${range}&system=storefront&type=major`))
        .body;
      expect(majors.releases.map((r: any) => r.title)).toEqual(['Cart']);
      expect(majors.collisions).toEqual([]);
      expect(majors.otherReleases).toEqual([]);

      // The consumer's side sees the provider's release.
      const cartView = (
        await calendar(`${range}&entityRef=component:default/cart-service`)
      ).body;
      expect(othersOf(cartView)).toEqual(['Payments']);
      // An owner's view: its releases, one of them changing a component of
      // another team's that the other team changes at the same time.
      const team = (await calendar(`${range}&owner=payments-team`)).body;
      expect(team.releases.map((r: any) => r.title)).toEqual([
        'Payments',
        'Gateway',
      ]);
      expect(othersOf(team)).toEqual(['Cart', 'Checkout', 'Checkout late']);
      expect(pairsOf(team)).toContainEqual([
        'component',
        [gateway.id, checkoutLate.id].sort(),
      ]);

      // The whole calendar compares its own releases and names nothing else.
      const all = (await calendar(range)).body;
      expect(all.otherReleases).toBeUndefined();
      expect(all.collisions.map((c: any) => c.kind).sort()).toEqual([
        'api',
        'component',
        'dependency',
      ]);
    });

    /** `count` open releases of one component, an hour each, a minute apart (ids from `first`). */
    function manyReleases(
      entityRef: string,
      count: number,
      options: { first?: number; start?: string } = {},
    ) {
      const first = options.first ?? 0;
      const start = Date.parse(options.start ?? '2026-12-08T00:00:00Z');
      return insertReleases(
        knex,
        '8000',
        Array.from({ length: count }, (_, i) => ({
          title: `Bulk ${first + i}`,
          type: 'minor' as const,
          plannedStart: new Date(start + (first + i) * 60_000),
          plannedEnd: new Date(start + (first + i) * 60_000 + 3600_000),
          environments: ['staging'],
          components: [entityRef],
        })),
        first,
      );
    }

    it('says when more releases outside a scope could collide than one read holds, on the calendar and in plan checks', async () => {
      await plan({
        ...week,
        title: 'Payments',
        components: [{ entityRef: 'component:default/payments-api' }],
      });
      // Releases of a component payments-api depends on, in its week.
      await manyReleases('component:default/checkout-service', 499);
      const range = 'from=2026-12-01T00:00:00Z&to=2027-01-01T00:00:00Z';
      const scoped = async () =>
        (await calendar(`${range}&system=payments`)).body;
      const check = async () =>
        (
          await request(app)
            .post('/api/releases/calendar/check')
            .send({
              type: 'minor',
              ...week,
              environments: ['staging'],
              components: [{ entityRef: 'component:default/payments-api' }],
            })
        ).body.warnings;
      const incomplete = (warnings: any[]) =>
        warnings.filter(w => !w.releaseId);

      let view = await scoped();
      expect(view.otherReleases).toHaveLength(499);
      expect(view.collisions).toHaveLength(499);
      expect(view.otherReleasesTruncated).toBe(false);
      // The plan also collides with the saved Payments release: 500.
      let warnings = await check();
      expect(warnings).toHaveLength(500);
      expect(incomplete(warnings)).toEqual([]);

      // One more: the check reads 500 of 501 and says so; the calendar
      // (which leaves out its own Payments) still reads them all.
      await manyReleases('component:default/checkout-service', 1, {
        first: 499,
      });
      warnings = await check();
      expect(warnings).toHaveLength(501);
      const [notice] = incomplete(warnings);
      expect(notice).toEqual({
        kind: 'collision',
        message:
          'More than 500 open releases in this window change these components, components linked to them or the other sides of their APIs; collisions were checked against the first 500 of them only',
        overlap: expect.any(Object),
      });
      expect(Date.parse(notice.overlap.start)).toBe(
        Date.parse(week.plannedStart),
      );
      expect(Date.parse(notice.overlap.end)).toBe(Date.parse(week.plannedEnd));
      view = await scoped();
      expect(view.otherReleases).toHaveLength(500);
      expect(view.otherReleasesTruncated).toBe(false);

      await manyReleases('component:default/checkout-service', 1, {
        first: 500,
      });
      view = await scoped();
      expect(view.otherReleases).toHaveLength(500);
      expect(view.collisions).toHaveLength(500);
      expect(view.otherReleasesTruncated).toBe(true);
      // A calendar of everything has no outside to read.
      expect((await calendar(range)).body.otherReleasesTruncated).toBe(
        undefined,
      );
    });

    it("lists the first three collisions of each release when a busy component's releases collide pairwise, and counts them all", async () => {
      // 40 overlapping releases of one component: 780 pairs collide.
      const ids = await manyReleases('component:default/cart-service', 40);
      const range = 'from=2026-12-01T00:00:00Z&to=2027-01-01T00:00:00Z';
      const view = (await calendar(range)).body;
      expect(view.collisionsTotal).toBe(780);
      expect(view.collisions.length).toBeLessThanOrEqual(120);
      const listed = (id: string) =>
        view.collisions.filter((c: any) => c.releaseIds.includes(id));
      // Every release is marked, and its first three are there.
      for (const id of ids) {
        expect(listed(id).length).toBeGreaterThanOrEqual(3);
      }
      // (Others' first three name it too: it is listed more than three times.)
      expect(
        listed(ids[0])
          .slice(0, 3)
          .map((c: any) => c.releaseIds),
      ).toEqual([
        [ids[0], ids[1]],
        [ids[0], ids[2]],
        [ids[0], ids[3]],
      ]);
      // A calendar with few collisions lists them all and counts nothing.
      const scoped = (
        await calendar(`${range}&entityRef=component:default/payments-api`)
      ).body;
      expect(scoped.collisionsTotal).toBeUndefined();
    });

    it('checks a plan against the releases of its components, however many unrelated releases share its window', async () => {
      // 600 releases of a component nothing links to the ledger, earlier in
      // the window than the one that collides.
      await manyReleases('component:default/wishlist-service', 600, {
        start: '2026-12-07T09:00:00Z',
      });
      const colliding = await plan({
        title: 'Ledger fix',
        plannedStart: '2026-12-09T09:00:00Z',
        plannedEnd: '2026-12-09T12:00:00Z',
        components: [{ entityRef: 'component:default/ledger-service' }],
      });
      const res = await request(app)
        .post('/api/releases/calendar/check')
        .send({
          type: 'minor',
          ...week,
          environments: ['staging'],
          components: [{ entityRef: 'component:default/ledger-service' }],
        });
      expect(res.status).toBe(200);
      expect(res.body.warnings.map((w: any) => w.releaseId)).toEqual([
        colliding.id,
      ]);
    });

    it('ignores cancelled and closed releases', async () => {
      const a = await plan({
        ...week,
        components: [{ entityRef: 'component:default/payments-api' }],
      });
      await plan({
        ...week,
        components: [{ entityRef: 'component:default/payments-api' }],
      });
      await request(app)
        .post(`/api/releases/releases/${a.id}/transitions`)
        .send({ to: 'cancelled' });
      expect((await calendar()).body.collisions).toEqual([]);
    });

    it('expands freezes in the range and flags releases planned into them', async () => {
      const major = await plan({
        title: 'Big bang',
        type: 'major',
        plannedStart: '2026-12-21T09:00:00Z',
        plannedEnd: '2026-12-22T09:00:00Z',
        environments: ['production'],
        components: [{ entityRef: 'component:default/checkout-service' }],
      });
      await plan({
        title: 'Hotfix',
        type: 'emergency',
        plannedStart: '2026-12-21T09:00:00Z',
        plannedEnd: '2026-12-22T09:00:00Z',
        environments: ['production'],
        owner: 'group:default/storefront-team',
        components: [{ entityRef: 'component:default/cart-service' }],
      });
      await plan({
        title: 'Staging only',
        plannedStart: '2026-12-21T09:00:00Z',
        plannedEnd: '2026-12-22T09:00:00Z',
        environments: ['staging'],
        components: [{ entityRef: 'component:default/cart-service' }],
      });
      // Friday afternoon in New York, payments system: the selector applies.
      const friday = await plan({
        title: 'Friday',
        plannedStart: '2026-12-11T20:00:00Z',
        plannedEnd: '2026-12-11T21:00:00Z',
        environments: ['production'],
        components: [{ entityRef: 'component:default/ledger-service' }],
      });
      // Same time, storefront system: the selector does not apply.
      await plan({
        title: 'Friday storefront',
        plannedStart: '2026-12-11T20:00:00Z',
        plannedEnd: '2026-12-11T21:00:00Z',
        environments: ['production'],
        owner: 'group:default/storefront-team',
        components: [{ entityRef: 'component:default/checkout-service' }],
      });

      const { body } = await calendar();
      expect(body.freezes.map((f: any) => f.window)).toEqual([
        'Payments Fridays',
        'Payments Fridays',
        'Payments Fridays',
        'Year-end freeze',
        'Payments Fridays',
      ]);
      expect(body.freezes[3]).toMatchObject({
        start: '2026-12-19T23:00:00.000Z',
        environments: ['production'],
        allow: ['emergency'],
      });
      expect(
        body.freezeConflicts.map((c: any) => [c.releaseId, c.window]),
      ).toEqual([
        [friday.id, 'Payments Fridays'],
        [major.id, 'Year-end freeze'],
      ]);
      expect(body.freezeConflicts[1].message).toBe(
        'planned into the freeze "Year-end freeze" (production), which does not allow major releases',
      );
    });

    it('filters by scope, type and environment, and limits freezes to the scope', async () => {
      await plan({
        ...week,
        title: 'Payments',
        components: [{ entityRef: 'component:default/payments-api' }],
        environments: ['production'],
      });
      await plan({
        ...week,
        title: 'Cart',
        type: 'major',
        owner: 'group:default/storefront-team',
        components: [{ entityRef: 'component:default/cart-service' }],
      });
      const titles = async (q: string) =>
        (
          await calendar(
            `from=2026-12-01T00:00:00Z&to=2027-01-01T00:00:00Z&${q}`,
          )
        ).body.releases.map((r: any) => r.title);
      expect(await titles('system=payments')).toEqual(['Payments']);
      expect(await titles('owner=storefront-team')).toEqual(['Cart']);
      expect(await titles('type=major')).toEqual(['Cart']);
      expect(await titles('environment=production')).toEqual(['Payments']);

      const storefront = await calendar(
        'from=2026-12-01T00:00:00Z&to=2027-01-01T00:00:00Z&system=storefront',
      );
      expect(
        new Set(storefront.body.freezes.map((f: any) => f.window)),
      ).toEqual(new Set(['Year-end freeze']));
    });

    it('refuses a range over 400 days or backwards', async () => {
      const long = await calendar(
        'from=2026-01-01T00:00:00Z&to=2027-03-01T00:00:00Z',
      );
      expect(long.status).toBe(400);
      expect(long.body.error.message).toBe(
        'to: the range may span at most 400 days',
      );
      expect(
        (await calendar('from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z'))
          .status,
      ).toBe(400);
      expect(
        (await calendar('to=2026-01-01T00:00:00Z')).body.error.message,
      ).toBe('from: is required');
    });

    it('returns planning warnings with a saved plan and from the check route', async () => {
      const existing = await plan({
        ...week,
        title: 'Payments',
        components: [{ entityRef: 'component:default/payments-api' }],
      });
      const res = await request(app)
        .post('/api/releases/releases')
        .send({
          title: 'Ledger at year end',
          type: 'major',
          owner: 'group:default/payments-team',
          plannedStart: '2026-12-08T09:00:00Z',
          plannedEnd: '2026-12-21T09:00:00Z',
          environments: ['production'],
          components: [{ entityRef: 'component:default/ledger-service' }],
        });
      expect(res.status).toBe(201);
      expect(
        res.body.warnings.map((w: any) => [w.kind, w.window ?? w.releaseId]),
      ).toEqual(
        expect.arrayContaining([
          ['freeze', 'Year-end freeze'],
          ['freeze', 'Payments Fridays'],
          ['collision', existing.id],
        ]),
      );

      const check = await request(app)
        .post('/api/releases/calendar/check')
        .send({
          type: 'emergency',
          plannedStart: '2026-12-21T09:00:00Z',
          plannedEnd: '2026-12-22T09:00:00Z',
          environments: ['production'],
          components: [{ entityRef: 'cart-service' }],
        });
      expect(check.status).toBe(200);
      expect(check.body.warnings).toEqual([]);
    });

    it('refuses to check a plan over 400 days or backwards (found by fuzzing: minutes of freeze expansion)', async () => {
      const check = (plannedEnd: string) =>
        request(app)
          .post('/api/releases/calendar/check')
          .send({
            type: 'minor',
            plannedStart: '2026-12-21T09:00:00Z',
            plannedEnd,
            environments: ['production'],
            components: [{ entityRef: 'payments-api' }],
          });
      const started = Date.now();
      const centuries = await check('9999-12-31T23:59:59-23:59');
      expect(centuries.status).toBe(400);
      expect(centuries.body.error.message).toBe(
        'plannedEnd: may be at most 400 days after plannedStart',
      );
      expect(Date.now() - started).toBeLessThan(5000);
      const backwards = await check('2026-12-20T09:00:00Z');
      expect(backwards.status).toBe(400);
      expect(backwards.body.error.message).toBe(
        'plannedEnd: must be after plannedStart',
      );
    });

    describe('iCalendar feed', () => {
      it('serves valid RFC 5545 with stable UIDs, for a feed token and for a signed-in user', async () => {
        const now = Date.now();
        const soon = {
          plannedStart: new Date(now + 86400000).toISOString(),
          plannedEnd: new Date(now + 2 * 86400000).toISOString(),
        };
        const release = await plan({
          ...soon,
          title: 'Payments 2.6',
          components: [
            { entityRef: 'component:default/payments-api', version: '2.6.0' },
          ],
        });

        const created = await request(app)
          .post('/api/releases/feed-tokens')
          .send({ name: 'Outlook' });
        expect(created.status).toBe(201);
        expect(created.body.url).toMatch(
          new RegExp(
            `^http://localhost:\\d+/api/releases/calendar\\.ics\\?token=${created.body.token}$`,
          ),
        );
        expect(
          JSON.stringify(await knex('feed_tokens').select()),
        ).not.toContain(created.body.token);

        const feed = await request(app)
          .get(
            `/api/releases/calendar.ics?entityRef=payments-api&token=${created.body.token}`,
          )
          .set('Authorization', '');
        expect(feed.status).toBe(200);
        expect(feed.headers['content-type']).toContain('text/calendar');

        const component = new ICAL.Component(ICAL.parse(feed.text));
        const events = component
          .getAllSubcomponents('vevent')
          .map(e => new ICAL.Event(e));
        const releaseEvent = events.find(
          e => e.uid === `release-${release.id}@releases.backstage-itsm`,
        )!;
        expect(releaseEvent.summary).toBe('[minor] Payments 2.6 (Plan)');
        expect(releaseEvent.startDate.toJSDate().toISOString()).toBe(
          new Date(soon.plannedStart)
            .toISOString()
            .replace(/\.\d{3}Z$/, '.000Z'),
        );
        expect(component.getFirstPropertyValue('prodid')).toBe(
          '-//backstage-itsm//releases//EN',
        );
        expect(events.some(e => e.summary.startsWith('Change freeze: '))).toBe(
          true,
        );

        // The same release keeps its UID after an edit, with a higher sequence.
        await request(app)
          .patch(`/api/releases/releases/${release.id}`)
          .send({ revision: 1, title: 'Payments 2.6.1' });
        const again = await request(app)
          .get('/api/releases/calendar.ics?entityRef=payments-api')
          .set('Authorization', mockCredentials.user.header());
        const updated = new ICAL.Component(ICAL.parse(again.text))
          .getAllSubcomponents('vevent')
          .map(e => new ICAL.Event(e))
          .find(e => e.uid === releaseEvent.uid)!;
        expect(updated.summary).toBe('[minor] Payments 2.6.1 (Plan)');
        expect(updated.sequence).toBeGreaterThan(releaseEvent.sequence);
      });

      it('answers 401 without a token, with an unknown one, and with a revoked one', async () => {
        const created = await request(app)
          .post('/api/releases/feed-tokens')
          .send({});
        const feed = (token?: string) =>
          request(app)
            .get(`/api/releases/calendar.ics${token ? `?token=${token}` : ''}`)
            .set('Authorization', '');
        expect((await feed(created.body.token)).status).toBe(200);
        expect((await feed()).status).toBe(401);
        expect((await feed('guess')).status).toBe(401);

        const list = await request(app).get('/api/releases/feed-tokens');
        expect(list.body.items).toEqual([
          expect.objectContaining({
            id: created.body.id,
            name: 'Calendar feed',
            revokedAt: null,
          }),
        ]);
        expect(list.body.items[0].lastUsedAt).not.toBeNull();
        expect(list.body.items[0]).not.toHaveProperty('token');

        const otherUser = await request(app)
          .delete(`/api/releases/feed-tokens/${created.body.id}`)
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/mallory'),
          );
        expect(otherUser.status).toBe(404);
        expect((await feed(created.body.token)).status).toBe(200);

        const revoked = await request(app).delete(
          `/api/releases/feed-tokens/${created.body.id}`,
        );
        expect(revoked.status).toBe(204);
        const afterRevoke = await feed(created.body.token);
        expect(afterRevoke.status).toBe(401);
        expect(afterRevoke.body.error.message).toBe(
          'The feed token is unknown or has been revoked',
        );
      });

      it('answers NUL characters with 404 and 400, not 500 (found by fuzzing on PostgreSQL)', async () => {
        const revoke = await request(app).delete(
          '/api/releases/feed-tokens/%00',
        );
        expect(revoke.status).toBe(404);
        const create = await request(app)
          .post('/api/releases/feed-tokens')
          .send({ name: 'Work\u0000' });
        expect(create.status).toBe(400);
        expect(create.body.error.message).toBe(
          'name: must not contain NUL characters',
        );
        expect(
          Number((await knex('feed_tokens').count({ count: '*' }))[0].count),
        ).toBe(0);
      });
    });
  },
);
