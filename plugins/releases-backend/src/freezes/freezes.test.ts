import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import ICAL from 'ical.js';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import request from 'supertest';
import { releasesPlugin } from '../plugin';
import {
  MAX_CURRENT_RUNTIME_FREEZES,
  RuntimeFreezeStore,
} from './RuntimeFreezeStore';
import { insertReleases } from '../__testUtils__/bulkReleases';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';
import { captureNotices } from '../__testUtils__/notices';
import { policyByUser } from '../__testUtils__/policies';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const now = DateTime.utc();
const local = (d: DateTime) => d.toFormat("yyyy-MM-dd'T'HH:mm:ss");

const config = {
  releases: {
    environments: [{ name: 'staging' }, { name: 'production', gated: true }],
    freezeWindows: [
      // Staging takes deploys only inside its window, which opens later today.
      {
        name: 'Staging deploy window',
        kind: 'allow',
        start: local(now.plus({ hours: 2 })),
        end: local(now.plus({ hours: 4 })),
        timezone: 'UTC',
        environments: ['staging'],
        allow: ['emergency'],
      },
    ],
  },
};

const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);

/** Only erin (release-managers) may declare and lift freezes. */
const freezeManagers = policyByUser((user, permission) =>
  permission === 'releases.freeze.manage' && user !== 'user:default/erin'
    ? { result: AuthorizeResult.DENY }
    : undefined,
);

