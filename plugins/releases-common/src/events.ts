import { z } from 'zod';
import { pageQuerySchema } from './schemas';

/**
 * An event a source received but could not map to a deployment or an incident.
 *
 * @public
 */
export interface UnmappedEvent {
  id: string;
  /** The event source's id, e.g. `github`. */
  source: string;
  /** The events-service topic it arrived on. */
  topic: string;
  /** Why it could not be recorded. */
  reason: string;
  /** What it was about, in a few words (repository, environment, alert, ...). */
  summary: string | null;
  /** The start of its payload, as received. */
  payloadExcerpt: string;
  /** How many times the same payload arrived (webhooks retry). */
  deliveries: number;
  firstReceivedAt: string;
  lastReceivedAt: string;
}

/**
 * An installed event source, with how many of its events could not be mapped.
 *
 * @public
 */
export interface EventSourceSummary {
  id: string;
  topics: string[];
  /** Distinct unmapped payloads still kept. */
  unmappedEvents: number;
  /** Their deliveries. */
  unmappedDeliveries: number;
}

/** @public */
export interface UnmappedEventsResponse {
  items: UnmappedEvent[];
  totalCount: number;
  limit: number;
  offset: number;
  sources: EventSourceSummary[];
}

/** @public */
export const listUnmappedEventsQuerySchema = pageQuerySchema.extend({
  source: z
    .string({ error: 'must be a string' })
    .trim()
    .max(100, 'must be at most 100 characters')
    .optional(),
});
