import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ImpactResult } from '@backstage-itsm/plugin-releases-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { LRUCache } from 'lru-cache';
import {
  CatalogFacts,
  CatalogFactsHealth,
  CatalogFactsOptions,
  CatalogReader,
  CatalogSyncResult,
  EntityFacts,
} from './CatalogFacts';
import { readCatalogFactsConfig } from './catalogFactsConfig';
import { ReadCache } from './ReadCache';
import { CatalogFactsStore } from './CatalogFactsStore';
import { CatalogFactsSync } from './CatalogFactsSync';
import { impactOf, linkedWithinAll } from './catalogWalks';
import { LiveCatalogReader } from './LiveCatalogReader';
import { isStorableText } from '../database/ReleasesDatabase';
import { sharedKeyReads } from '../database/NextBatch';
import {
  canonicalRef,
  CATALOG_FACT_FIELDS,
  CATALOG_FACT_KINDS,
  lookupKey,
  StoredEntity,
  toEntityFacts,
  toStoredEntity,
} from './storedEntity';

export const CATALOG_SYNC_TASK_ID = 'releases-catalog-sync';

/**
 * The catalog facts kept in the plugin's database, synced by a scheduled task
 * that runs on one replica at a time; every replica reads the same tables.
 */
export class KnexCatalogFacts implements CatalogFacts {
  /**
   * Refs the catalog recently said it does not hold. Dangling relations are
   * common (a dependency not registered yet), and without this every walk
   * over one would ask the catalog again. Kept for one refresh interval, so
   * an entity created meanwhile is found by the fallback or the next sync
   * within the same freshness bound as any other change.
   */
  private readonly knownMissing: LRUCache<string, true>;
  /** The same for annotation values no entity carried (`key` NUL lower-case value). */
  private readonly knownUnannotated: LRUCache<string, true>;
  private readonly store: CatalogFactsStore;
  private readonly catalog: CatalogService;
  private readonly auth: AuthService;
  private readonly clock: () => Date;
  private readonly refreshIntervalMs: number;
  private readonly sync: CatalogFactsSync;
  private running: Promise<CatalogSyncResult> | undefined;
  /** Facts by lookup key, a scope's refs by `column:key`, a group's members by key. */
  private readonly cachedFacts: ReadCache<EntityFacts>;
  private readonly cachedScopes: ReadCache<string[]>;
  private readonly cachedMembers: ReadCache<string[]>;
  /** Lookup keys the tables were seen to hold. */
  private readonly cachedExisting: ReadCache<true>;
  /**
   * The tables' reads behind the caches, by lookup key: the misses of
   * concurrent requests (every deployment report checks its component, every
   * gate decision reads its facts) share a statement.
   */
  private readonly storedFacts = sharedKeyReads(keys => this.store.facts(keys));
  private readonly storedMembers = sharedKeyReads(keys =>
    this.store.membersByGroupKey(keys),
  );
  private readonly storedKeys = sharedKeyReads(
    async keys =>
      new Map(
        [...(await this.store.existingKeys(keys))].map(key => [
          key,
          true as const,
        ]),
      ),
  );

  private constructor(options: {
    store: CatalogFactsStore;
    catalog: CatalogService;
    auth: AuthService;
    clock: () => Date;
    refreshIntervalMs: number;
  }) {
    this.store = options.store;
    this.catalog = options.catalog;
    this.auth = options.auth;
    this.clock = options.clock;
    this.refreshIntervalMs = options.refreshIntervalMs;
    // On the plugin's clock, as every other freshness bound here, read at
    // each check (lru-cache otherwise reuses a reading for a millisecond).
    const perf = { now: () => options.clock().getTime() };
    this.knownMissing = new LRUCache({
      max: 50_000,
      ttl: options.refreshIntervalMs,
      ttlResolution: 0,
      perf,
    });
    this.knownUnannotated = new LRUCache({
      max: 10_000,
      ttl: options.refreshIntervalMs,
      ttlResolution: 0,
      perf,
    });
    this.sync = new CatalogFactsSync(options);
    // A sixth of the refresh interval, at most 5 s: with the default 30 s
    // interval a change in the catalog reaches every replica's reads within
    // interval + sync + 5 s, inside the two intervals health() allows.
    const cache = {
      ttlMs: Math.min(5_000, options.refreshIntervalMs / 6),
      max: 20_000,
      clock: options.clock,
    };
    this.cachedFacts = new ReadCache(cache);
    this.cachedScopes = new ReadCache(cache);
    this.cachedMembers = new ReadCache(cache);
    this.cachedExisting = new ReadCache(cache);
  }

