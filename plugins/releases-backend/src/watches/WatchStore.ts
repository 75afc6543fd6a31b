import {
  MAX_WATCHES_PER_WATCHER,
  StatusHealth,
  StatusUpdate,
} from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { isStorableText } from '../database/ReleasesDatabase';
import { recordReleaseEvent } from '../database/releaseRows';
import { fromDbTime, toDbTime } from '../database/time';
import { conflictOn } from '../service/errors';

/** A watch as stored: the target is a release id or an entity ref. */
export interface StoredWatch {
  id: string;
  watcher: string;
  targetKind: 'release' | 'entity';
  target: string;
  createdBy: string;
  createdAt: string;
}

interface WatchRow {
  id: string;
  watcher: string;
  watcher_key: string;
  target_kind: string;
  target: string;
  target_key: string;
  created_by: string;
  created_at: unknown;
}

interface UpdateRow {
  id: string | number;
  release_id: string;
  author: string;
  health: string;
  text: string;
  posted_at: unknown;
}

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

function toWatch(row: WatchRow): StoredWatch {
  return {
    id: row.id,
    watcher: row.watcher,
    targetKind: row.target_kind as StoredWatch['targetKind'],
    target: row.target,
    createdBy: row.created_by,
    createdAt: fromDbTime(row.created_at),
  };
}

function toUpdate(row: UpdateRow): StatusUpdate {
  return {
    id: String(row.id),
    releaseId: row.release_id,
    author: row.author,
    health: row.health as StatusHealth,
    text: row.text,
    postedAt: fromDbTime(row.posted_at),
  };
}

/**
 * Watches of releases and catalog entities, status updates (each with its
 * history row), and the ledger that lets a scheduled job send each notice
 * once across replicas.
 */
export class WatchStore {
  constructor(private readonly knex: Knex) {}

  /**
   * Records a watch once per watcher and target (refs compare
   * case-insensitively): a repeat, also a concurrent one, answers the first
   * with `created: false`.
   */
  async add(
    watch: StoredWatch,
  ): Promise<{ watch: StoredWatch; created: boolean }> {
    return this.knex.transaction(async tx => {
      const key = {
        watcher_key: lower(watch.watcher),
        target_kind: watch.targetKind,
        target_key: lower(watch.target),
      };
      const existing: WatchRow | undefined = await tx('watches')
        .where(key)
        .first();
      if (existing) {
        return { watch: toWatch(existing), created: false };
      }
      const [{ count }] = await tx('watches')
        .where({ watcher_key: key.watcher_key })
        .count<Array<{ count: number | string }>>({ count: '*' });
      if (Number(count) >= MAX_WATCHES_PER_WATCHER) {
        throw conflictOn(
          watch.targetKind === 'release' ? 'releaseId' : 'entityRef',
          `a watcher may have at most ${MAX_WATCHES_PER_WATCHER} watches; remove some first`,
        );
      }
      const inserted = await tx('watches')
        .insert({
          id: watch.id,
          watcher: watch.watcher,
          target: watch.target,
          created_by: watch.createdBy,
          created_at: toDbTime(watch.createdAt),
          ...key,
        })
        .onConflict(['watcher_key', 'target_kind', 'target_key'])
        .ignore()
        .returning('id');
      if (inserted.length === 0) {
        return {
          watch: toWatch(await tx('watches').where(key).first()),
          created: false,
        };
      }
      return { watch, created: true };
    });
  }

  /** Watches whose watcher is one of these (a user and their groups), newest first. */
  async list(
    watchers: string[],
    page: { limit: number; offset: number },
  ): Promise<{ items: StoredWatch[]; totalCount: number }> {
    const base = this.knex('watches').whereIn(
      'watcher_key',
      watchers.map(lower),
    );
    const [{ count }] = await base
      .clone()
      .count<Array<{ count: number | string }>>({ count: '*' });
    const rows: WatchRow[] = await base
      .clone()
      .select('*')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(page.limit)
      .offset(page.offset);
    return { items: rows.map(toWatch), totalCount: Number(count) };
  }

  /** Deletes the watch if one of these watchers holds it; answers whether it did. */
  async remove(id: string, watchers: string[]): Promise<boolean> {
    if (!isStorableText(id)) {
      return false;
    }
    const deleted = await this.knex('watches')
      .where({ id })
      .whereIn('watcher_key', watchers.map(lower))
      .delete();
    return deleted > 0;
  }

  /** Watchers of the release, or of any of these entities. */
  async watchersOf(releaseId: string, entityRefs: string[]): Promise<string[]> {
    const rows: Array<{ watcher: string }> = await this.knex('watches')
      .where(q =>
        q
          .where({ target_kind: 'release', target_key: lower(releaseId) })
          .orWhere(inner =>
            inner
              .where('target_kind', 'entity')
              .whereIn('target_key', entityRefs.map(lower)),
          ),
      )
      .distinct('watcher');
    return rows.map(r => r.watcher);
  }

  /** Appends a status update with its history row. */
  async postUpdate(update: Omit<StatusUpdate, 'id'>): Promise<StatusUpdate> {
    return this.knex.transaction(async tx => {
      const [row] = await tx('release_status_updates')
        .insert({
          release_id: update.releaseId,
          author: update.author,
          health: update.health,
          text: update.text,
          posted_at: toDbTime(update.postedAt),
        })
        .returning('id');
      const id = String(typeof row === 'object' ? row.id : row);
      await recordReleaseEvent(tx, {
        releaseId: update.releaseId,
        type: 'status-update',
        actor: update.author,
        at: new Date(update.postedAt),
        reason: update.text,
        changes: {
          statusUpdate: { before: null, after: { id, health: update.health } },
        },
      });
      return { ...update, id };
    });
  }

  /** A release's status updates, newest first. */
  async updates(
    releaseId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: StatusUpdate[]; totalCount: number }> {
    const base = this.knex('release_status_updates').where({
      release_id: releaseId,
    });
    const [{ count }] = await base
      .clone()
      .count<Array<{ count: number | string }>>({ count: '*' });
    const rows: UpdateRow[] = await base
      .clone()
      .select('*')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset);
    return { items: rows.map(toUpdate), totalCount: Number(count) };
  }

  /** Claims a notice for sending: true for the one replica and run that recorded it first. */
  async claimNotice(
    key: string,
    releaseId: string,
    at: Date,
  ): Promise<boolean> {
    const inserted = await this.knex('release_notices')
      .insert({ notice_key: key, release_id: releaseId, sent_at: at })
      .onConflict('notice_key')
      .ignore()
      .returning('notice_key');
    return inserted.length > 0;
  }
}
