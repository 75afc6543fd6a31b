import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  releaseReadPermission,
  releaseTransitionPermission,
} from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { ReleasesDatabase } from '../database/ReleasesDatabase';
import releasesModuleNotifications from '@backstage-itsm/plugin-releases-backend-module-notifications';
import { releasesPlugin } from '../plugin';
import { releasesApi } from '../__testUtils__/apiClient';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';
import { notType, ownedBy, policyByUser } from '../__testUtils__/policies';

// What a policy hides stays hidden on every path (issue "What a policy hides
// stays hidden"): each scenario was a way around a real policy before.

jest.setTimeout(120_000);

const databases = createTestDatabases();

const config = {
  releases: {
    environments: [{ name: 'staging' }, { name: 'production', gated: true }],
    approvalPolicies: [
      {
        name: 'cab-for-major',
        when: { types: ['major'], environments: ['production'] },
        require: [{ group: 'group:default/cab', count: 2 }],
      },
      {
        name: 'emergency',
        when: { types: ['emergency'] },
        require: [{ group: 'release-managers', count: 1 }],
        reviewAfter: { days: 2 },
      },
    ],
  },
};

const RELEASE_MANAGERS = ['user:default/erin', 'user:default/gina'];

describe.each(databases.eachSupportedId())(
  'what a policy hides on %p',
  databaseId => {
    let knex: Knex;
    const sent: Array<{ recipients: any; payload: any }> = [];

    async function start(permissions: ReturnType<typeof policyByUser>) {
      const { server } = await startTestBackend({
        features: [
          releasesPlugin,
          releasesModuleNotifications,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({ entities: testEntities }),
          mockServices.rootConfig.factory({ data: config }),
          permissions,
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({
              send: async (notification: any) => {
                sent.push(notification);
              },
            }),
          }),
        ],
      });
      return releasesApi(server);
    }

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await ReleasesDatabase.migrate(knex);
    });

    beforeEach(async () => {
      sent.length = 0;
      for (const table of [
        'approvals',
        'deployments',
        'current_versions',
        'read_decisions',
        'release_phase_periods',
        'release_events',
        'release_components',
        'releases',
      ]) {
        await knex(table).delete();
      }
    });

    it('cannot walk around a policy about major releases by retyping them', async () => {
      // Only release managers may move or retype major releases.
      const api = await start(
        policyByUser((user, permission) =>
          !RELEASE_MANAGERS.includes(user) &&
          [
            releaseTransitionPermission.name,
            'releases.release.change-type',
          ].includes(permission)
            ? notType('major')
            : undefined,
        ),
      );
      const { body: major } = await api.plan('alice', { type: 'major' });
      const { body: minor } = await api.plan('alice', { type: 'minor' });

      expect((await api.move(major.id, 'alice', 'design')).status).toBe(403);
      const toEmergency = await api.edit(major.id, 'alice', {
        type: 'emergency',
      });
      expect(toEmergency.status).toBe(403);
      expect(toEmergency.body.error.message).toBe(
        'You are not allowed to releases.release.change-type on this release',
      );
      await api.walkTo(minor.id, 'alice', 'test');
      const toMajor = await api.edit(minor.id, 'alice', { type: 'major' });
      expect(toMajor.status).toBe(403);
      expect((await api.get(minor.id)).body.type).toBe('minor');

      // A release manager may; and once it broke glass it stays an emergency.
      expect(
        (await api.edit(major.id, 'erin', { type: 'emergency' })).status,
      ).toBe(200);
      await api.walkTo(major.id, 'erin', 'test');
      expect(
        (await api.move(major.id, 'erin', 'deploy', 'Outage')).body.breakGlass,
      ).not.toBeNull();
      expect((await api.move(major.id, 'erin', 'test', 'Undo')).status).toBe(
        200,
      );
      expect((await api.edit(major.id, 'erin', { type: 'major' })).status).toBe(
        409,
      );
    });

    it('needs read permission for every write, and never lets an edit change who may read', async () => {
      // bob reads (and so acts on) only payments-team releases.
      const api = await start(
        policyByUser((user, permission) =>
          user === 'user:default/bob' &&
          permission === releaseReadPermission.name
            ? ownedBy('group:default/payments-team')
            : undefined,
        ),
      );
      const { body: theirs } = await api.plan('sam', {
        owner: 'group:default/storefront-team',
        components: [{ entityRef: 'component:default/cart-service' }],
      });
      const { body: ours } = await api.plan('alice');
      const unknown = await api.move(
        '00000000-0000-4000-8000-0000000000aa',
        'bob',
        'cancelled',
      );
      for (const res of [
        await api.move(theirs.id, 'bob', 'cancelled'),
        await api.call('patch', `/releases/${theirs.id}`, 'bob', {
          revision: 1,
          owner: 'group:default/payments-team',
        }),
        await api.review(theirs.id, 'bob'),
        await api.decide(theirs.id, 'bob'),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.error.name).toBe(unknown.body.error.name);
      }
      const hiding = await api.edit(ours.id, 'bob', {
        owner: 'group:default/storefront-team',
      });
      expect(hiding.status).toBe(403);
      expect(hiding.body.error.message).toBe(
        'This edit would hide the release from you; ask someone who may see it as edited',
      );
      expect((await api.get(theirs.id, 'sam')).body.phase).toBe('plan');
      expect((await api.get(ours.id, 'alice')).body.owner).toBe(
        'group:default/payments-team',
      );
    });

    it('names no hidden release in warnings, the inbox, KPIs or notifications', async () => {
      // Emergency releases are release managers' business only.
      const api = await start(
        policyByUser((user, permission) =>
          !RELEASE_MANAGERS.includes(user) &&
          permission === releaseReadPermission.name
            ? notType('emergency')
            : undefined,
        ),
      );
      // Everyone concerned has used the portal, so their decisions are known.
      for (const user of ['alice', 'bob', 'carol', 'dave', 'erin', 'gina']) {
        await api.call('get', '/releases', user);
      }
      // Nobody plans a release they would not see.
      const refused = await api.plan('alice', { type: 'emergency' });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        'This release would be hidden from you; ask someone who may see it to plan it',
      );
      // Planned by gina, so erin must approve it.
      const { body: hidden } = await api.plan('gina', {
        title: 'Quiet hotfix',
        type: 'emergency',
      });
      expect((await api.get(hidden.id, 'alice')).status).toBe(404);
      const { body: visible } = await api.plan('bob', { title: 'Payments 3' });
      expect(JSON.stringify(visible.warnings)).not.toContain(hidden.id);
      expect(visible.warnings).toEqual([]);
      const { body: erinsOwn } = await api.plan('erin', { title: 'Another' });
      expect(erinsOwn.warnings.map((w: any) => w.releaseId)).toEqual(
        expect.arrayContaining([hidden.id, visible.id]),
      );

      // Both deploy; only the release manager's KPIs count the emergency.
      await api.walkTo(visible.id, 'bob', 'deploy');
      await api.walkTo(hidden.id, 'gina', 'test');
      await api.move(hidden.id, 'gina', 'deploy', 'Outage');
      const metrics = (who: string, scope: Record<string, string> = {}) =>
        api.call(
          'get',
          `/metrics?${new URLSearchParams({
            from: new Date(Date.now() - 86400_000).toISOString(),
            to: new Date(Date.now() + 86400_000).toISOString(),
            ...scope,
          })}`,
          who,
        );
      expect((await metrics('bob')).body.totals.releases).toBe(1);
      expect((await metrics('erin')).body.totals.releases).toBe(2);
      // Scoped to the component both releases change, the counts come from
      // its component rows, and the condition still applies to them.
      const component = { entityRef: 'component:default/payments-api' };
      expect((await metrics('bob', component)).body.totals.releases).toBe(1);
      expect((await metrics('erin', component)).body.totals.releases).toBe(2);

      // The emergency's approval and decision reached only who may read it.
      const named = sent.filter(n =>
        JSON.stringify(n.payload).includes('Quiet hotfix'),
      );
      expect(named.length).toBeGreaterThan(0);
      for (const notification of named) {
        expect(notification.recipients.entityRef).toEqual([
          'user:default/erin',
        ]);
      }
      const everyone = sent.flatMap(n => n.recipients.entityRef);
      expect(everyone).not.toContain('user:default/bob');
    });

    it('sends a notice naming a release only to those who may read it, and a nameless one to people not seen yet', async () => {
      // carol (CAB) may not read major releases; dave (CAB) may.
      const api = await start(
        policyByUser((user, permission) =>
          user === 'user:default/carol' &&
          permission === releaseReadPermission.name
            ? notType('major')
            : undefined,
        ),
      );
      for (const user of ['carol', 'dave']) {
        await api.call('get', '/releases', user);
      }
      await api.plan('alice', { title: 'Ledger 4', type: 'major' });
      const awaiting = sent.find(
        n => n.payload.title === 'Approval needed: Ledger 4',
      )!;
      expect(awaiting.recipients.entityRef).toContain('user:default/dave');
      expect(awaiting.recipients.entityRef).not.toContain('user:default/carol');
      const nameless = sent.find(
        n => n.payload.title === 'A release needs your attention',
      )!;
      expect(nameless.recipients.entityRef).toContain('user:default/reviewer0');
      expect(nameless.recipients.entityRef).not.toContain('user:default/carol');
      expect(JSON.stringify(nameless.payload)).not.toContain('Ledger 4');

      // Nor does her inbox list it, though the policy names her group.
      const inbox = async (who: string) =>
        (await api.call('get', '/approvals/inbox', who)).body.items.map(
          (i: any) => i.release.title,
        );
      expect(await inbox('dave')).toEqual(['Ledger 4']);
      expect(await inbox('carol')).toEqual([]);
    });
  },
);
