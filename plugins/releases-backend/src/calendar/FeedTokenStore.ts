import { FeedToken } from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { isStorableText } from '../database/ReleasesDatabase';
import { fromDbTime, fromDbTimeOrNull } from '../database/time';

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
    await this.knex('feed_tokens').insert(row);
    return { ...toFeedToken(row), token };
  }

  async list(userRef: string): Promise<FeedToken[]> {
    const rows: FeedTokenRow[] = await this.knex('feed_tokens')
      .where({ user_ref: userRef })
      .orderBy('created_at', 'desc')
      .limit(100);
    return rows.map(toFeedToken);
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
