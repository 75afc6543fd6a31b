import {
  eventReadPermission,
  UnmappedEventsResponse,
} from '@backstage-itsm/plugin-releases-common';
import { ReleasesEventSource } from '@backstage-itsm/plugin-releases-node';
import { Caller } from '../service/Callers';
import { UnmappedEventStore } from './UnmappedEventStore';

/**
 * The authorizing layer of event ingestion: what could not be recorded is
 * for those the policy lets read events (administrators). Unmapped events
 * name no release.
 */
export class AuthorizedEventService {
  constructor(
    private readonly options: {
      sources: ReleasesEventSource[];
      unmapped: UnmappedEventStore;
    },
  ) {}

  async unmapped(
    caller: Caller,
    query: { source?: string; limit: number; offset: number },
  ): Promise<UnmappedEventsResponse> {
    (await caller.access(eventReadPermission)).assertAllowed(
      eventReadPermission,
    );
    const { unmapped, sources } = this.options;
    const [page, counts] = await Promise.all([
      unmapped.list(
        { source: query.source },
        { limit: query.limit, offset: query.offset },
      ),
      unmapped.countsBySource(),
    ]);
    const ids = [...new Set([...sources.map(s => s.id), ...counts.keys()])];
    return {
      ...page,
      sources: ids.sort().map(id => ({
        id,
        topics: sources.find(s => s.id === id)?.topics ?? [],
        unmappedEvents: counts.get(id)?.events ?? 0,
        unmappedDeliveries: counts.get(id)?.deliveries ?? 0,
      })),
    };
  }
}
