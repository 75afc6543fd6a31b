import { createApiRef } from '@backstage/core-plugin-api';
import {
  ApprovalDecision,
  ApprovalDecisionRequest,
  ApprovalPolicy,
  Baseline,
  BaselineDiff,
  BaselineScope,
  CalendarResponse,
  CreatedFeedToken,
  CreateReleaseRequest,
  Deployment,
  DeploymentStatus,
  DryRunResult,
  FeedToken,
  FreezeWindowDefinition,
  GateResponse,
  ImpactResult,
  InboxItem,
  Incident,
  MetricsResponse,
  ReleaseReview,
  ReviewRequest,
  Page,
  PlanCheckRequest,
  PlanningWarning,
  ReleaseApprovals,
  VersionsMatrix,
  Release,
  ReleaseEvent,
  ReleasePhase,
  ReleaseType,
  TransitionRequest,
  UpdateReleaseRequest,
} from '@backstage-itsm/plugin-releases-common';

/** Filters of `GET /releases`; every filter narrows the result. */
export interface ListReleasesOptions {
  /** Releases touching this component (full ref). */
  entityRef?: string;
  /** Releases owned by this group or touching components it owns. */
  owner?: string;
  /** Releases touching components of this system (full ref). */
  system?: string;
  type?: ReleaseType[];
  phase?: ReleasePhase[];
  /** ISO-8601 bounds on the planned window. */
  from?: string;
  to?: string;
  /** Free-text search. */
  q?: string;
  /** By planned start; the backend defaults to `desc`. */
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export interface ListReleaseEventsOptions {
  limit?: number;
  offset?: number;
  order?: 'asc' | 'desc';
}

/** A deployment environment configured in the releases backend. */
export interface ReleaseEnvironment {
  name: string;
  order: number;
  /** Whether deploying to it needs an approval. */
  gated: boolean;
}

/** A release as saved, with the freezes and collisions it runs into. */
export type SavedRelease = Release & { warnings?: PlanningWarning[] };

/** Whose releases: one component, a system's components, or a group's. */
export interface ScopeOptions {
  entityRef?: string;
  system?: string;
  owner?: string;
}

export interface CalendarOptions extends ScopeOptions {
  from: string;
  to: string;
  type?: ReleaseType[];
  environment?: string;
}

export interface ListDeploymentsOptions extends ScopeOptions {
  environment?: string;
  status?: DeploymentStatus;
  authorized?: boolean;
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

export interface VersionsOptions extends ScopeOptions {
  limit?: number;
  offset?: number;
}

export type ExportFormat = 'csv' | 'json';

/** An audit list that downloads as CSV or JSON with its filters applied. */
export type ExportRequest =
  | { list: 'deployments'; options: ListDeploymentsOptions }
  | { list: 'versions'; options: VersionsOptions }
  | { list: 'baseline-diff'; baselineId: string; against: string };

export interface ReleasesApi {
  listReleases(options?: ListReleasesOptions): Promise<Page<Release>>;
  getRelease(id: string): Promise<Release>;
  createRelease(request: CreateReleaseRequest): Promise<SavedRelease>;
  /** Rejects with a 409 `ResponseError` when `request.revision` is stale. */
  updateRelease(
    id: string,
    request: UpdateReleaseRequest,
  ): Promise<SavedRelease>;
  transitionRelease(id: string, request: TransitionRequest): Promise<Release>;
  listReleaseEvents(
    id: string,
    options?: ListReleaseEventsOptions,
  ): Promise<Page<ReleaseEvent>>;
  listEnvironments(): Promise<{ items: ReleaseEnvironment[] }>;

  // Calendar
  getCalendar(options: CalendarOptions): Promise<CalendarResponse>;
  /** Freezes and collisions a plan would run into, before it is saved. */
  checkPlan(
    request: PlanCheckRequest,
  ): Promise<{ warnings: PlanningWarning[] }>;
  listFreezeWindows(): Promise<{ items: FreezeWindowDefinition[] }>;
  createFeedToken(name?: string): Promise<CreatedFeedToken>;
  listFeedTokens(): Promise<{ items: FeedToken[] }>;
  revokeFeedToken(id: string): Promise<void>;

  // Configuration items
  listDeployments(options?: ListDeploymentsOptions): Promise<Page<Deployment>>;
  getVersions(options?: VersionsOptions): Promise<VersionsMatrix>;
  createBaseline(name: string, scope: BaselineScope): Promise<Baseline>;
  listBaselines(options?: {
    limit?: number;
    offset?: number;
  }): Promise<Page<Baseline>>;
  diffBaseline(id: string, against?: string): Promise<BaselineDiff>;
  getImpact(entityRef: string, depth?: number): Promise<ImpactResult>;
  /** Downloads an audit list; resolves to the file and its suggested name. */
  exportList(
    request: ExportRequest,
    format: ExportFormat,
  ): Promise<{ blob: Blob; filename: string }>;

  // Approvals
  getApprovals(releaseId: string): Promise<ReleaseApprovals>;
  decide(
    releaseId: string,
    request: ApprovalDecisionRequest,
  ): Promise<{ decision: ApprovalDecision; approvals: ReleaseApprovals }>;
  getInbox(): Promise<{ items: InboxItem[]; totalCount: number }>;
  getPolicies(): Promise<{
    policies: ApprovalPolicy[];
    separationOfDuties: boolean;
  }>;
  dryRunPolicies(request: {
    policies: unknown[];
    separationOfDuties?: boolean;
    from: string;
    to: string;
  }): Promise<DryRunResult>;
  checkGate(query: {
    entityRef: string;
    environment: string;
    version?: string;
  }): Promise<GateResponse>;

  // Review and KPIs
  /** The post-implementation review; rejects with 404 when there is none yet. */
  getReview(releaseId: string): Promise<ReleaseReview>;
  submitReview(
    releaseId: string,
    request: ReviewRequest,
  ): Promise<ReleaseReview>;
  listIncidents(
    options?: ScopeOptions & {
      releaseId?: string;
      environment?: string;
      from?: string;
      to?: string;
      limit?: number;
      offset?: number;
    },
  ): Promise<Page<Incident>>;
  getMetrics(
    options: ScopeOptions & {
      from: string;
      to: string;
      bucket?: 'week' | 'month';
    },
  ): Promise<MetricsResponse>;
}

export const releasesApiRef = createApiRef<ReleasesApi>({
  id: 'plugin.releases.service',
});
