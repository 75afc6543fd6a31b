import { JsonObject } from '@backstage/types';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import { performance } from 'node:perf_hooks';
import { ReleasesDatabase } from '../database/ReleasesDatabase';
import { createTestDatabases } from '../__testUtils__/databases';
import { createTableSnapshotter } from '../__testUtils__/tableState';
import { createCatalogFacts } from './CatalogFacts';
import { TestCatalog } from './__testUtils__/testCatalog';

jest.setTimeout(600_000);

const SYSTEMS = 200;
const GROUPS = 300;
const USERS = 2_000;
const APIS = 500;
const COMPONENTS = 17_000;
const TOTAL = SYSTEMS + GROUPS + USERS + APIS + COMPONENTS;

/**
 * A 20,000-entity catalog shaped like a platform team's: components in
 * systems, owned by teams, two dependencies each, one in 34 providing an API,
 * users in two teams each. Deterministic.
 */
function generateCatalog(): Entity[] {
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  const entity = (
    kind: string,
    name: string,
    relations: NonNullable<Entity['relations']>,
    extra: Partial<Entity['metadata']> = {},
    spec: JsonObject = {},
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', ...extra },
    spec,
    relations,
  });
  const componentRelations: Array<NonNullable<Entity['relations']>> =
    Array.from({ length: COMPONENTS }, () => []);
  const apiRelations: Array<NonNullable<Entity['relations']>> = Array.from(
    { length: APIS },
    () => [],
  );
  for (let i = 0; i < COMPONENTS; i++) {
    componentRelations[i].push(
      { type: 'partOf', targetRef: `system:default/system-${i % SYSTEMS}` },
      { type: 'ownedBy', targetRef: `group:default/team-${i % GROUPS}` },
    );
    for (let k = 0; k < 2; k++) {
      const j = random(COMPONENTS);
      if (j !== i) {
        componentRelations[i].push({
          type: 'dependsOn',
          targetRef: `component:default/service-${j}`,
        });
        componentRelations[j].push({
          type: 'dependencyOf',
          targetRef: `component:default/service-${i}`,
        });
      }
    }
    if (i % 34 === 0 && i / 34 < APIS) {
      componentRelations[i].push({
        type: 'providesApi',
        targetRef: `api:default/api-${i / 34}`,
      });
      apiRelations[i / 34].push({
        type: 'apiProvidedBy',
        targetRef: `component:default/service-${i}`,
      });
    }
  }
  return [
    ...Array.from({ length: SYSTEMS }, (_, i) =>
      entity('System', `system-${i}`, [
        { type: 'ownedBy', targetRef: `group:default/team-${i % GROUPS}` },
      ]),
    ),
    ...Array.from({ length: GROUPS }, (_, i) =>
      entity('Group', `team-${i}`, [], {}, { type: 'team', children: [] }),
    ),
    ...Array.from({ length: USERS }, (_, i) =>
      entity('User', `user-${i}`, [
        { type: 'memberOf', targetRef: `group:default/team-${i % GROUPS}` },
        {
          type: 'memberOf',
          targetRef: `group:default/team-${(i * 7 + 1) % GROUPS}`,
        },
      ]),
    ),
    ...apiRelations.map((relations, i) => entity('API', `api-${i}`, relations)),
    ...componentRelations.map((relations, i) =>
      entity(
        'Component',
        `service-${i}`,
        relations,
        {
          tags: ['java'],
          annotations: { 'github.com/project-slug': `acme/service-${i}` },
        },
        { type: 'service', lifecycle: 'production' },
      ),
    ),
  ];
}

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'CatalogFacts at 20,000 entities on %p',
  databaseId => {
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await ReleasesDatabase.migrate(knex);
    });

    it('syncs them, then writes nothing when nothing changed, then only the changes', async () => {
      const entities = generateCatalog();
      expect(entities).toHaveLength(TOTAL);
      const catalog = new TestCatalog(entities);
      // Time spent inside the in-memory catalog is not the module's.
      const catalogTime = { ms: 0 };
      const timedAnswer =
        (answer: (...args: unknown[]) => Promise<unknown>) =>
        async (...args: unknown[]) => {
          const started = performance.now();
          try {
            return await answer(...args);
          } finally {
            catalogTime.ms += performance.now() - started;
          }
        };
      for (const method of ['queryEntities', 'getEntitiesByRefs'] as const) {
        const mock = catalog.service[method] as jest.Mock;
        mock.mockImplementation(timedAnswer(mock.getMockImplementation()!));
      }
      const facts = await createCatalogFacts({
        knex,
        catalog: catalog.service,
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        config: new ConfigReader({}),
      });
      const timed = async (label: string) => {
        catalogTime.ms = 0;
        const started = performance.now();
        const result = await facts.syncNow();
        const totalMs = performance.now() - started;
        // eslint-disable-next-line no-console
        console.log(
          `${databaseId} ${label}: ${Math.round(totalMs)} ms (${Math.round(
            totalMs - catalogTime.ms,
          )} ms outside the in-memory catalog) ${JSON.stringify(result)}`,
        );
        return result;
      };

      expect(await timed('first sync of 20,000 entities')).toEqual({
        upserted: TOTAL,
        deleted: 0,
        unchanged: 0,
        refreshed: 0,
      });
      expect((await facts.health()).entityCount).toBe(TOTAL);
      const snapshot = createTableSnapshotter(knex);
      const before = await snapshot();
      expect(before.catalog_relations.count).toBeGreaterThan(4 * COMPONENTS);

      expect(await timed('second sync, nothing changed')).toEqual({
        upserted: 0,
        deleted: 0,
        unchanged: TOTAL,
        refreshed: 0,
      });
      const after = await snapshot();
      for (const table of [
        'catalog_entities',
        'catalog_relations',
        'catalog_annotations',
      ]) {
        expect(after[table]).toEqual(before[table]);
      }

      // 25 changed, 10 removed, 5 added.
      for (let i = 0; i < 25; i++) {
        const changed = catalog.get(`component:default/service-${i * 100}`);
        (changed.spec as { lifecycle: string }).lifecycle = 'deprecated';
        catalog.put(changed);
      }
      catalog.remove(
        ...Array.from(
          { length: 10 },
          (_, i) => `user:default/user-${i * 10 + 1}`,
        ),
      );
      catalog.put(
        ...Array.from({ length: 5 }, (_, i) => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: { name: `new-team-${i}`, namespace: 'default' },
          spec: { type: 'team', children: [] },
        })),
      );
      expect(await timed('third sync, 40 changes')).toEqual({
        upserted: 30,
        deleted: 10,
        unchanged: TOTAL - 35,
        refreshed: 0,
      });
      expect(
        await facts.local().componentsOfSystem('system:default/system-0'),
      ).toHaveLength(COMPONENTS / SYSTEMS);
    });
  },
);
