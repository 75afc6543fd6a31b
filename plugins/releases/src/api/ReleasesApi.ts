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
import type {
  CreateTaskRequest,
  CreateWatchRequest,
  CalendarInclude,
  ReleaseListInclude,
  PutMilestonesRequest,
  MyWorkItem,
  PutNotesRequest,
  ReleaseExitCriteria,
  ReleaseMilestone,
  ReleaseNotes,
  ReleaseRole,
  ReleaseSignoffs,
  ReleaseTask,
  Signoff,
  StatusUpdate,
  StatusUpdateRequest,
  TaskStatus,
  UpdateTaskRequest,
  Watch,
} from '@backstage-itsm/plugin-releases-common';
import type {
  AddCabItemRequest,
  CabAgendaItem,
  CabBoard,
  CabDecision,
  CabDecisionRequest,
  CabMeeting,
  CabMeetingSummary,
  DeclareFreezeRequest,
  RuntimeFreeze,
  StandardChangeTemplate,
} from '@backstage-itsm/plugin-releases-common';

/**
 * Filters of `GET /releases`; every filter narrows the result.
 *
 * @public
 */
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
  /** `roles`: each release with who holds its roles. */
  include?: ReleaseListInclude[];
  limit?: number;
  offset?: number;
}

/** @public */
export interface ListReleaseEventsOptions {
  limit?: number;
  offset?: number;
  order?: 'asc' | 'desc';
}

/**
 * A deployment environment configured in the releases backend.
 *
 * @public
 */
export interface ReleaseEnvironment {
  name: string;
  order: number;
  /** Whether deploying to it needs an approval. */
  gated: boolean;
}

/**
 * A release as saved, with the freezes and collisions it runs into.
 *
 * @public
 */
export type SavedRelease = Release & { warnings?: PlanningWarning[] };

/**
 * One release as `GET /releases/:id` answers it: the release with its
 * approvals and its post-implementation review (`null` when there is none).
 *
 * @public
 */
export type ReleaseDetails = Release & {
  approvals?: ReleaseApprovals | null;
  review?: ReleaseReview | null;
  /** Who holds each configured role (absent from backends without plans). */
  roles?: ReleaseRole[];
  /** The current phase's exit criteria (absent from backends without plans). */
  exitCriteria?: ReleaseExitCriteria;
};

/**
 * A decision the signed-in user made, with the release it was made on.
 *
 * @public
 */
export interface DecidedApproval {
  release: Release;
  decision: ApprovalDecision;
}

/**
 * Whose releases: one component, a system's components, or a group's.
 *
 * @public
 */
export interface ScopeOptions {
  entityRef?: string;
  system?: string;
  owner?: string;
}

/** @public */
export interface CalendarOptions extends ScopeOptions {
  from: string;
  to: string;
  type?: ReleaseType[];
  environment?: string;
  /** Also the milestones and the open tasks due in the range. */
  include?: CalendarInclude[];
}

/** @public */
export interface ListDeploymentsOptions extends ScopeOptions {
  environment?: string;
  status?: DeploymentStatus;
  authorized?: boolean;
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

/** @public */
export interface VersionsOptions extends ScopeOptions {
  limit?: number;
  offset?: number;
}

/** @public */
export type ExportFormat = 'csv' | 'json';

/**
 * An audit list that downloads as CSV or JSON with its filters applied.
 *
 * @public
 */
export type ExportRequest =
  | { list: 'deployments'; options: ListDeploymentsOptions }
  | { list: 'versions'; options: VersionsOptions }
  | { list: 'baseline-diff'; baselineId: string; against: string };

/** @public */
export interface ReleasesApi {
  listReleases(options?: ListReleasesOptions): Promise<Page<Release>>;
  /** The release with its approvals and review, in one request. */
  getRelease(id: string): Promise<ReleaseDetails>;
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
  decide(
    releaseId: string,
    request: ApprovalDecisionRequest,
  ): Promise<{ decision: ApprovalDecision; approvals: ReleaseApprovals }>;
  /**
   * What waits for the signed-in user's decision; `truncated` when more
   * open releases could need them than the inbox reads at once (the 500
   * planned soonest per stage).
   */
  getInbox(): Promise<{
    items: InboxItem[];
    totalCount: number;
    truncated?: boolean;
  }>;
  /** What the signed-in user decided, newest first. */
  getDecided(options?: {
    limit?: number;
    offset?: number;
  }): Promise<{ items: DecidedApproval[]; totalCount: number }>;
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

