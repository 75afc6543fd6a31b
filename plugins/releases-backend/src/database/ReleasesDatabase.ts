import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@backstage-itsm/plugin-releases-backend',
  'migrations',
);

/** PostgreSQL advisory lock key of this plugin's migrations (arbitrary, but unique to them). */
const MIGRATIONS_LOCK_KEY = 7_342_016_845;

/** Migrations of this process, one after the other. */
let migrationsInProcess: Promise<unknown> = Promise.resolve();

/**
 * PostgreSQL text cannot hold NUL, so no stored key contains one; looking up
 * such a key must find nothing rather than fail the query.
 */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000');
}

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

  /**
   * Brings the schema up to date. Replicas that start together on a fresh
   * database would race to create knex's own bookkeeping tables and lock row
   * (before knex's migration lock can help), and the loser would fail its
   * start-up; so on PostgreSQL an advisory lock lets one replica migrate at a
   * time, and the others find the work done. Within one process (SQLite's
   * case) the calls simply queue.
   */
  static async migrate(knex: Knex): Promise<void> {
    const run = migrationsInProcess.then(() =>
      ReleasesDatabase.migrateExclusively(knex),
    );
    migrationsInProcess = run.catch(() => undefined);
    await run;
  }

  private static async migrateExclusively(knex: Knex): Promise<void> {
    if (knex.client.config.client !== 'pg') {
      await knex.migrate.latest({ directory: migrationsDir });
      return;
    }
    // The lock lives as long as this transaction; knex migrates on another
    // connection of the pool meanwhile.
    await knex.transaction(async tx => {
      await tx.raw('SELECT pg_advisory_xact_lock(?)', [MIGRATIONS_LOCK_KEY]);
      await knex.migrate.latest({ directory: migrationsDir });
    });
  }

  static async rollbackAll(knex: Knex): Promise<void> {
    await knex.migrate.rollback({ directory: migrationsDir }, true);
  }
}