  /** After this process wrote facts: every later read sees them. */
  private forgetReads() {
    this.cachedFacts.clear();
    this.cachedScopes.clear();
    this.cachedMembers.clear();
    this.cachedExisting.clear();
  }

  static async create(options: CatalogFactsOptions): Promise<KnexCatalogFacts> {
    const { refreshIntervalMs } = readCatalogFactsConfig(options.config);
    const facts = new KnexCatalogFacts({
      store: new CatalogFactsStore(options.knex),
      catalog: options.catalog,
      auth: options.auth,
      clock: options.clock ?? (() => new Date()),
      refreshIntervalMs,
    });
    if (options.scheduler) {
      await options.scheduler.scheduleTask({
        id: CATALOG_SYNC_TASK_ID,
        // Global: one replica syncs at a time; the others read the result.
        scope: 'global',
        frequency: { milliseconds: refreshIntervalMs },
        timeout: { minutes: 10 },
        fn: async () => {
          await facts.syncLogged(options.logger);
        },
      });
    }
    return facts;
  }

  local(): CatalogReader {
    const load = (refs: string[]) => this.localFacts(refs);
    return {
      existing: refs => this.localExisting(refs),
      facts: refs => this.localFacts([...refs]),
      componentsOfSystem: systemRef => this.scoped('system_key', systemRef),
      componentsOwnedBy: ownerRef => this.scoped('owner_key', ownerRef),
      linkedWithinAll: (refs, depth) => linkedWithinAll(load, refs, depth),
      impact: (entityRef: string, depth: number): Promise<ImpactResult> =>
        impactOf(load, entityRef, depth),
      findByAnnotation: (key, value) => this.localAnnotated(key, value),
    };
  }

  live(credentials: BackstageCredentials): CatalogReader {
    return new LiveCatalogReader({
      catalog: this.catalog,
      credentials,
      clock: this.clock,
    });
  }

  async membersOf(groups: string[]): Promise<Map<string, string[]>> {
    const keys = new Map(groups.map(g => [g, lookupKey(g)]));
    const byKey = await this.cachedMembers.getMany(
      keys.values(),
      this.storedMembers,
    );
    return new Map(
      groups.map(group => {
        const key = keys.get(group);
        return [group, key ? [...byKey.get(key)!] : []];
      }),
    );
  }

  async groupsOf(userRef: string): Promise<string[]> {
    // A user who signed in before the next sync is looked up live once.
    const user = (await this.localFacts([userRef])).get(userRef);
    return user?.memberOf ?? [];
  }

  async health(): Promise<CatalogFactsHealth> {
    const state = await this.store.syncState();
    const stale =
      state.lastSuccessAt === null ||
      this.clock().getTime() - Date.parse(state.lastSuccessAt) >
        2 * this.refreshIntervalMs;
    return { ...state, stale };
  }

  /** Concurrent callers in this process share one run. */
  syncNow(): Promise<CatalogSyncResult> {
    if (!this.running) {
      this.running = this.sync.run().finally(() => {
        this.running = undefined;
        this.forgetReads();
      });
    }
    return this.running;
  }

  private async syncLogged(logger: LoggerService): Promise<void> {
    try {
      const result = await this.syncNow();
      if (result.upserted > 0 || result.deleted > 0) {
        logger.info(
          `Catalog facts synced: ${result.upserted} written, ${result.deleted} removed, ${result.unchanged} unchanged`,
        );
      }
    } catch (error) {
      // The last facts stay in place and health() reports them stale.
      logger.warn(`Catalog facts sync failed; keeping the last facts`, {
        error: String(error),
      });
    }
  }

  private async scoped(
    column: 'system_key' | 'owner_key',
    ref: string,
  ): Promise<string[]> {
    const key = lookupKey(ref);
    if (!key) {
      return [];
    }
    const cacheKey = `${column}:${key}`;
    const kept = await this.cachedScopes.getMany(
      [cacheKey],
      async () =>
        new Map([
          [cacheKey, await this.store.refsWith('component', column, key)],
        ]),
    );
    const refs = kept.get(cacheKey)!;
    return [...refs];
  }