  // Release plans
  listTasks(releaseId: string): Promise<{ items: ReleaseTask[] }>;
  createTask(
    releaseId: string,
    request: CreateTaskRequest,
  ): Promise<ReleaseTask>;
  /** Rejects with a 409 `ResponseError` when `request.revision` is stale. */
  updateTask(
    releaseId: string,
    taskId: string,
    request: UpdateTaskRequest,
  ): Promise<ReleaseTask>;
  listMilestones(releaseId: string): Promise<{ items: ReleaseMilestone[] }>;
  /** Replaces the release's milestones: phases not listed have none afterwards. */
  setMilestones(
    releaseId: string,
    request: PutMilestonesRequest,
  ): Promise<{ items: ReleaseMilestone[] }>;
  getExitCriteria(releaseId: string): Promise<ReleaseExitCriteria>;
  getSignoffs(releaseId: string): Promise<ReleaseSignoffs>;
  signOff(
    releaseId: string,
    request: { name: string; comment?: string },
  ): Promise<{ signoff: Signoff; signoffs: ReleaseSignoffs }>;
  /** Role id → holder ref, or null to empty it; roles not named keep their holder. */
  setRoles(
    releaseId: string,
    roles: Record<string, string | null>,
  ): Promise<{ roles: ReleaseRole[] }>;
  listWatches(options?: {
    limit?: number;
    offset?: number;
  }): Promise<Page<Watch>>;
  watch(request: CreateWatchRequest): Promise<Watch>;
  unwatch(watchId: string): Promise<void>;
  listStatusUpdates(
    releaseId: string,
    options?: { limit?: number; offset?: number },
  ): Promise<Page<StatusUpdate>>;
  postStatusUpdate(
    releaseId: string,
    request: StatusUpdateRequest,
  ): Promise<StatusUpdate>;
  getReleaseNotes(releaseId: string): Promise<ReleaseNotes>;
  /** Rejects with a 409 `ResponseError` when `request.revision` is stale. */
  updateReleaseNotes(
    releaseId: string,
    request: PutNotesRequest,
  ): Promise<ReleaseNotes>;
  /** The notes as a Markdown file, with its suggested name. */
  downloadReleaseNotes(
    releaseId: string,
  ): Promise<{ blob: Blob; filename: string }>;
  /** Tasks assigned to the signed-in user or their groups; open and in progress unless told. */
  getMyWork(options?: {
    status?: TaskStatus[];
    limit?: number;
    offset?: number;
  }): Promise<Page<MyWorkItem>>;

  // Change governance
  listCabBoards(): Promise<{ items: CabBoard[] }>;
  /** Past and upcoming meetings; the backend defaults to 30 days back and 90 ahead. */
  listCabMeetings(options?: {
    board?: string;
    from?: string;
    to?: string;
  }): Promise<{ items: CabMeetingSummary[] }>;
  getCabMeeting(meetingId: string): Promise<CabMeeting>;
  addCabItem(
    meetingId: string,
    request: AddCabItemRequest,
  ): Promise<CabAgendaItem>;
  decideCabItem(
    meetingId: string,
    releaseId: string,
    request: CabDecisionRequest,
  ): Promise<CabDecisionResult>;
  setCabMinutes(meetingId: string, text: string): Promise<CabMeeting>;
  listStandardChanges(): Promise<{ items: StandardChangeTemplate[] }>;
  /** Runtime freezes in force or ahead (`current`, the default) or all of them. */
  listFreezes(options?: {
    state?: 'current' | 'all';
    limit?: number;
    offset?: number;
  }): Promise<Page<RuntimeFreeze>>;
  declareFreeze(request: DeclareFreezeRequest): Promise<RuntimeFreeze>;
  liftFreeze(freezeId: string, reason?: string): Promise<RuntimeFreeze>;
}

/**
 * What a CAB decision answers: the decision and the release's approvals as
 * they stand after it.
 *
 * @public
 */
export interface CabDecisionResult {
  decision: CabDecision;
  approvals: ReleaseApprovals;
}

/** @public */
export const releasesApiRef = createApiRef<ReleasesApi>({
  id: 'plugin.releases.service',
});
