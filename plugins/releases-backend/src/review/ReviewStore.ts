import { ConflictError } from '@backstage/errors';
import {
  Incident,
  IncidentSeverity,
  Page,
  ReleaseOutcome,
  ReleaseReview,
} from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { pageWithTotal, rowsOfEach } from '../database/pages';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../database/time';
import { parsedRows, RowsWithRelease } from '../releases/rowsWithRelease';

interface ReviewRow {
  release_id: string;
  outcome: string;
  went_well: string;
  went_wrong: string;
  actions: string;
  reviewed_by: string;
  reviewed_at: unknown;
}

interface IncidentRow {
  id: string | number;
  entity_ref: string;
  environment: string;
  severity: string;
  title: string;
  opened_at: unknown;
  resolved_at: unknown;
  url: string | null;
  source: string;
  external_id: string;
  deployment_id: string | number | null;
  release_id: string | null;
  created_at: unknown;
}

/** Which incidents a read asks for. */
export interface IncidentFilter {
  entityRefs?: string[];
  releaseId?: string;
  environment?: string;
  from?: string;
  to?: string;
  /** Only unresolved incidents. */
  open?: boolean;
  /** Only incidents of these severities. */
  severities?: string[];
}

const NEWEST_INCIDENTS_FIRST = [
  { column: 'opened_at', order: 'desc' as const },
  { column: 'id', order: 'desc' as const },
];

function toReview(row: ReviewRow): ReleaseReview {
  return {
    releaseId: row.release_id,
    outcome: row.outcome as ReleaseOutcome,
    wentWell: row.went_well,
    wentWrong: row.went_wrong,
    actions: JSON.parse(row.actions),
    reviewedBy: row.reviewed_by,
    reviewedAt: fromDbTime(row.reviewed_at),
  };
}

/** The release's review, or null, as `ReviewStore.getReview` answers. */
export const reviewWithRelease: RowsWithRelease<ReleaseReview | null> = {
  json: `(select json_agg(v) from release_reviews v where v.release_id = releases.id)`,
  parse: value => {
    const [row] = parsedRows<ReviewRow>(value);
    return row ? toReview(row) : null;
  },
};

function toIncident(row: IncidentRow): Incident {
  return {
    id: String(row.id),
    entityRef: row.entity_ref,
    environment: row.environment,
    severity: row.severity as IncidentSeverity,
    title: row.title,
    openedAt: fromDbTime(row.opened_at),
    resolvedAt: fromDbTimeOrNull(row.resolved_at),
    url: row.url,
    source: row.source,
    externalId: row.external_id,
    deploymentId: row.deployment_id === null ? null : String(row.deployment_id),
    releaseId: row.release_id,
    createdAt: fromDbTime(row.created_at),
  };
}

export type NewIncident = Omit<
  Incident,
  'id' | 'createdAt' | 'deploymentId' | 'releaseId'
>;

/** Post-implementation reviews and incidents. */
export class ReviewStore {
  constructor(private readonly knex: Knex) {}

  async getReview(releaseId: string): Promise<ReleaseReview | undefined> {
    const row: ReviewRow | undefined = await this.knex('release_reviews')
      .where({ release_id: releaseId })
      .first();
    return row ? toReview(row) : undefined;
  }

  /**
   * Saves the review, the release's outcome and one history event together.
   * `expectedPhase` guards against a release that moved on meanwhile. The
   * release row is locked, so that two reviewers saving at once (on any
   * replica) are applied one after the other, each with its revision.
   */
  async saveReview(
    review: ReleaseReview,
    expectedPhase: string,
  ): Promise<boolean> {
    return this.knex.transaction(async tx => {
      const query = tx('releases').where({ id: review.releaseId }).first();
      if (this.knex.client.config.client === 'pg') {
        query.forUpdate();
      }
      const current = await query;
      if (!current || current.phase !== expectedPhase) {
        return false;
      }
      const previous: ReviewRow | undefined = await tx('release_reviews')
        .where({ release_id: review.releaseId })
        .first();
      const row = {
        release_id: review.releaseId,
        outcome: review.outcome,
        went_well: review.wentWell,
        went_wrong: review.wentWrong,
        actions: JSON.stringify(review.actions),
        reviewed_by: review.reviewedBy,
        reviewed_at: toDbTime(review.reviewedAt),
      };
      if (previous) {
        await tx('release_reviews')
          .where({ release_id: review.releaseId })
          .update(row);
      } else {
        await tx('release_reviews').insert(row);
      }
      // Where the KPIs of a component find its reviews.
      await tx('release_components')
        .where({ release_id: review.releaseId })
        .update({ reviewed_at: row.reviewed_at, review_outcome: row.outcome });
      const updated = await tx('releases')
        .where({ id: review.releaseId, revision: current.revision })
        .update({
          outcome: review.outcome,
          revision: Number(current.revision) + 1,
          updated_at: toDbTime(review.reviewedAt),
        });
      if (updated !== 1) {
        throw new ConflictError(
          `release ${review.releaseId} changed meanwhile; reload it`,
        );
      }
      await tx('release_events').insert({
        release_id: review.releaseId,
        type: 'reviewed',
        actor: review.reviewedBy,
        at: toDbTime(review.reviewedAt),
        reason: null,
        changes: JSON.stringify({
          outcome: { before: current.outcome ?? null, after: review.outcome },
        }),
      });
      return true;
    });
  }

