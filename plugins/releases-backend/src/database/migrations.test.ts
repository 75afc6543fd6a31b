import knexFactory from 'knex';
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
  'release_roles',
  'release_tasks',
  'release_milestones',
  'release_signoffs',
  'watches',
  'release_status_updates',
  'release_notes',
  'release_notices',
  'cab_meetings',
  'cab_items',
  'cab_decisions',
  'runtime_freezes',
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

  it.each(databases.eachSupportedId())(
    'lets replicas that start together migrate a fresh database on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // On PostgreSQL each replica has its own connection pool; SQLite is
      // only ever used by one process.
      const replicas = databaseId.startsWith('POSTGRES')
        ? [
            knex,
            knexFactory(knex.client.config),
            knexFactory(knex.client.config),
          ]
        : [knex, knex, knex];
      try {
        // Unguarded, one of the replicas failed in most attempts.
        for (let attempt = 0; attempt < 4; attempt++) {
          await Promise.all(replicas.map(r => ReleasesDatabase.migrate(r)));
          expect(await knex.schema.hasTable('incidents')).toBe(true);
          const [{ count: lockRows }] = await knex(
            'knex_migrations_lock',
          ).count({ count: '*' });
          expect(Number(lockRows)).toBe(1);
          const applied = await knex('knex_migrations').select('name');
          expect(new Set(applied.map(m => m.name)).size).toBe(applied.length);

          await ReleasesDatabase.rollbackAll(knex);
          await knex.schema.dropTable('knex_migrations');
          await knex.schema.dropTable('knex_migrations_lock');
        }
      } finally {
        await Promise.all(
          replicas.filter(r => r !== knex).map(r => r.destroy()),
        );
      }
    },
  );
});
