import {
  Incident,
  RecordIncidentRequest,
  Release,
  ReleaseReview,
  ReviewRequest,
} from '@backstage-itsm/plugin-releases-common';
import { CatalogReader } from '../catalog/CatalogFacts';
import { normalizeEntityRef } from '../catalog/refs';
import { EnvironmentConfig, requireEnvironment } from '../config';
import { assertExist } from '../releases/ReleaseService';
import { badField, conflictOn } from '../service/errors';
import { ReleaseEffects } from '../service/ReleaseEffects';
import { MetricsStore } from './MetricsStore';
import { ReviewStore } from './ReviewStore';

type ParsedReview = Required<ReviewRequest>;
type ParsedIncident = Omit<RecordIncidentRequest, 'resolvedAt'> & {
  resolvedAt?: string | null;
};

/**
 * Post-implementation reviews, incidents attributed to the deployment that
 * likely caused them, and the KPIs. Permissions are the authorizing layer's.
 */
export class ReviewService {
  private readonly clock: () => Date;

  constructor(
    private readonly options: {
      reviews: ReviewStore;
      metrics: MetricsStore;
      environments: EnvironmentConfig[];
      attributionWindowMs: number;
      effects?: ReleaseEffects;
      clock?: () => Date;
    },
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  getReview(releaseId: string): Promise<ReleaseReview | undefined> {
    return this.options.reviews.getReview(releaseId);
  }

  /** Records (or replaces) the review of a release in its review phase, with its history row. */
  async saveReview(
    release: Release,
    input: ParsedReview,
    reviewer: string,
  ): Promise<ReleaseReview> {
    if (release.phase !== 'review') {
      throw conflictOn(
        'outcome',
        `the release is in ${release.phase}; a post-implementation review is recorded in the review phase`,
      );
    }
    const review: ReleaseReview = {
      releaseId: release.id,
      outcome: input.outcome,
      wentWell: input.wentWell,
      wentWrong: input.wentWrong,
      actions: input.actions.map((a, i) => ({
        description: a.description,
        owner: a.owner.includes(':')
          ? a.owner
          : normalizeEntityRef(a.owner, 'user', `actions.${i}.owner`),
      })),
      reviewedBy: reviewer,
      reviewedAt: this.clock().toISOString(),
    };
    if (!(await this.options.reviews.saveReview(review, 'review'))) {
      throw conflictOn(
        'outcome',
        'the release left the review phase meanwhile; reload it',
      );
    }
    await this.options.effects?.releaseChanged(
      { ...release, outcome: review.outcome },
      { announce: false },
    );
    await this.options.effects?.reviewRecorded(release, review);
    return review;
  }

  async recordIncident(
    input: ParsedIncident,
    catalog: CatalogReader,
  ): Promise<{ incident: Incident; created: boolean }> {
    const entityRef = normalizeEntityRef(
      input.entityRef,
      'component',
      'entityRef',
    );
    requireEnvironment(this.options.environments, input.environment);
    if (
      input.resolvedAt &&
      Date.parse(input.resolvedAt) < Date.parse(input.openedAt)
    ) {
      throw badField('resolvedAt', 'must not be before openedAt');
    }
    await assertExist(catalog, [{ ref: entityRef, field: 'entityRef' }]);
    return this.options.reviews.recordIncident(
      {
        entityRef,
        environment: input.environment,
        severity: input.severity,
        title: input.title,
        openedAt: new Date(input.openedAt).toISOString(),
        resolvedAt: input.resolvedAt
          ? new Date(input.resolvedAt).toISOString()
          : null,
        url: input.url ?? null,
        source: input.source,
        externalId: input.externalId,
      },
      this.options.attributionWindowMs,
    );
  }

  listIncidents(
    filter: Parameters<ReviewStore['listIncidents']>[0],
    page: { limit: number; offset: number },
  ) {
    return this.options.reviews.listIncidents(filter, page);
  }

  metrics(
    query: Omit<
      Parameters<MetricsStore['metrics']>[0],
      'productionEnvironments'
    >,
  ) {
    return this.options.metrics.metrics({
      ...query,
      productionEnvironments: this.options.environments
        .filter(e => e.gated)
        .map(e => e.name),
    });
  }
}
