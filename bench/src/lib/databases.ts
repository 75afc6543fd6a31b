import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';

/** Where a backend keeps its plugins' databases. */
export type DatabaseTarget =
  | { kind: 'sqlite'; directory: string }
  | { kind: 'pg'; connection: string; prefix: string };

export const DEFAULT_PG_CONNECTION =
  process.env.BENCH_PG_CONNECTION ?? 'postgresql://postgres@127.0.0.1:5432';

export const releasesMigrations = path.resolve(
  __dirname,
  '../../../plugins/releases-backend/migrations',
);

/** The `backend.database` block that points a backend at the target. */
export function backendDatabaseConfig(target: DatabaseTarget) {
  return target.kind === 'sqlite'
    ? { client: 'better-sqlite3', connection: { directory: target.directory } }
    : {
        client: 'pg',
        connection: target.connection,
        prefix: target.prefix,
        // Several replicas and a load generator share one server.
        knexConfig: { pool: { min: 0, max: 10 } },
      };
}

function pgConnectionFor(target: { connection: string }, database: string) {
  const url = new URL(target.connection);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Removes every database the target's backends created. */
export async function resetDatabases(target: DatabaseTarget): Promise<void> {
  if (target.kind === 'sqlite') {
    fs.rmSync(target.directory, { recursive: true, force: true });
    fs.mkdirSync(target.directory, { recursive: true });
    return;
  }
  const admin = knexFactory({
    client: 'pg',
    connection: pgConnectionFor(target, 'postgres'),
  });
  try {
    const rows: Array<{ datname: string }> = (
      await admin.raw('SELECT datname FROM pg_database WHERE datname LIKE ?', [
        `${target.prefix}%`,
      ])
    ).rows;
    for (const { datname } of rows) {
      await admin.raw('DROP DATABASE ?? WITH (FORCE)', [datname]);
    }
  } finally {
    await admin.destroy();
  }
}

/** A knex client on one plugin's database of the target, created if missing. */
export async function pluginKnex(
  target: DatabaseTarget,
  pluginId: string,
): Promise<Knex> {
  if (target.kind === 'sqlite') {
    fs.mkdirSync(target.directory, { recursive: true });
    return knexFactory({
      client: 'better-sqlite3',
      connection: {
        filename: path.join(target.directory, `${pluginId}.sqlite`),
      },
      useNullAsDefault: true,
    });
  }
  const database = `${target.prefix}${pluginId}`;
  const admin = knexFactory({
    client: 'pg',
    connection: pgConnectionFor(target, 'postgres'),
  });
  try {
    const exists = await admin.raw(
      'SELECT 1 FROM pg_database WHERE datname = ?',
      [database],
    );
    if (exists.rows.length === 0) {
      await admin.raw('CREATE DATABASE ??', [database]);
    }
  } finally {
    await admin.destroy();
  }
  return knexFactory({
    client: 'pg',
    connection: pgConnectionFor(target, database),
    pool: { min: 0, max: 4 },
  });
}

/**
 * Brings the releases plugin's schema up to date, as the backend would, or
 * only as far as `upTo` (a migration's file name). Returns the migrations it
 * ran.
 */
export async function migrateReleases(
  knex: Knex,
  upTo?: string,
): Promise<string[]> {
  const config = { directory: releasesMigrations };
  const [, ran]: [number, string[]] = upTo
    ? await knex.migrate.to({ ...config, name: upTo })
    : await knex.migrate.latest(config);
  return ran;
}
