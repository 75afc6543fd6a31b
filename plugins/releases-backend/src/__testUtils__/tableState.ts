import { Knex } from 'knex';
import { createHash } from 'node:crypto';

/**
 * Every table the plugin's migrations create, with the primary key its rows
 * are ordered by. `listPluginTables` lets a test check this list against the
 * migrated database, so a new table cannot be left out of a snapshot.
 */
export const PLUGIN_TABLES: Record<string, string[]> = {
  releases: ['id'],
  release_components: ['release_id', 'entity_ref'],
  release_events: ['id'],
  release_phase_periods: ['id'],
  deployments: ['id'],
  current_versions: ['entity_ref', 'environment'],
  baselines: ['id'],
  baseline_items: ['baseline_id', 'entity_ref', 'environment'],
  feed_tokens: ['id'],
  approvals: ['id'],
  release_reviews: ['release_id'],
  incidents: ['id'],
  catalog_entities: ['ref_key'],
  catalog_relations: ['source_key', 'type', 'target_key'],
  catalog_annotations: ['entity_key', 'key'],
  catalog_sync_state: ['id'],
  read_decisions: ['user_ref'],
  release_roles: ['release_id', 'role_id'],
  release_tasks: ['id'],
  release_milestones: ['release_id', 'phase'],
  release_signoffs: ['id'],
  watches: ['id'],
  release_status_updates: ['id'],
  release_notes: ['release_id'],
  release_notices: ['notice_key'],
  cab_meetings: ['id'],
  cab_items: ['id'],
  cab_decisions: ['id'],
  runtime_freezes: ['id'],
  unmapped_events: ['id'],
};

/**
 * Tables that hold what the plugin learnt rather than what callers asked
 * for: a copy of the catalog and each user's latest read decision. Any
 * request may refresh them (a 400 included), so checks that a refused
 * request wrote nothing leave them out. So is the ledger of notices that
 * scheduled jobs sent, which no request writes.
 */
export const DERIVED_TABLES = [
  'catalog_entities',
  'catalog_relations',
  'catalog_annotations',
  'catalog_sync_state',
  'read_decisions',
  'release_notices',
];

/** The tables of the migrated database, without knex's own bookkeeping. */
export async function listPluginTables(knex: Knex): Promise<string[]> {
  const client = String(knex.client.config.client);
  const names: string[] = client.includes('sqlite')
    ? (
        await knex('sqlite_master')
          .where({ type: 'table' })
          .andWhereNot('name', 'like', 'sqlite_%')
          .select('name')
      ).map((r: { name: string }) => r.name)
    : (
        await knex('pg_tables')
          .whereRaw('schemaname = current_schema()')
          .select('tablename')
      ).map((r: { tablename: string }) => r.tablename);
  return names.filter(n => !n.startsWith('knex_migrations')).sort();
}

type Kind = 'time' | 'boolean' | 'number' | 'text';

function kindOf(type: string): Kind {
  const t = type.toLowerCase();
  if (t.includes('timestamp') || t.includes('datetime')) return 'time';
  if (t.includes('bool')) return 'boolean';
  if (t.includes('int') || t.includes('numeric') || t.includes('real')) {
    return 'number';
  }
  return 'text';
}

/**
 * One value as the same JSON on PostgreSQL and SQLite: instants as ISO
 * strings (SQLite holds epoch milliseconds, PostgreSQL hands back Dates),
 * booleans as booleans (SQLite holds 0/1), integers as decimal strings
 * (PostgreSQL hands back bigints as strings).
 */
function normalize(kind: Kind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'time': {
      if (value instanceof Date) return value.toISOString();
      const n = Number(value);
      const date = new Date(Number.isFinite(n) ? n : String(value));
      return Number.isNaN(date.getTime())
        ? `invalid:${String(value)}`
        : date.toISOString();
    }
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 'true';
    case 'number':
      return String(value);
    default:
      return value instanceof Date ? value.toISOString() : String(value);
  }
}

export interface TableSnapshot {
  count: number;
  /** sha256 of the normalised rows in primary-key order. */
  checksum: string;
}

export type DatabaseSnapshot = Record<string, TableSnapshot>;

const compareKeys = (a: string[], b: string[]) => {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
};

/**
 * Takes snapshots of every plugin table. Column types are read once per
 * table; rows are sorted in JavaScript so that collations do not matter.
 */
export function createTableSnapshotter(
  knex: Knex,
  options: { exclude?: string[] } = {},
): () => Promise<DatabaseSnapshot> {
  const kinds = new Map<string, Record<string, Kind>>();

  async function columnKinds(table: string) {
    let known = kinds.get(table);
    if (!known) {
      const info = await knex(table).columnInfo();
      known = Object.fromEntries(
        Object.entries(info).map(([column, c]) => [column, kindOf(c.type)]),
      );
      kinds.set(table, known);
    }
    return known;
  }

  return async () => {
    const snapshot: DatabaseSnapshot = {};
    for (const [table, key] of Object.entries(PLUGIN_TABLES)) {
      if (options.exclude?.includes(table)) {
        continue;
      }
      const columns = await columnKinds(table);
      const names = Object.keys(columns).sort();
      const rows = (await knex(table).select('*')).map(
        (row: Record<string, unknown>) =>
          names.map(name => normalize(columns[name], row[name])),
      );
      const keyIndexes = key.map(k => names.indexOf(k));
      rows.sort((a: unknown[], b: unknown[]) =>
        compareKeys(
          keyIndexes.map(i => String(a[i])),
          keyIndexes.map(i => String(b[i])),
        ),
      );
      snapshot[table] = {
        count: rows.length,
        checksum: createHash('sha256')
          .update(JSON.stringify([names, rows]))
          .digest('hex'),
      };
    }
    return snapshot;
  };
}
