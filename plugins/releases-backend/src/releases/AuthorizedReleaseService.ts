import {
  ApprovalDecision,
  CreateReleaseRequest,
  ListReleasesQuery,
  Page,
  PlanningWarning,
  Release,
  releaseChangeTypePermission,
  releaseCreatePermission,
  ReleaseEvent,
  ReleaseApprovals,
  ReleasePlanSummary,
  ReleaseRole,
  ReleaseReview,
  releaseTransitionPermission,
  releaseUpdatePermission,
  TransitionRequest,
  UpdateReleaseRequest,
} from '@backstage-itsm/plugin-releases-common';
import { NotAllowedError } from '@backstage/errors';
import { decisionsWithRelease } from '../approvals/ApprovalStore';
import { PlanRowsRead, planRowsWithRelease } from '../plans/PlanStore';
import { reviewWithRelease } from '../review/ReviewStore';
import { Caller } from '../service/Callers';
import { releaseNotFound } from '../service/errors';
import { PageRequest } from './ReleaseStore';
import { ReleaseService } from './ReleaseService';
import { StaleRevisionError } from './errors';

/**
 * The rows the detail's parts show, read with the release where the database
 * can aggregate them (one statement on PostgreSQL instead of one per part).
 */
const detailRows = {
  decisions: decisionsWithRelease,
  review: reviewWithRelease,
  ...planRowsWithRelease,
};

/**
 * What the detail answer adds to a release. Each part is given the rows
 * read with the release, when they were (`undefined` otherwise: it reads its own).
 */
export interface ReleaseDetailParts {
  approvals(
    release: Release,
    viewer: string | undefined,
    decisions?: ApprovalDecision[],
  ): Promise<ReleaseApprovals>;
  review(
    releaseId: string,
    known?: ReleaseReview | null,
  ): Promise<ReleaseReview | undefined>;
  /** Its roles and its current phase's exit criteria. */
  plan?(release: Release, known?: PlanRowsRead): Promise<ReleasePlanSummary>;
  /** The roles of a list's releases, by release id. */
  roles?(releaseIds: string[]): Promise<Map<string, ReleaseRole[]>>;
}

/** Freezes and collisions a plan runs into, among the releases the caller may read. */
export interface PlanWarnings {
  warnings(release: Release, caller: Caller): Promise<PlanningWarning[]>;
}

type ParsedCreate = Omit<CreateReleaseRequest, 'description'> & {
  description: string;
};
type ParsedUpdate = Omit<UpdateReleaseRequest, 'revision'> & {
  revision: number;
};

/**
 * The authorizing layer of the release lifecycle: every route goes through
 * it. A release the caller may not read is answered as an unknown id (404)
 * on every route, writes included; a write is authorized against the
 * release as it is and as it will be, so that a policy about one kind of
 * release cannot be walked around by editing it into another.
 */
export class AuthorizedReleaseService {
  constructor(
    private readonly options: {
      service: ReleaseService;
      detail: ReleaseDetailParts;
      planWarnings: PlanWarnings;
    },
  ) {}

  async list(caller: Caller, query: ListReleasesQuery): Promise<Page<Release>> {
    const access = await caller.access();
    const condition = access.listFilter();
    const page = await this.options.service.list(
      query,
      await caller.catalog(),
      condition,
    );
    const rolesOf = this.options.detail.roles;
    if (!query.include?.includes('roles') || !rolesOf) {
      return page;
    }
    const roles = await rolesOf(page.items.map(r => r.id));
    return {
      ...page,
      items: page.items.map(r => ({ ...r, roles: roles.get(r.id) ?? [] })),
    };
  }

  async get(caller: Caller, id: string): Promise<Release> {
    const access = await caller.access();
    return access.readable(await this.options.service.find(id), id);
  }

  /** A release with what its page shows: its approvals, its review, its roles and exit criteria. */
  async detail(caller: Caller, id: string) {
    const access = await caller.access();
    const found = await this.options.service.findWith(id, detailRows);
    const release = access.readable(found?.release, id);
    const rows = found?.parts;
    const [approvals, review, plan] = await Promise.all([
      this.options.detail.approvals(release, caller.userRef, rows?.decisions),
      this.options.detail.review(release.id, rows?.review),
      this.options.detail.plan?.(release, rows),
    ]);
    return {
      ...release,
      // Judged as the release is now (lists carry it as of the last change).
      standardChange: approvals.standardChange ?? release.standardChange,
      approvals,
      review: review ?? null,
      ...plan,
    };
  }

  async events(
    caller: Caller,
    id: string,
    page: PageRequest,
  ): Promise<Page<ReleaseEvent>> {
    const release = await this.get(caller, id);
    return this.options.service.listEvents(release.id, page);
  }

  async create(caller: Caller, input: ParsedCreate) {
    const access = await caller.access(releaseCreatePermission);
    access.assertAllowed(releaseCreatePermission);
    const planned = await this.options.service.planCreate(
      input,
      caller.actor,
      await caller.catalog(),
    );
    // As with edits: nobody plans a release they would not be allowed to see.
    if (!access.canRead(planned)) {
      throw new NotAllowedError(
        'This release would be hidden from you; ask someone who may see it to plan it',
      );
    }
    const release = await this.options.service.create(planned, caller.actor);
    return {
      ...release,
      warnings: await this.options.planWarnings.warnings(release, caller),
    };
  }

  async update(caller: Caller, id: string, input: ParsedUpdate) {
    const access = await caller.access(
      releaseUpdatePermission,
      releaseChangeTypePermission,
    );
    const current = await this.get(caller, id);
    access.assertCan(releaseUpdatePermission, current);
    const edit = await this.options.service.planEdit(
      current.id,
      input,
      await caller.catalog(),
    );
    // Authorize the release as it will be, too.
    access.assertCan(releaseUpdatePermission, edit.next);
    if (edit.next.type !== edit.current.type) {
      access.assertCan(releaseChangeTypePermission, edit.current);
      access.assertCan(releaseChangeTypePermission, edit.next);
    }
    if (!access.canRead(edit.next)) {
      throw new NotAllowedError(
        'This edit would hide the release from you; ask someone who may see it as edited',
      );
    }
    let release: Release;
    try {
      release = await this.options.service.applyEdit(edit, caller.actor);
    } catch (error) {
      // The 409 shows the release as it is now only to those who may read it.
      if (
        error instanceof StaleRevisionError &&
        !access.canRead(error.current)
      ) {
        throw releaseNotFound(id);
      }
      throw error;
    }
    return {
      ...release,
      warnings: await this.options.planWarnings.warnings(release, caller),
    };
  }

  async transition(caller: Caller, id: string, input: TransitionRequest) {
    const access = await caller.access(releaseTransitionPermission);
    const current = await this.get(caller, id);
    access.assertCan(releaseTransitionPermission, current);
    return this.options.service.transition(
      current,
      input.to,
      input.reason,
      caller.actor,
    );
  }
}
