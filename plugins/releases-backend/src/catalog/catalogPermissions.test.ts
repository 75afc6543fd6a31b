import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import { ReleasesDatabase } from '../database/ReleasesDatabase';
import { releasesPlugin } from '../plugin';
import { releasesApi } from '../__testUtils__/apiClient';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';
import { policyByUser } from '../__testUtils__/policies';
import { TestCatalog } from './__testUtils__/testCatalog';

// The local copy of the catalog answers only for callers the catalog lets
// read everything; anyone else is answered through the catalog with their
// own credentials, so nobody sees through the copy what the catalog hides.

jest.setTimeout(60_000);

const databases = createTestDatabases();
const hiddenSystem = 'system:default/payments';
const partOfHidden = (entity: any) =>
  (entity.relations ?? []).some(
    (r: { type: string; targetRef: string }) =>
      r.type === 'partOf' && r.targetRef === hiddenSystem,
  ) ||
  `${entity.kind}:default/${entity.metadata.name}`.toLocaleLowerCase(
    'en-US',
  ) === hiddenSystem;

describe.each(databases.eachSupportedId())(
  'catalog permissions through the local facts on %p',
  databaseId => {
    let knex: Knex;
    let api: ReturnType<typeof releasesApi>;
    let catalog: TestCatalog;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await ReleasesDatabase.migrate(knex);
      // The catalog hides the payments system, and what is part of it, from bob.
      catalog = new TestCatalog(testEntities, {
        visible: (entity, credentials) =>
          (credentials.principal as { userEntityRef?: string })
            .userEntityRef !== 'user:default/bob' || !partOfHidden(entity),
      });
      const { server } = await startTestBackend({
        features: [
          releasesPlugin,
          mockServices.database.factory({ knex }),
          createServiceFactory({
            service: catalogServiceRef,
            deps: {},
            factory: () => catalog.service,
          }),
          mockServices.rootConfig.factory({
            data: {
              releases: {
                environments: [
                  { name: 'staging' },
                  { name: 'production', gated: true },
                ],
              },
            },
          }),
          // bob's catalog read decision is conditional: the catalog decides per entity.
          policyByUser((user, permission) =>
            user === 'user:default/bob' && permission === 'catalog.entity.read'
              ? ({
                  result: AuthorizeResult.CONDITIONAL,
                  pluginId: 'catalog',
                  resourceType: 'catalog-entity',
                  conditions: {
                    rule: 'IS_ENTITY_KIND',
                    resourceType: 'catalog-entity',
                    params: { kinds: ['component'] },
                  },
                } as any)
              : undefined,
          ),
        ],
      });
      api = releasesApi(server);
      // The local copy holds everything, hidden system included.
      await api.report({ environment: 'staging', version: '1.0.0' });
    });

    it('answers a user the catalog lets read everything from the local copy', async () => {
      const before = catalog.callCount();
      const versions = await api.call(
        'get',
        '/versions?system=payments',
        'alice',
      );
      expect(versions.status).toBe(200);
      expect(versions.body.rows.map((r: any) => r.entityRef)).toContain(
        'component:default/payments-api',
      );
      const impact = await api.call(
        'get',
        '/impact?entityRef=ledger-service&depth=2',
        'alice',
      );
      expect(impact.status).toBe(200);
      // Facts read locally once synced or fetched: no catalog call per page.
      await api.call('get', '/versions?system=payments', 'alice');
      expect(catalog.callCount() - before).toBeLessThanOrEqual(2);
    });

    it('answers a user with a conditional catalog decision through the catalog, as them', async () => {
      const calls = catalog.credentialsUsed().length;
      const versions = await api.call(
        'get',
        '/versions?system=payments',
        'bob',
      );
      expect(versions.status).toBe(200);
      expect(versions.body.rows).toEqual([]);
      const planned = await api.plan('bob', {
        components: [{ entityRef: 'component:default/payments-api' }],
      });
      expect(planned.status).toBe(400);
      expect(planned.body.error.fields).toEqual([
        {
          field: 'components.0.entityRef',
          message:
            'component:default/payments-api does not exist in the catalog',
        },
      ]);
      const asked = catalog
        .credentialsUsed()
        .slice(calls)
        .map(c => (c.principal as { userEntityRef?: string }).userEntityRef);
      // Asked as bob (the plugin's own background sync may call meanwhile).
      expect(asked).toContain('user:default/bob');
    });
  },
);
