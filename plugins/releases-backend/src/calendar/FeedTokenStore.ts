import {
  FeedToken,
  MAX_LIVE_FEED_TOKENS,
  Page,
} from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { isStorableText } from '../database/ReleasesDatabase';
import { fromDbTime, fromDbTimeOrNull } from '../database/time';
import { conflictOn } from '../service/errors';

interface FeedTokenRow {
  id: string;
  user_ref: string;
  name: string;
  token_hash: string;
  created_at: unknown;
  last_used_at: unknown;
  revoked_at: unknown;
}

const hash = (token: string) =>
  createHash('sha256').update(token).digest('hex');

function toFeedToken(row: FeedTokenRow): FeedToken {
  return {
    id: row.id,
    name: row.name,
    createdAt: fromDbTime(row.created_at),
    lastUsedAt: fromDbTimeOrNull(row.last_used_at),
    revokedAt: fromDbTimeOrNull(row.revoked_at),
  };
}

/** Feed tokens: random, stored hashed, scoped to one user, revocable. */
export class FeedTokenStore {
  constructor(private readonly knex: Knex) {}

  /** Mints a token; a user holds at most MAX_LIVE_FEED_TOKENS live ones (409 beyond). */
  async create(
    userRef: string,
    name: string,
  ): Promise<FeedToken & { token: string }> {
    const token = randomBytes(32).toString('base64url');
    const row: FeedTokenRow = {
      id: randomUUID(),
      user_ref: userRef,
      name,
      token_hash: hash(token),
      created_at: new Date(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.knex.transaction(async tx => {
      const [{ count }] = await tx('feed_tokens')
        .where({ user_ref: userRef })
        .whereNull('revoked_at')
        .count<Array<{ count: number | string }>>({ count: '*' });
      if (Number(count) >= MAX_LIVE_FEED_TOKENS) {
        throw conflictOn(
          'name',
          `you already have ${MAX_LIVE_FEED_TOKENS} live feed tokens; revoke one first`,
        );
      }
      await tx('feed_tokens').insert(row);
    });
    return { ...toFeedToken(row), token };
  }

  /** The user's tokens, live ones first then newest first, paged. */
  async list(
    userRef: string,
    page: { limit: number; offset: number; includeRevoked: boolean },
  ): Promise<Page<FeedToken>> {
    const base = this.knex('feed_tokens').where({ user_ref: userRef });
    if (!page.includeRevoked) {
      base.whereNull('revoked_at');
    }
    const [{ count }] = await base
      .clone()
      .count<Array<{ count: number | string }>>({ count: '*' });
    const rows: FeedTokenRow[] = await base
      .clone()
      .select('*')
      .orderByRaw('case when revoked_at is null then 0 else 1 end')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(page.limit)
      .offset(page.offset);
    return {
      items: rows.map(toFeedToken),
      totalCount: Number(count),
      limit: page.limit,
      offset: page.offset,
    };
  }

  /** Revokes one of the user's tokens; false when the user has no such token. */
  async revoke(userRef: string, id: string): Promise<boolean> {
    if (!isStorableText(id)) {
      return false;
    }
    const updated = await this.knex('feed_tokens')
      .where({ id, user_ref: userRef })
      .whereNull('revoked_at')
      .update({ revoked_at: new Date() });
    return updated === 1;
  }

  /** The user a live token belongs to, or undefined. */
  async resolve(token: string): Promise<string | undefined> {
    const row: FeedTokenRow | undefined = await this.knex('feed_tokens')
      .where({ token_hash: hash(token) })
      .whereNull('revoked_at')
      .first();
    if (!row) {
      return undefined;
    }
    await this.knex('feed_tokens')
      .where({ id: row.id })
      .update({ last_used_at: new Date() });
    return row.user_ref;
  }
}
