import { startTestBackend } from '@backstage/backend-test-utils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { releasesApi, TestServer } from '../__testUtils__/apiClient';
import { releasesTestFeatures } from '../__testUtils__/backend';
import { createTestDatabases } from '../__testUtils__/databases';
import { captureSignals } from '../__testUtils__/signals';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const { plugin: listener, heard } = captureSignals();

const entityChannels = () =>
  new Set(
    heard
      .map(s => s.channel)
      .filter(c => c.startsWith('releases:entity:'))
      .map(c => c.slice('releases:entity:'.length)),
  );

describe.each(databases.eachSupportedId())(
  'live updates of entity pages on %p',
  databaseId => {
    let api: ReturnType<typeof releasesApi>;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          ...releasesTestFeatures(knex),
          listener,
          eventsServiceFactory,
        ],
      });
      api = releasesApi(server as TestServer);
    });

    beforeEach(() => {
      heard.length = 0;
    });

    it('signals the pages of the components, their systems and owners, and the release owner', async () => {
      const created = await api.plan('erin', {
        owner: 'group:default/release-managers',
        components: [
          { entityRef: 'component:default/payments-api', version: '3.0.0' },
        ],
      });
      expect(created.status).toBe(201);

      expect(entityChannels()).toEqual(
        new Set([
          'component:default/payments-api',
          // A system's Releases tab lists its components' releases…
          'system:default/payments',
          // …a group's those it owns and those touching its components.
          'group:default/payments-team',
          'group:default/release-managers',
        ]),
      );
    });

    it('signals the pages a release leaves as well as those it joins', async () => {
      const created = await api.plan('alice');
      expect(created.status).toBe(201);
      heard.length = 0;

      const edited = await api.edit(created.body.id, 'alice', {
        components: [
          { entityRef: 'component:default/checkout-service', version: '1.0.0' },
        ],
      });
      expect(edited.status).toBe(200);

      expect(entityChannels()).toEqual(
        new Set([
          'component:default/payments-api',
          'system:default/payments',
          'group:default/payments-team',
          'component:default/checkout-service',
          'system:default/storefront',
          'group:default/storefront-team',
        ]),
      );
      // The release's own page hears of it too.
      expect(heard.map(s => s.channel)).toContain(
        `releases:release:${created.body.id}`,
      );
    });
  },
);
