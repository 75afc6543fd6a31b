import { createTestDatabases } from '../__testUtils__/databases';
import { ReleasesDatabase } from './ReleasesDatabase';

jest.setTimeout(60_000);

const TABLES = [
  'releases',
  'release_components',
  'release_events',
  'release_phase_periods',
  'deployments',
  'current_versions',
  'baselines',
  'baseline_items',
];

describe('migrations', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'migrates up and all the way down again on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);

      await ReleasesDatabase.migrate(knex);
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }

      await ReleasesDatabase.rollbackAll(knex);
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }

      // And up again, as an upgrade after a rollback would.
      await ReleasesDatabase.migrate(knex);
      expect(await knex.schema.hasTable('releases')).toBe(true);
    },
  );
});
