import { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CatalogSyncResult } from './CatalogFacts';
import { CatalogFactsStore } from './CatalogFactsStore';
import {
  CATALOG_FACT_FIELDS,
  CATALOG_FACT_KINDS,
  REF_FIELDS,
  refKey,
  StoredEntity,
  SYNC_PAGE_FIELDS,
  toStoredEntity,
} from './storedEntity';

/**
 * Entities per page of the pass that compares etags (four short fields
 * each), and refs per request for the facts of the changed ones; the latter
 * also bounds each write transaction.
 */
const PAGE_SIZE = 1000;
const FETCH_SIZE = 500;

type Credentials = Awaited<ReturnType<AuthService['getOwnServiceCredentials']>>;

/**
 * Brings the local copy in line with the catalog. It pages through every
 * entity of the kept kinds asking only for its ref and etag, fetches the
 * facts of those whose etag differs from the stored one, writes the ones
 * whose content hash changed (for the others only the new etag), and removes
 * the entities the catalog no longer has. With nothing changed a sync is a
 * few light catalog pages and no writes.
 */
export class CatalogFactsSync {
  constructor(
    private readonly options: {
      store: CatalogFactsStore;
      catalog: CatalogService;
      auth: AuthService;
      clock: () => Date;
    },
  ) {}

  async run(): Promise<CatalogSyncResult> {
    const { store, catalog, auth, clock } = this.options;
    try {
      const credentials = await auth.getOwnServiceCredentials();
      const known = await store.syncIndex(CATALOG_FACT_KINDS);
      const seen = new Set<string>();
      const result = { upserted: 0, deleted: 0, unchanged: 0, refreshed: 0 };
      let cursor: string | undefined;
      do {
        const page = await catalog.queryEntities(
          cursor
            ? { cursor, fields: SYNC_PAGE_FIELDS, limit: PAGE_SIZE }
            : {
                filter: { kind: CATALOG_FACT_KINDS },
                fields: SYNC_PAGE_FIELDS,
                limit: PAGE_SIZE,
              },
          { credentials },
        );
        const candidates: string[] = [];
        for (const entity of page.items) {
          const ref = stringifyEntityRef(entity);
          const key = refKey(ref);
          // A page boundary that moved while paging can repeat an entity.
          if (seen.has(key)) {
            continue;
          }
          seen.add(key);
          const etag = entity.metadata.etag;
          if (etag && known.get(key)?.etag === etag) {
            result.unchanged++;
          } else {
            candidates.push(ref);
          }
        }
        for (let i = 0; i < candidates.length; i += FETCH_SIZE) {
          const written = await this.writeChanged(
            candidates.slice(i, i + FETCH_SIZE),
            known,
            credentials,
          );
          result.upserted += written.upserted;
          result.refreshed += written.refreshed;
          result.unchanged += written.unchanged;
        }
        cursor = page.pageInfo.nextCursor;
      } while (cursor);

      const gone = await this.confirmGone(
        [...known].filter(([key]) => !seen.has(key)).map(([, { ref }]) => ref),
        credentials,
      );
      await store.delete(gone.map(refKey));
      result.deleted = gone.length;
      const entityCount = await store.count();
      // The first sync, or one that rewrote a good part of the facts: the
      // planner's statistics describe tables that no longer exist (empty,
      // say), and every page that reads a scope would pay for a bad plan
      // until autovacuum (if it runs at all) comes round. Same threshold as
      // autovacuum's analyze: 50 rows and a tenth of the table.
      const rewritten = result.upserted + result.deleted;
      if (rewritten >= 50 && rewritten >= 0.1 * known.size) {
        await store.analyze();
      }
      await store.recordSuccess({ at: clock(), entityCount });
      return result;
    } catch (error) {
      await store
        .recordFailure({ at: clock(), error: String(error) })
        .catch(() => undefined);
      throw error;
    }
  }

  /**
   * Fetches the facts of entities whose etag changed and writes them in one
   * short transaction, so a failure later leaves these facts current and
   * everything else as it was.
   */
  private async writeChanged(
    refs: string[],
    known: Awaited<ReturnType<CatalogFactsStore['syncIndex']>>,
    credentials: Credentials,
  ): Promise<{ upserted: number; refreshed: number; unchanged: number }> {
    const { store, catalog, clock } = this.options;
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: refs, fields: CATALOG_FACT_FIELDS },
      { credentials },
    );
    const changed: StoredEntity[] = [];
    const refreshed: StoredEntity[] = [];
    let unchanged = 0;
    for (const entity of items) {
      // Removed since the page was read: the next sync removes it here.
      const stored = entity && toStoredEntity(entity);
      if (!stored) {
        continue;
      }
      const before = known.get(stored.refKey);
      if (before?.contentHash !== stored.contentHash) {
        changed.push(stored);
      } else if (before.etag !== (stored.etag ?? null)) {
        refreshed.push(stored);
      } else {
        // A catalog without etags: every entity is fetched, none rewritten.
        unchanged++;
      }
    }
    const now = clock();
    await store.upsert(changed, now);
    await store.refreshEtags(refreshed, now);
    return {
      upserted: changed.length,
      refreshed: refreshed.length,
      unchanged: unchanged + refreshed.length,
    };
  }

  /**
   * Entities that were not on any page may still exist: offset paging over a
   * catalog that changes meanwhile can skip some. Only the ones the catalog
   * confirms missing are removed.
   */
  private async confirmGone(
    refs: string[],
    credentials: Credentials,
  ): Promise<string[]> {
    const gone: string[] = [];
    for (let i = 0; i < refs.length; i += FETCH_SIZE) {
      const batch = refs.slice(i, i + FETCH_SIZE);
      const { items } = await this.options.catalog.getEntitiesByRefs(
        { entityRefs: batch, fields: REF_FIELDS },
        { credentials },
      );
      const present = new Set(
        items.flatMap(entity =>
          entity ? [refKey(stringifyEntityRef(entity))] : [],
        ),
      );
      gone.push(...batch.filter(ref => !present.has(refKey(ref))));
    }
    return gone;
  }
}
