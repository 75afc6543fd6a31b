/**
 * Test helpers for modules of the releases backend.
 *
 * @packageDocumentation
 */
import {
  BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';

/**
 * SQLite and PostgreSQL 15, as the releases plugin's own tests use them.
 * PostgreSQL is the one on 127.0.0.1:5432 with trust auth unless
 * `BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING` names another; it is
 * never skipped silently: without it the suite fails, unless
 * `RELEASES_TEST_SQLITE_ONLY` is set.
 *
 * @public
 */
export function createReleasesTestDatabases(): TestDatabases {
  if (!process.env.RELEASES_TEST_SQLITE_ONLY) {
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
      'postgresql://postgres@127.0.0.1:5432';
    process.env.BACKSTAGE_TEST_DISABLE_DOCKER ??= '1';
  }
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  if (
    !process.env.RELEASES_TEST_SQLITE_ONLY &&
    !databases.supports('POSTGRES_15')
  ) {
    throw new Error(
      'PostgreSQL tests would be skipped: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, or RELEASES_TEST_SQLITE_ONLY=1 to run on SQLite only',
    );
  }
  return databases;
}

/**
 * A component of a test catalog, owned by `team` in `system`, with the given
 * annotations (e.g. `github.com/project-slug`).
 *
 * @public
 */
export function releasesTestComponent(
  name: string,
  annotations: Record<string, string> = {},
  options: { system?: string; team?: string } = {},
): Entity {
  const system = options.system ?? 'payments';
  const team = options.team ?? 'payments-team';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: team, system },
    relations: [
      { type: 'partOf', targetRef: `system:default/${system}` },
      { type: 'ownedBy', targetRef: `group:default/${team}` },
    ],
  };
}

/**
 * Starts a backend for a module's end-to-end test: the given features (the
 * releases plugin, the events backend, the module under test, ...) with the
 * real events service, a catalog holding the given entities and the given
 * configuration. Each plugin gets a fresh database of the given kind, as
 * plugins do in a portal; `knex` is the releases plugin's.
 *
 * @public
 */
export async function startReleasesTestBackend(options: {
  databases: TestDatabases;
  databaseId: TestDatabaseId;
  features: Array<BackendFeature | Promise<{ default: BackendFeature }>>;
  entities: Entity[];
  config?: JsonObject;
}): Promise<{
  server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  /** The releases plugin's database. */
  knex: Knex;
  /** Rows in a table of the releases plugin's database. */
  count(table: string): Promise<number>;
}> {
  const { databases, databaseId } = options;
  const knex = await databases.init(databaseId);
  const backend = await startTestBackend({
    features: [
      ...options.features,
      eventsServiceFactory,
      createServiceFactory({
        service: coreServices.database,
        deps: { plugin: coreServices.pluginMetadata },
        async factory({ plugin }) {
          const client =
            plugin.getId() === 'releases'
              ? knex
              : await databases.init(databaseId);
          return { getClient: async () => client };
        },
      }),
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.rootConfig.factory({ data: options.config ?? {} }),
    ],
  });
  return {
    server: backend.server,
    knex,
    count: async table =>
      Number((await knex(table).count({ count: '*' }))[0].count),
  };
}