  /**
   * Records an incident once per `source` + `externalId`, attributed to the
   * latest deployment of the entity in the environment inside the window
   * before it opened. A repeat may resolve it.
   */
  async recordIncident(
    incident: NewIncident,
    attributionWindowMs: number,
  ): Promise<{ incident: Incident; created: boolean }> {
    return this.knex.transaction(async tx => {
      const openedAt = toDbTime(incident.openedAt);
      const deployment = await tx('deployments')
        .where({
          entity_ref: incident.entityRef,
          environment: incident.environment,
        })
        .whereIn('status', ['succeeded', 'rolled_back'])
        .where('deployed_at', '<=', openedAt)
        .where(
          'deployed_at',
          '>=',
          new Date(openedAt.getTime() - attributionWindowMs),
        )
        .orderBy([
          { column: 'deployed_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .first('id', 'release_id');
      const inserted: Array<{ id: string | number }> = await tx('incidents')
        .insert({
          entity_ref: incident.entityRef,
          environment: incident.environment,
          severity: incident.severity,
          title: incident.title,
          opened_at: openedAt,
          resolved_at: incident.resolvedAt
            ? toDbTime(incident.resolvedAt)
            : null,
          url: incident.url,
          source: incident.source,
          external_id: incident.externalId,
          deployment_id: deployment ? Number(deployment.id) : null,
          release_id: deployment?.release_id ?? null,
          created_at: new Date(),
        })
        .onConflict(['source', 'external_id'])
        .ignore()
        .returning('id');
      const created = inserted.length === 1;
      if (created && deployment) {
        // Kept on the deployment, so the change failure rate never reads incidents.
        await tx('deployments')
          .where({ id: deployment.id })
          .increment('incident_count', 1);
      }
      if (!created && incident.resolvedAt) {
        await tx('incidents')
          .where({ source: incident.source, external_id: incident.externalId })
          .whereNull('resolved_at')
          .update({ resolved_at: toDbTime(incident.resolvedAt) });
      }
      const row: IncidentRow = await tx('incidents')
        .where({ source: incident.source, external_id: incident.externalId })
        .first();
      return { incident: toIncident(row), created };
    });
  }

  async listIncidents(
    filter: IncidentFilter,
    page: { limit: number; offset: number },
  ): Promise<Page<Incident>> {
    // One query for the page and its total.
    const { rows, totalCount } = await pageWithTotal<IncidentRow>(
      this.knex,
      this.incidentsMatching(filter),
      page,
      q => q.select('*').orderBy(NEWEST_INCIDENTS_FIRST),
    );
    return { items: rows.map(toIncident), totalCount, ...page };
  }

  /**
   * Each query's first `limit` incidents, newest first, as `listIncidents`
   * pages them, in one statement on PostgreSQL (see rowsOfEach): the gate's
   * incident check asks on every decision.
   */
  async incidentsOf(
    queries: Array<{ filter: IncidentFilter; limit: number }>,
  ): Promise<Incident[][]> {
    const answers = await rowsOfEach<IncidentRow>(
      this.knex,
      queries.map(query =>
        this.incidentsMatching(query.filter).select('*').limit(query.limit),
      ),
      NEWEST_INCIDENTS_FIRST,
    );
    return answers.map(rows => rows.map(toIncident));
  }

  private incidentsMatching(filter: IncidentFilter) {
    const query = this.knex<IncidentRow>('incidents');
    if (filter.open) query.whereNull('resolved_at');
    if (filter.entityRefs) query.whereIn('entity_ref', filter.entityRefs);
    if (filter.releaseId) query.where('release_id', filter.releaseId);
    if (filter.environment) query.where('environment', filter.environment);
    if (filter.severities) query.whereIn('severity', filter.severities);
    if (filter.from) query.where('opened_at', '>=', toDbTime(filter.from));
    if (filter.to) query.where('opened_at', '<=', toDbTime(filter.to));
    return query;
  }

  /** Production deployments of the components in the period and how many had an incident. */
  async changeFailures(
    entityRefs: string[],
    environments: string[],
    since: Date,
  ) {
    if (entityRefs.length === 0 || environments.length === 0) {
      return { deployments: 0, failed: 0 };
    }
    const [row] = await this.knex('deployments as d')
      .whereIn('d.entity_ref', entityRefs)
      .whereIn('d.environment', environments)
      .where('d.status', 'succeeded')
      .where('d.deployed_at', '>=', since)
      .select(
        this.knex.raw('count(*) as deployments'),
        this.knex.raw(
          'sum(case when exists (select 1 from incidents i where i.deployment_id = d.id) then 1 else 0 end) as failed',
        ),
      );
    return {
      deployments: Number(row?.deployments ?? 0),
      failed: Number(row?.failed ?? 0),
    };
  }
}
