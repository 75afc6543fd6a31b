import { Page, UnmappedEvent } from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { fromDbTime } from '../database/time';

/** The start of a payload kept for administrators to see what arrived. */
const EXCERPT_LENGTH = 2000;

interface UnmappedEventRow {
  id: string | number;
  source: string;
  topic: string;
  reason: string;
  summary: string | null;
  payload_excerpt: string;
  deliveries: number | string;
  first_received_at: unknown;
  last_received_at: unknown;
}

function toUnmappedEvent(row: UnmappedEventRow): UnmappedEvent {
  return {
    id: String(row.id),
    source: row.source,
    topic: row.topic,
    reason: row.reason,
    summary: row.summary,
    payloadExcerpt: row.payload_excerpt,
    deliveries: Number(row.deliveries),
    firstReceivedAt: fromDbTime(row.first_received_at),
    lastReceivedAt: fromDbTime(row.last_received_at),
  };
}

function serialize(payload: unknown): string {
  try {
    return JSON.stringify(payload) ?? String(payload);
  } catch {
    return String(payload);
  }
}

/**
 * Events that could not be recorded, kept for administrators: one row per
 * source and distinct payload, counting its deliveries, so that a webhook's
 * retries count without crowding the list; concurrent deliveries on any
 * replica land on the same row.
 */
export class UnmappedEventStore {
  constructor(private readonly knex: Knex) {}

  async add(event: {
    source: string;
    topic: string;
    reason: string;
    summary?: string;
    payload: unknown;
    at: Date;
  }): Promise<void> {
    const text = serialize(event.payload);
    await this.knex('unmapped_events')
      .insert({
        source: event.source.slice(0, 100),
        topic: event.topic.slice(0, 200),
        payload_hash: createHash('sha256').update(text).digest('hex'),
        reason: event.reason.slice(0, 1000),
        summary: event.summary?.slice(0, 500) ?? null,
        payload_excerpt: text.slice(0, EXCERPT_LENGTH),
        deliveries: 1,
        first_received_at: event.at,
        last_received_at: event.at,
      })
      .onConflict(['source', 'payload_hash'])
      .merge({
        deliveries: this.knex.raw('unmapped_events.deliveries + 1'),
        last_received_at: event.at,
        reason: event.reason.slice(0, 1000),
      });
  }

  async list(
    filter: { source?: string },
    page: { limit: number; offset: number },
  ): Promise<Page<UnmappedEvent>> {
    const query = this.knex<UnmappedEventRow>('unmapped_events');
    if (filter.source) {
      query.where('source', filter.source);
    }
    const [{ count }] = await query
      .clone()
      .count<Array<{ count: number | string }>>({ count: '*' });
    const rows: UnmappedEventRow[] = await query
      .select('*')
      .orderBy([
        { column: 'last_received_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(page.limit)
      .offset(page.offset);
    return {
      items: rows.map(toUnmappedEvent),
      totalCount: Number(count),
      ...page,
    };
  }

  /** Per source: distinct unmapped payloads kept, and their deliveries. */
  async countsBySource(): Promise<
    Map<string, { events: number; deliveries: number }>
  > {
    const rows: Array<{
      source: string;
      events: number | string;
      deliveries: number | string | null;
    }> = await this.knex('unmapped_events')
      .select('source')
      .count({ events: '*' })
      .sum({ deliveries: 'deliveries' })
      .groupBy('source');
    return new Map(
      rows.map(r => [
        r.source,
        { events: Number(r.events), deliveries: Number(r.deliveries ?? 0) },
      ]),
    );
  }

  /** Forgets events last received before the given time. */
  async prune(before: Date): Promise<number> {
    return this.knex('unmapped_events')
      .where('last_received_at', '<', before)
      .delete();
  }
}
