import { Incident } from '@backstage-itsm/plugin-releases-common';
import { ReleasesRecords } from '@backstage-itsm/plugin-releases-node';
import { eachAloneOnFailure, NextBatch } from '../database/NextBatch';
import { IncidentFilter, ReviewStore } from './ReviewStore';

const MAX_RECORDS = 100;

/**
 * The plugin's records as modules read them (gate checks, risk factors).
 * Concurrent reads share a statement (see NextBatch and
 * ReviewStore.incidentsOf), each answered as if read alone and never older
 * than its call, and failing only for its own input: the gate's incident
 * check reads on every decision and every recorded deployment.
 */
export function createReleasesRecords(reviews: ReviewStore): ReleasesRecords {
  const incidentReads = new NextBatch<
    { filter: IncidentFilter; limit: number },
    Incident[]
  >(eachAloneOnFailure(queries => reviews.incidentsOf(queries)));
  return {
    incidents: query =>
      incidentReads.submit({
        filter: {
          entityRefs: query.entityRefs,
          environment: query.environment,
          from: query.since?.toISOString(),
          open: query.open,
          severities: query.severities,
        },
        limit: Math.max(1, Math.min(query.limit ?? 20, MAX_RECORDS)),
      }),
  };
}
