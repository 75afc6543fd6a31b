import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  QueryPermissionRequest,
} from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import { ReleasesDatabase } from '../database/ReleasesDatabase';
import { releasesPlugin } from '../plugin';
import { releasesApi } from '../__testUtils__/apiClient';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const READ = ['releases.release.read', 'catalog.entity.read'];

/**
 * Each request asks the permission backend once, for reading releases and
 * the catalog and for what its action checks: not for every permission the
 * plugin knows (two dozen policy evaluations per request).
 */
describe.each(databases.eachSupportedId())(
  'permission batches on %p',
  databaseId => {
    let knex: Knex;
    const batches: string[][] = [];

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await ReleasesDatabase.migrate(knex);
    });

    async function start() {
      const permissions = mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        authorizeConditional: async (requests: QueryPermissionRequest[]) => {
          batches.push(requests.map(r => r.permission.name).sort());
          return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
        },
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
      return releasesApi(server);
    }

    /** The batches one request asked for. */
    async function asked(send: () => PromiseLike<{ status: number }>) {
      batches.length = 0;
      const res = await send();
      expect(res.status).toBeLessThan(300);
      return [...batches];
    }

    it('asks once per request, for reading and for what the action checks', async () => {
      const api = await start();
      let id = '';
      expect(
        await asked(async () => {
          const res = await api.plan('alice');
          id = res.body.id;
          return res;
        }),
      ).toEqual([[...READ, 'releases.release.create'].sort()]);

      expect(await asked(() => api.get(id))).toEqual([READ.sort()]);
      expect(
        await asked(() => api.call('get', '/releases?limit=5', 'bob')),
      ).toEqual([READ.sort()]);
      expect(
        await asked(() =>
          api.call('patch', `/releases/${id}`, 'alice', {
            revision: 1,
            title: 'Payments 3.0.1',
          }),
        ),
      ).toEqual([
        [
          ...READ,
          'releases.release.update',
          'releases.release.change-type',
        ].sort(),
      ]);
      expect(await asked(() => api.move(id, 'alice', 'design'))).toEqual([
        [...READ, 'releases.release.transition'].sort(),
      ]);
      expect(
        await asked(() =>
          api.call(
            'get',
            `/calendar?from=${encodeURIComponent(
              new Date().toISOString(),
            )}&to=${encodeURIComponent(
              new Date(Date.now() + 30 * 86400_000).toISOString(),
            )}&system=payments`,
            'bob',
          ),
        ),
      ).toEqual([READ.sort()]);
      expect(
        await asked(() =>
          api.call(
            'get',
            `/metrics?from=${encodeURIComponent(
              new Date(Date.now() - 86400_000).toISOString(),
            )}&to=${encodeURIComponent(
              new Date().toISOString(),
            )}&owner=payments-team`,
            'bob',
          ),
        ),
      ).toEqual([[...READ, 'releases.metrics.read'].sort()]);
      expect(
        await asked(() =>
          api.call('get', '/versions?system=payments&limit=50', 'bob'),
        ),
      ).toEqual([[...READ, 'releases.deployment.read'].sort()]);

      // Pipelines: a report asks once; the gate asks only when its answer
      // would name a release (none here: staging is not gated).
      expect(await asked(() => api.report({ environment: 'staging' }))).toEqual(
        [[...READ, 'releases.deployment.create'].sort()],
      );
      expect(await asked(() => api.gate({ environment: 'staging' }))).toEqual(
        [],
      );
    });
  },
);
