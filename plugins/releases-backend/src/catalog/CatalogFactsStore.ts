import { Knex } from 'knex';
import { withIsoTimes } from '../database/isoTimes';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../database/time';
import { EntityFacts } from './CatalogFacts';
import {
  ANNOTATION_VALUE_KEY_LENGTH,
  refKey,
  StoredEntity,
  toEntityFacts,
} from './storedEntity';
import { groupBy } from '../service/groupBy';

/**
 * Bound parameters per statement. SQLite allows 32,766 and PostgreSQL 65,535;
 * staying far below keeps every statement (and the transaction holding it)
 * short on both.
 */
const MAX_PARAMETERS = 4_000;
/**
 * Rows per INSERT: knex writes a multi-row insert on SQLite as a compound
 * SELECT, which SQLite limits to 500 terms.
 */
const MAX_ROWS_PER_INSERT = 400;
/** Keys per `IN (…)` list. */
const KEYS_PER_QUERY = 500;

const STATE_ID = 'catalog';

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

/** Rows in batches that each fit one INSERT statement. */
function insertBatches<T extends object>(rows: T[]): T[][] {
  if (rows.length === 0) {
    return [];
  }
  const columns = Object.keys(rows[0]).length;
  return chunks(
    rows,
    Math.max(
      1,
      Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns)),
    ),
  );
}

export interface SyncStateRow {
  lastSyncAt: string | null;
  lastSuccessAt: string | null;
  entityCount: number;
  lastError: string | null;
}

/** The catalog facts tables. Knows nothing about the catalog itself. */
export class CatalogFactsStore {
  constructor(private readonly knex: Knex) {}

  /** What a sync compares with the catalog: per key, of every stored entity of these kinds. */
  async syncIndex(
    kinds: string[],
  ): Promise<
    Map<string, { ref: string; etag: string | null; contentHash: string }>
  > {
    const rows: Array<{
      ref_key: string;
      ref: string;
      catalog_etag: string | null;
      content_hash: string;
    }> = await this.knex('catalog_entities')
      .whereIn('kind', kinds)
      .select('ref_key', 'ref', 'catalog_etag', 'content_hash');
    return new Map(
      rows.map(r => [
        r.ref_key,
        { ref: r.ref, etag: r.catalog_etag, contentHash: r.content_hash },
      ]),
    );
  }

  /**
   * Inserts or replaces these entities with their relations and annotations,
   * in one transaction; `first_seen_at` survives a replacement.
   *
   * The entity rows are written first and in key order: on PostgreSQL that
   * row (or, for a new entity, its primary key entry) is the lock under which
   * the entity's relations and annotations are replaced, so two writers of the
   * same entity (the sync and a request's fallback) run one after the other —
   * the second deletes what the first inserted — and cannot deadlock.
   */
  async upsert(entities: StoredEntity[], now: Date): Promise<void> {
    if (entities.length === 0) {
      return;
    }
    const sorted = [...entities].sort((a, b) => (a.refKey < b.refKey ? -1 : 1));
    const at = toDbTime(now);
    const entityRows = sorted.map(e => ({
      ref_key: e.refKey,
      ref: e.ref,
      kind: e.kind,
      namespace: e.namespace,
      name: e.name,
      title: e.title ?? null,
      system: e.system ?? null,
      system_key: e.system ? refKey(e.system) : null,
      owner: e.owner ?? null,
      owner_key: e.owner ? refKey(e.owner) : null,
      lifecycle: e.lifecycle ?? null,
      tags: JSON.stringify(e.tags),
      content_hash: e.contentHash,
      catalog_etag: e.etag ?? null,
      first_seen_at: at,
      synced_at: at,
    }));
    const relationRows = sorted.flatMap(e =>
      e.relations.map((r, position) => ({
        source_key: e.refKey,
        type: r.type,
        target_key: refKey(r.targetRef),
        target: r.targetRef,
        position,
      })),
    );
    const annotationRows = sorted.flatMap(e =>
      e.annotations.map(a => ({
        entity_key: e.refKey,
        key: a.key,
        value: a.value,
        value_key: annotationValueKey(a.value),
      })),
    );
    const replaced = Object.keys(entityRows[0]).filter(
      c => c !== 'first_seen_at',
    );
    await this.knex.transaction(async tx => {
      for (const batch of insertBatches(entityRows)) {
        await tx('catalog_entities')
          .insert(batch)
          .onConflict('ref_key')
          .merge(replaced);
      }
      for (const keys of chunks(
        sorted.map(e => e.refKey),
        KEYS_PER_QUERY,
      )) {
        await tx('catalog_relations').whereIn('source_key', keys).delete();
        await tx('catalog_annotations').whereIn('entity_key', keys).delete();
      }
      for (const batch of insertBatches(relationRows)) {
        await tx('catalog_relations').insert(batch);
      }
      for (const batch of insertBatches(annotationRows)) {
        await tx('catalog_annotations').insert(batch);
      }
    });
  }

