import { ReleasesRecords } from '@backstage-itsm/plugin-releases-node';
import { ReviewStore } from './ReviewStore';

const MAX_RECORDS = 100;

/** The plugin's records as modules read them (gate checks, risk factors). */
export function createReleasesRecords(reviews: ReviewStore): ReleasesRecords {
  return {
    incidents: async query =>
      (
        await reviews.listIncidents(
          {
            entityRefs: query.entityRefs,
            environment: query.environment,
            from: query.since?.toISOString(),
            open: query.open,
            severities: query.severities,
          },
          {
            limit: Math.max(1, Math.min(query.limit ?? 20, MAX_RECORDS)),
            offset: 0,
          },
        )
      ).items,
  };
}
