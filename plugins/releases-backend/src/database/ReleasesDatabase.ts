import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@backstage-itsm/plugin-releases-backend',
  'migrations',
);

/**
 * The plugin's database connection, migrated once at start-up and shared by
 * every domain store.
 */
export class ReleasesDatabase {
  private constructor(readonly knex: Knex) {}

  static async create(options: {
    database: DatabaseService;
  }): Promise<ReleasesDatabase> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await ReleasesDatabase.migrate(knex);
    }
    return new ReleasesDatabase(knex);
  }

  static async migrate(knex: Knex): Promise<void> {
    await knex.migrate.latest({ directory: migrationsDir });
  }

  static async rollbackAll(knex: Knex): Promise<void> {
    await knex.migrate.rollback({ directory: migrationsDir }, true);
  }
}