  /**
   * Records a new catalog etag for entities whose stored facts it did not
   * change. Only where the stored content hash is still the one that was
   * checked: a row replaced or removed meanwhile keeps what its writer left.
   */
  async refreshEtags(entities: StoredEntity[], now: Date): Promise<void> {
    if (entities.length === 0) {
      return;
    }
    const sorted = [...entities].sort((a, b) => (a.refKey < b.refKey ? -1 : 1));
    const at = toDbTime(now);
    await this.knex.transaction(async tx => {
      for (const e of sorted) {
        await tx('catalog_entities')
          .where({ ref_key: e.refKey, content_hash: e.contentHash })
          .update({ catalog_etag: e.etag ?? null, synced_at: at });
      }
    });
  }

  /**
   * Removes these entities with their relations and annotations. The entity
   * rows go first, as in `upsert`: whoever holds an entity's row may change
   * its relations, so a removal and a concurrent upsert of the same entity
   * queue up instead of deadlocking.
   */
  async delete(keys: string[]): Promise<void> {
    for (const batch of chunks([...keys].sort(), KEYS_PER_QUERY)) {
      await this.knex.transaction(async tx => {
        await tx('catalog_entities').whereIn('ref_key', batch).delete();
        await tx('catalog_relations').whereIn('source_key', batch).delete();
        await tx('catalog_annotations').whereIn('entity_key', batch).delete();
      });
    }
  }