describe.each(databases.eachSupportedId())(
  'runtime freezes and allow windows on %p',
  databaseId => {
    let knex: Knex;
    // Two replicas on one database, as in production.
    let replicaA: Awaited<ReturnType<typeof startTestBackend>>['server'];
    let replicaB: Awaited<ReturnType<typeof startTestBackend>>['server'];
    // Both replicas tell through one notifier.
    const { module: notifier, sent: notices } = captureNotices();

    const call = (
      server: typeof replicaA,
      method: 'get' | 'post' | 'delete',
      path: string,
      who: string,
      body?: object,
    ) => {
      const req = request(server)
        [method](`/api/releases${path}`)
        .set('Authorization', as(who));
      return body ? req.send(body) : req;
    };

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      const start = async () =>
        (
          await startTestBackend({
            features: [
              releasesPlugin,
              notifier,
              freezeManagers,
              mockServices.database.factory({ knex }),
              catalogServiceMock.factory({ entities: testEntities }),
              mockServices.rootConfig.factory({ data: config }),
            ],
          })
        ).server;
      replicaA = await start();
      replicaB = await start();
    });

    const gate = (server: typeof replicaA, environment = 'production') =>
      call(
        server,
        'get',
        `/gate?entityRef=component:default/payments-api&environment=${environment}`,
        'bob',
      );

    it('blocks the gate on every replica from the next request, refuses those without the permission, and allows again once lifted', async () => {
      // A minor release in deploy for production: no policy applies to it.
      const created = await call(replicaA, 'post', '/releases', 'alice', {
        title: 'Payments 2.7',
        type: 'minor',
        owner: 'group:default/payments-team',
        plannedStart: now.minus({ hours: 1 }).toISO(),
        plannedEnd: now.plus({ days: 2 }).toISO(),
        environments: ['production'],
        components: [{ entityRef: 'component:default/payments-api' }],
      });
      expect(created.status).toBe(201);
      for (const to of ['design', 'build', 'test', 'deploy']) {
        expect(
          (
            await call(
              replicaA,
              'post',
              `/releases/${created.body.id}/transitions`,
              'alice',
              { to },
            )
          ).status,
        ).toBe(200);
      }
      expect((await gate(replicaB)).body.allowed).toBe(true);
      // Readers the plugin knows (they made a request).
      await call(replicaA, 'get', '/releases', 'bob');

      const body = {
        name: 'Stop the line',
        reason: 'Payments outage INC-42',
        environments: ['production'],
      };
      const refused = await call(replicaA, 'post', '/freezes', 'bob', body);
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        'You are not allowed to releases.freeze.manage',
      );
      expect(
        Number((await knex('runtime_freezes').count({ n: '*' }))[0].n),
      ).toBe(0);

      const declared = await call(replicaA, 'post', '/freezes', 'erin', body);
      expect(declared.status).toBe(201);
      expect(declared.body).toMatchObject({
        name: 'Stop the line',
        reason: 'Payments outage INC-42',
        environments: ['production'],
        allow: [],
        endsAt: null,
        declaredBy: 'user:default/erin',
        liftedAt: null,
        state: 'active',
      });
      const freezeId = declared.body.id;

      // The other replica blocks at once.
      const blocked = await gate(replicaB);
      expect(blocked.body.allowed).toBe(false);
      expect(blocked.body.reasons).toEqual([
        'the freeze "Stop the line" declared by user:default/erin (Payments outage INC-42) covers production until it is lifted',
      ]);
      // Staging is not frozen.
      expect(
        (await gate(replicaB, 'staging')).body.checks.find(
          (c: any) => c.id === 'freeze',
        ).passed,
      ).toBe(true);
      // The owners of the release it blocks hear of it.
      expect(
        notices.find(n => n.notice.topic === 'release-freeze')?.recipients,
      ).toContain('user:default/bob');

      // Shown with the configured windows, on the calendar and in the feed.
      const windows = await call(replicaB, 'get', '/freeze-windows', 'bob');
      expect(windows.body.items.map((w: any) => [w.name, w.source])).toEqual([
        ['Staging deploy window', 'config'],
        ['Stop the line', 'runtime'],
      ]);
      const calendar = await call(
        replicaB,
        'get',
        `/calendar?from=${encodeURIComponent(
          now.minus({ days: 1 }).toISO()!,
        )}&to=${encodeURIComponent(now.plus({ days: 3 }).toISO()!)}`,
        'bob',
      );
      expect(calendar.body.freezes).toEqual([
        expect.objectContaining({
          window: 'Stop the line',
          kind: 'freeze',
          runtime: {
            freezeId,
            reason: 'Payments outage INC-42',
            declaredBy: 'user:default/erin',
            openEnded: true,
          },
        }),
      ]);
      expect(calendar.body.freezeConflicts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            releaseId: created.body.id,
            window: 'Stop the line',
          }),
        ]),
      );
      const feed = await call(replicaB, 'get', '/calendar.ics', 'bob');
      const uids = new ICAL.Component(ICAL.parse(feed.text))
        .getAllSubcomponents('vevent')
        .map(e => String(e.getFirstPropertyValue('uid')));
      expect(uids).toContain(
        `freeze-runtime-${freezeId}@releases.backstage-itsm`,
      );

      expect(
        (await call(replicaB, 'delete', `/freezes/${freezeId}`, 'bob')).status,
      ).toBe(403);
      const lifted = await call(
        replicaB,
        'delete',
        `/freezes/${freezeId}`,
        'erin',
        { reason: 'Incident resolved' },
      );
      expect(lifted.status).toBe(200);
      expect(lifted.body).toMatchObject({
        state: 'lifted',
        liftedBy: 'user:default/erin',
        liftReason: 'Incident resolved',
      });
      expect((await gate(replicaA)).body.allowed).toBe(true);
      // Lifted is recorded, never deleted; lifting twice is a conflict.
      expect(
        (await call(replicaA, 'delete', `/freezes/${freezeId}`, 'erin')).status,
      ).toBe(409);
      expect(
        (await call(replicaA, 'get', '/freezes', 'bob')).body.totalCount,
      ).toBe(0);
      const all = await call(replicaA, 'get', '/freezes?state=all', 'bob');
      expect(all.body.items).toEqual([
        expect.objectContaining({ id: freezeId, state: 'lifted' }),
      ]);
      expect(
        notices
          .filter(
            n =>
              n.notice.topic === 'release-freeze' &&
              n.recipients.includes('user:default/bob'),
          )
          .map(n => n.notice.title),
      ).toEqual([
        'Freeze "Stop the line": Payments 2.7 cannot deploy',
        'Freeze "Stop the line" lifted: Payments 2.7 may deploy again',
      ]);
      // Worded for people: who by name, times readable, no refs.
      const descriptions = notices
        .filter(n => n.notice.topic === 'release-freeze')
        .map(n => n.notice.description);
      expect(descriptions[0]).toMatch(
        /declared the freeze "Stop the line" on production from \w{3} \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC until lifted/,
      );
      expect(descriptions.join(' ')).not.toMatch(
        /user:default|T\d\d:\d\d:\d\d/,
      );
    });

    it('tells the owners of the releases it blocks, however many releases it lets through are planned before them', async () => {
      // 600 open releases in the window a production freeze that lets
      // emergencies through does not block: emergencies, and releases
      // for staging only, all planned before the one it blocks.
      const ids = await insertReleases(
        knex,
        'a000',
        Array.from({ length: 600 }, (_, i) => ({
          title: `Let through ${i}`,
          type: i % 2 === 0 ? ('emergency' as const) : ('minor' as const),
          plannedStart: now.plus({ minutes: 10 + i }).toJSDate(),
          environments: i % 2 === 0 ? ['production'] : ['staging'],
        })),
      );
      const blocked = await call(replicaA, 'post', '/releases', 'alice', {
        title: 'Ledger 3.1',
        type: 'minor',
        owner: 'group:default/payments-team',
        plannedStart: now.plus({ days: 1 }).toISO(),
        plannedEnd: now.plus({ days: 2 }).toISO(),
        environments: ['production'],
        components: [{ entityRef: 'component:default/ledger-service' }],
      });
      expect(blocked.status).toBe(201);

      const declared = await call(replicaA, 'post', '/freezes', 'erin', {
        name: 'Busy window',
        reason: 'Database migration',
        environments: ['production'],
        allow: ['emergency'],
        endsAt: now.plus({ days: 3 }).toISO(),
      });
      try {
        expect(declared.status).toBe(201);
        const told = notices
          .filter(
            n =>
              n.notice.topic === 'release-freeze' &&
              n.notice.title.startsWith('Freeze "Busy window"'),
          )
          .map(n => n.notice.title);
        expect(told).toContain(
          'Freeze "Busy window": Ledger 3.1 cannot deploy',
        );
        expect(told.filter(t => t.includes('Let through'))).toEqual([]);
      } finally {
        // The next tests start without this freeze and these releases.
        await call(replicaA, 'delete', `/freezes/${declared.body.id}`, 'erin');
        await knex('releases')
          .whereIn('id', [...ids, blocked.body.id])
          .delete();
      }
    });

    it('names the first 200 releases it blocks and tells every other owning team in one digest, on declaring and on lifting', async () => {
      const soon = (minutes: number) => now.plus({ minutes }).toJSDate();
      // 201 blocked releases of the storefront team, planned first, then
      // three of the payments team: 200 are named, four are beyond.
      const storefront = await insertReleases(
        knex,
        'a001',
        Array.from({ length: 201 }, (_, i) => ({
          title: `Storefront ${i}`,
          type: 'minor' as const,
          plannedStart: soon(10 + i),
          components: ['component:default/cart-service'],
        })),
      );
      const payments = await insertReleases(
        knex,
        'a002',
        Array.from({ length: 3 }, (_, i) => ({
          title: `Payments ${i}`,
          type: 'major' as const,
          owner: 'group:default/payments-team',
          plannedStart: soon(600 + i),
          components: ['component:default/ledger-service'],
        })),
      );
      // Named notices go to users the plugin has seen sign in.
      for (const user of ['sam', 'dave']) {
        expect((await call(replicaB, 'get', '/releases', user)).status).toBe(
          200,
        );
      }
      const before = notices.length;
      const declared = await call(replicaA, 'post', '/freezes', 'erin', {
        name: 'Broad window',
        reason: 'Peak season',
        environments: ['production'],
        endsAt: now.plus({ days: 2 }).toISO(),
      });
      try {
        expect(declared.status).toBe(201);
        const told = () =>
          notices
            .slice(before)
            .filter(n => n.notice.title.startsWith('Freeze "Broad window'));
        const named = told().filter(
          n =>
            n.notice.title.endsWith(' cannot deploy') &&
            !n.notice.title.includes(' more '),
        );
        expect(named).toHaveLength(200);
        expect(named.map(n => n.notice.title)).not.toContain(
          'Freeze "Broad window": Storefront 200 cannot deploy',
        );
        // Earlier tests' releases in deploy may come first; the rest of the
        // storefront's are beyond the named ones.
        const storefrontNamed = named.filter(n =>
          n.notice.title.includes('Storefront'),
        ).length;
        expect(storefrontNamed).toBeGreaterThanOrEqual(198);
        const storefrontRest = 201 - storefrontNamed;
        const digests = told().filter(n => n.notice.title.includes(' more '));
        expect(
          digests.map(n => [n.notice.title, [...n.recipients].sort()]),
        ).toEqual(
          expect.arrayContaining([
            [
              `Freeze "Broad window": ${storefrontRest} more ${
                storefrontRest === 1 ? 'release' : 'releases'
              } of storefront-team cannot deploy`,
              ['user:default/sam'],
            ],
            [
              'Freeze "Broad window": 3 more releases of payments-team cannot deploy',
              ['user:default/alice', 'user:default/bob', 'user:default/dave'],
            ],
          ]),
        );
        expect(digests).toHaveLength(2);
        const paymentsDigest = digests.find(n =>
          n.notice.title.includes('payments-team'),
        )!.notice;
        expect(paymentsDigest).toMatchObject({
          topic: 'release-freeze',
          severity: 'high',
          scope: `release-freeze:${declared.body.id}:owner:group:default/payments-team`,
          link: `/releases/calendar?owner=group%3Adefault%2Fpayments-team&date=${declared.body.startsAt.slice(
            0,
            10,
          )}&view=agenda`,
        });
        // Worded without naming a release: it is checked against several.
        expect(paymentsDigest.description).not.toMatch(/Payments \d/);

        const lifted = await call(
          replicaA,
          'delete',
          `/freezes/${declared.body.id}`,
          'erin',
        );
        expect(lifted.status).toBe(200);
        expect(
          told()
            .filter(
              n =>
                n.notice.title.includes('lifted') &&
                n.notice.title.includes(' more '),
            )
            .map(n => n.notice.title)
            .sort(),
        ).toEqual([
          `Freeze "Broad window" lifted: ${storefrontRest} more ${
            storefrontRest === 1 ? 'release' : 'releases'
          } of storefront-team may deploy again`,
          'Freeze "Broad window" lifted: 3 more releases of payments-team may deploy again',
        ]);
      } finally {
        await call(replicaA, 'delete', `/freezes/${declared.body.id}`, 'erin');
        await knex('releases')
          .whereIn('id', [...storefront, ...payments])
          .delete();
      }
    });

    it('starts a scheduled freeze later, lets allowed types through, and limits one with a selector', async () => {
      const scheduled = await call(replicaA, 'post', '/freezes', 'erin', {
        name: 'Weekend',
        reason: 'Nobody on call',
        startsAt: now.plus({ days: 1 }).toISO(),
        endsAt: now.plus({ days: 3 }).toISO(),
      });
      expect(scheduled.status).toBe(201);
      expect(scheduled.body).toMatchObject({
        state: 'scheduled',
        // Every gated environment when none is given.
        environments: ['production'],
      });
      expect((await gate(replicaB)).body.allowed).toBe(true);

      const other = await call(replicaA, 'post', '/freezes', 'erin', {
        name: 'Storefront only',
        reason: 'Checkout migration',
        selector: { system: 'storefront' },
      });
      expect(other.status).toBe(201);
      expect((await gate(replicaB)).body.allowed).toBe(true);
      const storefront = await call(
        replicaB,
        'get',
        '/gate?entityRef=component:default/cart-service&environment=staging',
        'bob',
      );
      expect(
        storefront.body.checks.find((c: any) => c.id === 'freeze'),
      ).toMatchObject({ passed: true });
      const storefrontProduction = await call(
        replicaB,
        'get',
        '/gate?entityRef=component:default/cart-service&environment=production',
        'bob',
      );
      expect(
        storefrontProduction.body.checks.find((c: any) => c.id === 'freeze'),
      ).toMatchObject({ passed: false });

      for (const id of [scheduled.body.id, other.body.id]) {
        expect(
          (await call(replicaA, 'delete', `/freezes/${id}`, 'erin')).status,
        ).toBe(200);
      }

      const bad = await call(replicaA, 'post', '/freezes', 'erin', {
        name: 'Backdated',
        reason: 'x',
        startsAt: now.minus({ days: 1 }).toISO(),
        environments: ['qa'],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toBe(
        'startsAt: must not be in the past; leave it out to start now',
      );
      const unknownEnvironment = await call(
        replicaA,
        'post',
        '/freezes',
        'erin',
        { name: 'QA', reason: 'x', environments: ['qa'] },
      );
      expect(unknownEnvironment.body.error.message).toBe(
        'environments.0: "qa" is not a configured environment (staging, production)',
      );
      expect(
        (await call(replicaA, 'delete', '/freezes/no-such-freeze', 'erin'))
          .status,
      ).toBe(404);
    });

    it('takes deploys to an environment with allow windows only inside one', async () => {
      const staging = await gate(replicaA, 'staging');
      expect(staging.body.allowed).toBe(false);
      expect(staging.body.reasons).toEqual([
        'staging takes deploys only inside its allow windows ("Staging deploy window"), and none is open now',
      ]);
      // Production has none: not restricted, and no allow-window check.
      expect(
        (await gate(replicaA)).body.checks.map((c: any) => c.id),
      ).not.toContain('allow-window');
      const calendar = await call(
        replicaA,
        'get',
        `/calendar?from=${encodeURIComponent(
          now.toISO()!,
        )}&to=${encodeURIComponent(now.plus({ days: 1 }).toISO()!)}`,
        'bob',
      );
      expect(calendar.body.allowWindows).toEqual([
        expect.objectContaining({
          window: 'Staging deploy window',
          kind: 'allow',
          environments: ['staging'],
        }),
      ]);
      // Allow windows are not freezes (the lifted runtime ones of the other tests are).
      expect(calendar.body.freezes.filter((f: any) => !f.runtime)).toEqual([]);
      // A plan that misses every window says so before it is saved.
      const check = await call(replicaA, 'post', '/calendar/check', 'bob', {
        type: 'minor',
        plannedStart: now.plus({ days: 2 }).toISO(),
        plannedEnd: now.plus({ days: 2, hours: 1 }).toISO(),
        components: [{ entityRef: 'component:default/payments-api' }],
        environments: ['staging'],
      });
      expect(check.body.warnings).toEqual([
        expect.objectContaining({
          kind: 'freeze',
          window: 'Staging deploy window',
          message:
            'planned entirely outside the allow windows of staging ("Staging deploy window"): it cannot deploy there within its plan',
        }),
      ]);
    });

    it('keeps at most 100 freezes in force or scheduled, counting declarations on both replicas one after the other', async () => {
      await knex('runtime_freezes').delete();
      const store = new RuntimeFreezeStore(knex);
      const later = now.plus({ days: 30 });
      for (let i = 0; i < MAX_CURRENT_RUNTIME_FREEZES - 5; i++) {
        await store.declare({
          id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          name: `Scheduled ${i}`,
          reason: 'Filling up',
          environments: ['production'],
          allow: [],
          startsAt: later.toISO()!,
          endsAt: null,
          declaredBy: 'user:default/erin',
          declaredAt: now.toISO()!,
        });
      }
      // Ten at once, half on each replica: five fit.
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          call(i % 2 ? replicaB : replicaA, 'post', '/freezes', 'erin', {
            name: `Concurrent ${i}`,
            reason: 'Race',
            environments: ['production'],
            startsAt: later.toISO(),
          }),
        ),
      );
      expect(answers.map(a => a.status).sort()).toEqual([
        ...Array(5).fill(201),
        ...Array(5).fill(409),
      ]);
      const refused = answers.find(a => a.status === 409)!;
      expect(refused.body.error.message).toBe(
        '100 runtime freezes are already in force or scheduled: lift one before declaring another',
      );
      const current = await call(replicaA, 'get', '/freezes', 'bob');
      expect(current.body.totalCount).toBe(MAX_CURRENT_RUNTIME_FREEZES);

      // A lifted one makes room; an ended one counts no more.
      const lifted = answers.find(a => a.status === 201)!.body.id;
      expect(
        (await call(replicaB, 'delete', `/freezes/${lifted}`, 'erin')).status,
      ).toBe(200);
      const again = await call(replicaA, 'post', '/freezes', 'erin', {
        name: 'After the lift',
        reason: 'Room again',
        environments: ['production'],
        startsAt: later.toISO(),
      });
      expect(again.status).toBe(201);
      expect(
        (
          await call(replicaB, 'post', '/freezes', 'erin', {
            name: 'One too many',
            reason: 'Full',
            environments: ['production'],
            startsAt: later.toISO(),
          })
        ).status,
      ).toBe(409);
      await knex('runtime_freezes').delete();
    });
  },
);
