import {
  Incident,
  incidentCreatePermission,
  incidentReadPermission,
  metricsReadPermission,
  RecordIncidentRequest,
  releaseUpdatePermission,
  ReviewRequest,
} from '@backstage-itsm/plugin-releases-common';
import { NotFoundError } from '@backstage/errors';
import { AuthorizedConfigurationService } from '../configuration/AuthorizedConfigurationService';
import {
  ConfigurationService,
  Scope,
} from '../configuration/ConfigurationService';
import { readCondition, ReleaseAccess } from '../permissions/ReleaseAccess';
import { ReleaseVisibility } from '../permissions/ReleaseVisibility';
import { ReleaseStore } from '../releases/ReleaseStore';
import { Caller, readableRelease, releaseToActOn } from '../service/Callers';
import { ReviewService } from './ReviewService';

type ParsedIncident = Omit<RecordIncidentRequest, 'resolvedAt'> & {
  resolvedAt?: string | null;
};

/**
 * The authorizing layer of reviews, incidents and KPIs: read permission
 * before anything about a release, the route's own permission after;
 * incidents name only releases the caller may read, and the KPIs' release
 * figures count only those.
 */
export class AuthorizedReviewService {
  constructor(
    private readonly options: {
      service: ReviewService;
      releases: ReleaseStore;
      configuration: ConfigurationService;
      reporting: Pick<AuthorizedConfigurationService, 'assertMayReport'>;
      visibility: ReleaseVisibility;
    },
  ) {}

  async getReview(caller: Caller, id: string) {
    const release = await readableRelease(caller, this.options.releases, id);
    const review = await this.options.service.getReview(release.id);
    if (!review) {
      throw new NotFoundError(
        'The release has no post-implementation review yet',
      );
    }
    return review;
  }

  async saveReview(caller: Caller, id: string, input: Required<ReviewRequest>) {
    const release = await releaseToActOn(
      caller,
      this.options.releases,
      id,
      releaseUpdatePermission,
    );
    return this.options.service.saveReview(release, input, caller.actor);
  }

  async recordIncident(caller: Caller, input: ParsedIncident) {
    const access = await caller.access(incidentCreatePermission);
    access.assertAllowed(incidentCreatePermission);
    this.options.reporting.assertMayReport(caller, input.source);
    const result = await this.options.service.recordIncident(
      input,
      await caller.catalog(),
    );
    return {
      ...result,
      incident: (await this.redact(access, [result.incident]))[0],
    };
  }

  async listIncidents(
    caller: Caller,
    query: Scope & {
      releaseId?: string;
      environment?: string;
      from?: string;
      to?: string;
      limit: number;
      offset: number;
    },
  ) {
    const access = await caller.access(incidentReadPermission);
    access.assertAllowed(incidentReadPermission);
    if (query.releaseId) {
      // Asking by release is asking about the release.
      access.readable(
        await this.options.releases.get(query.releaseId),
        query.releaseId,
      );
    }
    const entityRefs = await this.options.configuration.resolveScope(
      query,
      await caller.catalog(),
    );
    const page = await this.options.service.listIncidents(
      {
        entityRefs,
        releaseId: query.releaseId,
        environment: query.environment,
        from: query.from,
        to: query.to,
      },
      { limit: query.limit, offset: query.offset },
    );
    return { ...page, items: await this.redact(access, page.items) };
  }

  async metrics(
    caller: Caller,
    query: Scope & { from: string; to: string; bucket: 'week' | 'month' },
  ) {
    const access = await caller.access(metricsReadPermission);
    access.assertAllowed(metricsReadPermission);
    const entityRefs = await this.options.configuration.resolveScope(
      query,
      await caller.catalog(),
    );
    return this.options.service.metrics({
      entityRefs,
      from: query.from,
      to: query.to,
      bucket: query.bucket,
      releaseCondition: readCondition(access.rows()),
    });
  }

  private async redact(
    access: ReleaseAccess,
    incidents: Incident[],
  ): Promise<Incident[]> {
    const visible = await this.options.visibility.readableIds(
      access,
      incidents.map(i => i.releaseId),
    );
    return incidents.map(i =>
      !i.releaseId || visible.has(i.releaseId) ? i : { ...i, releaseId: null },
    );
  }
}