  /** Existence from the tables' primary key; unknown refs as in localFacts. */
  private async localExisting(refs: string[]): Promise<Set<string>> {
    const keyOf = new Map(refs.map(ref => [ref, lookupKey(ref)]));
    const stored = await this.cachedExisting.getMany(
      keyOf.values(),
      this.storedKeys,
    );
    const unknown = [...keyOf]
      .filter(([, key]) => this.needsFallback(key, stored))
      .map(([ref]) => ref);
    const fetched =
      unknown.length > 0 ? await this.fetchAndStore(unknown) : new Map();
    return new Set(
      refs.filter(ref => {
        const key = keyOf.get(ref);
        return key !== undefined && (stored.has(key) || fetched.has(key));
      }),
    );
  }

  private needsFallback(
    key: string | undefined,
    stored: { has(key: string): boolean },
  ): boolean {
    return key !== undefined && !stored.has(key) && !this.knownMissing.has(key);
  }

  /**
   * Facts from the tables; the refs they do not hold go to the catalog in one
   * call with the plugin's own credentials, and what it returns is stored.
   */
  private async localFacts(refs: string[]): Promise<Map<string, EntityFacts>> {
    const wanted = [...new Set(refs)];
    const keyOf = new Map(wanted.map(ref => [ref, lookupKey(ref)]));
    const byKey = await this.cachedFacts.getMany(
      keyOf.values(),
      this.storedFacts,
    );
    const unknown = wanted.filter(ref =>
      this.needsFallback(keyOf.get(ref), byKey),
    );
    if (unknown.length > 0) {
      const fetched = await this.fetchAndStore(unknown);
      for (const [key, facts] of fetched) {
        byKey.set(key, facts);
      }
    }
    const result = new Map<string, EntityFacts>();
    for (const ref of wanted) {
      const key = keyOf.get(ref);
      const facts = key && byKey.get(key);
      if (facts) {
        result.set(ref, facts);
      }
    }
    return result;
  }

  /**
   * Refs carrying the annotation in the tables. When none does, one call to
   * the catalog with the plugin's own credentials, and the entities it
   * returns are stored: as with a ref (localFacts), a component registered
   * since the last sync (or before the first one) is found at once, not only
   * after the next sync.
   */
  private async localAnnotated(key: string, value: string): Promise<string[]> {
    if (!isStorableText(key) || !isStorableText(value)) {
      return [];
    }
    const stored = await this.store.refsAnnotated(key, value);
    const missKey = `${key}\u0000${value.toLocaleLowerCase('en-US')}`;
    if (stored.length > 0 || this.knownUnannotated.has(missKey)) {
      return stored;
    }
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${key}`]: value,
          kind: CATALOG_FACT_KINDS,
        },
        fields: CATALOG_FACT_FIELDS,
      },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    const found = await this.storeFetched(items);
    if (found.size === 0) {
      this.knownUnannotated.set(missKey, true);
    }
    return [...found.values()].map(f => f.ref).sort();
  }

  /** Facts by key of the refs the catalog holds; `refs` all have a lookup key. */
  private async fetchAndStore(
    wanted: string[],
  ): Promise<Map<string, EntityFacts>> {
    // One ref per key: refs that differ only in case are the same entity,
    // and one INSERT cannot upsert a row twice.
    const byKey = new Map<string, string>();
    for (const ref of wanted) {
      const key = lookupKey(ref)!;
      if (!byKey.has(key)) byKey.set(key, ref);
    }
    const refs = [...byKey.values()];
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: refs.map(canonicalRef), fields: CATALOG_FACT_FIELDS },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    refs.forEach((ref, index) => {
      if (!items[index]) {
        this.knownMissing.set(lookupKey(ref)!, true);
      }
    });
    return this.storeFetched(items);
  }

  /**
   * Stores the entities the catalog returned (the kinds the sync keeps) and
   * gives their facts by lookup key; an entity the plugin cannot read is
   * left out.
   */
  private async storeFetched(
    items: Array<Entity | undefined>,
  ): Promise<Map<string, EntityFacts>> {
    const now = this.clock();
    const fetched = new Map<string, EntityFacts>();
    const toStore: StoredEntity[] = [];
    for (const entity of items) {
      const stored = entity && toStoredEntity(entity);
      if (!stored) {
        continue;
      }
      const key = lookupKey(stored.ref)!;
      if (fetched.has(key)) {
        continue;
      }
      // Kinds the sync does not keep would never be refreshed or removed.
      if (CATALOG_FACT_KINDS.includes(stored.kind)) {
        toStore.push(stored);
      }
      fetched.set(key, toEntityFacts(stored, now.toISOString()));
    }
    await this.store.upsert(toStore, now);
    if (toStore.length > 0) {
      // A new entity may belong to a cached scope or group.
      this.forgetReads();
    }
    return fetched;
  }
}