  /** The keys among these that are stored. */
  async existingKeys(keys: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const batch of chunks([...new Set(keys)], KEYS_PER_QUERY)) {
      const rows: Array<{ ref_key: string }> = await this.knex(
        'catalog_entities',
      )
        .whereIn('ref_key', batch)
        .select('ref_key');
      rows.forEach(r => found.add(r.ref_key));
    }
    return found;
  }

  /** Facts of the stored entities among these keys, keyed by key. */
  async facts(keys: string[]): Promise<Map<string, EntityFacts>> {
    const result = new Map<string, EntityFacts>();
    for (const batch of chunks([...new Set(keys)], KEYS_PER_QUERY)) {
      const { entities, relationsOf, annotationsOf } = await this.readFacts(
        batch,
      );
      for (const row of entities) {
        result.set(
          row.ref_key,
          toEntityFacts(
            {
              ref: row.ref,
              kind: row.kind,
              namespace: row.namespace,
              name: row.name,
              title: row.title ?? undefined,
              system: row.system ?? undefined,
              owner: row.owner ?? undefined,
              lifecycle: row.lifecycle ?? undefined,
              tags: JSON.parse(row.tags),
              annotations: (annotationsOf.get(row.ref_key) ?? [])
                .map(([key, value]) => ({ key, value }))
                .sort((a, b) => (a.key < b.key ? -1 : 1)),
              relations: (relationsOf.get(row.ref_key) ?? []).map(
                ([type, targetRef]) => ({ type, targetRef }),
              ),
            },
            fromDbTime(row.first_seen_at),
          ),
        );
      }
    }
    return result;
  }

  /**
   * One batch of entity rows with their relations (in order) and
   * annotations as `[type, target]` and `[key, value]` pairs. PostgreSQL
   * answers in one statement, the pairs aggregated per entity; SQLite, in
   * process, with three queries.
   */
  private async readFacts(batch: string[]): Promise<{
    entities: Array<Record<string, any>>;
    relationsOf: Map<string, Array<[string, string]>>;
    annotationsOf: Map<string, Array<[string, string]>>;
  }> {
    const columns = [
      'e.ref_key',
      'e.ref',
      'e.kind',
      'e.namespace',
      'e.name',
      'e.title',
      'e.system',
      'e.owner',
      'e.lifecycle',
      'e.tags',
      'e.first_seen_at',
    ];
    if (this.knex.client.config.client === 'pg') {
      const entities = await withIsoTimes(
        this.knex,
        this.knex('catalog_entities as e'),
      )
        .whereIn('e.ref_key', batch)
        .select(
          ...columns,
          this.knex.raw(
            `coalesce((select json_agg(json_build_array(r.type, r.target) order by r.position) from catalog_relations r where r.source_key = e.ref_key), '[]'::json) as relations`,
          ),
          this.knex.raw(
            `coalesce((select json_agg(json_build_array(a.key, a.value)) from catalog_annotations a where a.entity_key = e.ref_key), '[]'::json) as annotations`,
          ),
        );
      return {
        entities,
        relationsOf: new Map(entities.map(e => [e.ref_key, e.relations])),
        annotationsOf: new Map(entities.map(e => [e.ref_key, e.annotations])),
      };
    }
    const [entities, relations, annotations] = await Promise.all([
      this.knex('catalog_entities as e')
        .whereIn('e.ref_key', batch)
        .select(...columns),
      this.knex('catalog_relations')
        .whereIn('source_key', batch)
        .orderBy(['source_key', 'position'])
        .select('source_key', 'type', 'target'),
      this.knex('catalog_annotations')
        .whereIn('entity_key', batch)
        .select('entity_key', 'key', 'value'),
    ]);
    const pairs = (
      rows: Array<Record<string, unknown>>,
      column: string,
      first: string,
      second: string,
    ) =>
      new Map(
        [...groupBy(rows, row => row[column] as string)].map(([key, group]) => [
          key,
          group.map(r => [r[first] as string, r[second] as string]),
        ]),
      ) as Map<string, Array<[string, string]>>;
    return {
      entities,
      relationsOf: pairs(relations, 'source_key', 'type', 'target'),
      annotationsOf: pairs(annotations, 'entity_key', 'key', 'value'),
    };
  }

  /** Refs of the stored entities of `kind` whose `column` holds this key. */
  async refsWith(
    kind: string,
    column: 'system_key' | 'owner_key',
    key: string,
  ): Promise<string[]> {
    const rows: Array<{ ref: string }> = await this.knex('catalog_entities')
      .where({ [column]: key, kind })
      .select('ref');
    return rows.map(r => r.ref).sort();
  }

  /** Refs of stored entities whose annotation `key` holds `value`, case-insensitively. */
  async refsAnnotated(key: string, value: string): Promise<string[]> {
    const rows: Array<{ ref: string; value: string }> = await this.knex(
      'catalog_annotations as a',
    )
      .join('catalog_entities as e', 'e.ref_key', 'a.entity_key')
      .where({ 'a.key': key, 'a.value_key': annotationValueKey(value) })
      .select('e.ref', 'a.value');
    // The index holds a prefix; the full values decide.
    const wanted = value.toLocaleLowerCase('en-US');
    return rows
      .filter(r => r.value.toLocaleLowerCase('en-US') === wanted)
      .map(r => r.ref)
      .sort();
  }

  /** Members (users) per group key. */
  async membersByGroupKey(groupKeys: string[]): Promise<Map<string, string[]>> {
    const members = new Map<string, string[]>(groupKeys.map(key => [key, []]));
    for (const batch of chunks([...new Set(groupKeys)], KEYS_PER_QUERY)) {
      const rows: Array<{ target_key: string; ref: string }> = await this.knex(
        'catalog_relations as r',
      )
        .join('catalog_entities as e', 'e.ref_key', 'r.source_key')
        .whereIn('r.target_key', batch)
        .andWhere({ 'r.type': 'memberOf', 'e.kind': 'user' })
        .select('r.target_key', 'e.ref');
      for (const row of rows) {
        members.get(row.target_key)!.push(row.ref);
      }
    }
    for (const list of members.values()) {
      list.sort();
    }
    return members;
  }

  /** Fresh planner statistics for the facts' tables (after a bulk sync). */
  async analyze(): Promise<void> {
    const tables = [
      'catalog_entities',
      'catalog_relations',
      'catalog_annotations',
    ];
    if (this.knex.client.config.client === 'pg') {
      await this.knex.raw(`ANALYZE ${tables.join(', ')}`);
    } else {
      for (const table of tables) {
        await this.knex.raw(`ANALYZE ${table}`);
      }
    }
  }

  async count(): Promise<number> {
    const [{ count }] = await this.knex('catalog_entities').count({
      count: '*',
    });
    return Number(count);
  }

  async syncState(): Promise<SyncStateRow> {
    const row = await this.knex('catalog_sync_state')
      .where({ id: STATE_ID })
      .first();
    return {
      lastSyncAt: fromDbTimeOrNull(row?.last_sync_at),
      lastSuccessAt: fromDbTimeOrNull(row?.last_success_at),
      entityCount: Number(row?.entity_count ?? 0),
      lastError: row?.last_error ?? null,
    };
  }

  async recordSuccess(options: { at: Date; entityCount: number }) {
    await this.knex('catalog_sync_state')
      .where({ id: STATE_ID })
      .update({
        last_sync_at: toDbTime(options.at),
        last_success_at: toDbTime(options.at),
        entity_count: options.entityCount,
        last_error: null,
      });
  }

  async recordFailure(options: { at: Date; error: string }) {
    await this.knex('catalog_sync_state')
      .where({ id: STATE_ID })
      .update({
        last_sync_at: toDbTime(options.at),
        last_error: options.error.split('\u0000').join('').slice(0, 2000),
      });
  }
}

function annotationValueKey(value: string): string {
  return value.toLocaleLowerCase('en-US').slice(0, ANNOTATION_VALUE_KEY_LENGTH);
}
