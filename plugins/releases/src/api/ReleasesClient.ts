import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
  TransitionRequest,
  UpdateReleaseRequest,
} from '@backstage-itsm/plugin-releases-common';
import type {
  CreateTaskRequest,
  CreateWatchRequest,
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
  UpdateTaskRequest,
  Watch,
} from '@backstage-itsm/plugin-releases-common';
import type {
  AddCabItemRequest,
  CabAgendaItem,
  CabBoard,
  CabDecisionRequest,
  CabMeeting,
  CabMeetingSummary,
  DeclareFreezeRequest,
  RuntimeFreeze,
  StandardChangeTemplate,
} from '@backstage-itsm/plugin-releases-common';
import {
  CabDecisionResult,
  CalendarOptions,
  DecidedApproval,
  ReleaseDetails,
  ExportFormat,
  ExportRequest,
  ListDeploymentsOptions,
  ListReleaseEventsOptions,
  ListReleasesOptions,
  ReleaseEnvironment,
  ReleasesApi,
  SavedRelease,
  VersionsOptions,
} from './ReleasesApi';

type QueryValue = string | number | boolean | string[] | undefined;

const segment = (value: string) => encodeURIComponent(value);

/**
 * Talks to the releases backend over its REST API.
 *
 * @public
 */
export class ReleasesClient implements ReleasesApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listReleases(
    options: ListReleasesOptions = {},
  ): Promise<Page<Release>> {
    return this.request('/releases', {
      query: {
        entityRef: options.entityRef,
        owner: options.owner,
        system: options.system,
        type: options.type,
        phase: options.phase,
        from: options.from,
        to: options.to,
        q: options.q,
        order: options.order,
        include: options.include,
        limit: options.limit,
        offset: options.offset,
      },
    });
  }

  async getRelease(id: string): Promise<ReleaseDetails> {
    return this.request(`/releases/${encodeURIComponent(id)}`);
  }

  async createRelease(request: CreateReleaseRequest): Promise<SavedRelease> {
    return this.request('/releases', { method: 'POST', body: request });
  }

  async updateRelease(
    id: string,
    request: UpdateReleaseRequest,
  ): Promise<SavedRelease> {
    return this.request(`/releases/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      body: request,
    });
  }

  async transitionRelease(
    id: string,
    request: TransitionRequest,
  ): Promise<Release> {
    return this.request(`/releases/${encodeURIComponent(id)}/transitions`, {
      method: 'POST',
      body: request,
    });
  }

  async listReleaseEvents(
    id: string,
    options: ListReleaseEventsOptions = {},
  ): Promise<Page<ReleaseEvent>> {
    return this.request(`/releases/${encodeURIComponent(id)}/events`, {
      query: {
        limit: options.limit,
        offset: options.offset,
        order: options.order,
      },
    });
  }

  async listEnvironments(): Promise<{ items: ReleaseEnvironment[] }> {
    return this.request('/environments');
  }

  async getCalendar(options: CalendarOptions): Promise<CalendarResponse> {
    return this.request('/calendar', { query: { ...options } });
  }

  async checkPlan(
    request: PlanCheckRequest,
  ): Promise<{ warnings: PlanningWarning[] }> {
    return this.request('/calendar/check', { method: 'POST', body: request });
  }

  async listFreezeWindows(): Promise<{ items: FreezeWindowDefinition[] }> {
    return this.request('/freeze-windows');
  }

  async createFeedToken(name?: string): Promise<CreatedFeedToken> {
    return this.request('/feed-tokens', {
      method: 'POST',
      body: name ? { name } : {},
    });
  }

  async listFeedTokens(): Promise<{ items: FeedToken[] }> {
    return this.request('/feed-tokens');
  }

  async revokeFeedToken(tokenId: string): Promise<void> {
    await this.request(`/feed-tokens/${segment(tokenId)}`, {
      method: 'DELETE',
    });
  }

  async listDeployments(
    options: ListDeploymentsOptions = {},
  ): Promise<Page<Deployment>> {
    return this.request('/deployments', { query: { ...options } });
  }

  async getVersions(options: VersionsOptions = {}): Promise<VersionsMatrix> {
    return this.request('/versions', { query: { ...options } });
  }

  async createBaseline(name: string, scope: BaselineScope): Promise<Baseline> {
    return this.request('/baselines', {
      method: 'POST',
      body: { name, scope },
    });
  }

  async listBaselines(
    options: { limit?: number; offset?: number } = {},
  ): Promise<Page<Baseline>> {
    return this.request('/baselines', { query: { ...options } });
  }

  async diffBaseline(
    baselineId: string,
    against = 'current',
  ): Promise<BaselineDiff> {
    return this.request(`/baselines/${segment(baselineId)}/diff`, {
      query: { against },
    });
  }

  async getImpact(entityRef: string, depth?: number): Promise<ImpactResult> {
    return this.request('/impact', { query: { entityRef, depth } });
  }

  async exportList(
    request: ExportRequest,
    format: ExportFormat,
  ): Promise<{ blob: Blob; filename: string }> {
    let path: string;
    let query: Record<string, QueryValue>;
    if (request.list === 'baseline-diff') {
      path = `/baselines/${segment(request.baselineId)}/diff`;
      query = { against: request.against };
    } else {
      path = `/${request.list}`;
      const { limit, offset, ...filters } =
        request.options as ListDeploymentsOptions;
      query = { ...filters };
    }
    const response = await this.fetch(path, { query: { ...query, format } });
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const filename =
      /filename="([^"]+)"/.exec(disposition)?.[1] ??
      `${request.list}.${format}`;
    return { blob: await response.blob(), filename };
  }

  async decide(
    releaseId: string,
    request: ApprovalDecisionRequest,
  ): Promise<{ decision: ApprovalDecision; approvals: ReleaseApprovals }> {
    return this.request(`/releases/${segment(releaseId)}/approvals`, {
      method: 'POST',
      body: request,
    });
  }

  async getInbox(): Promise<{
    items: InboxItem[];
    totalCount: number;
    truncated?: boolean;
  }> {
    return this.request('/approvals/inbox');
  }

  async getDecided(
    options: { limit?: number; offset?: number } = {},
  ): Promise<{ items: DecidedApproval[]; totalCount: number }> {
    return this.request('/approvals/decided', { query: { ...options } });
  }

  async getPolicies(): Promise<{
    policies: ApprovalPolicy[];
    separationOfDuties: boolean;
  }> {
    return this.request('/policies');
  }

  async dryRunPolicies(request: {
    policies: unknown[];
    separationOfDuties?: boolean;
    from: string;
    to: string;
  }): Promise<DryRunResult> {
    return this.request('/policies/dry-run', { method: 'POST', body: request });
  }

  async checkGate(query: {
    entityRef: string;
    environment: string;
    version?: string;
  }): Promise<GateResponse> {
    return this.request('/gate', { query: { ...query } });
  }

  async submitReview(
    releaseId: string,
    request: ReviewRequest,
  ): Promise<ReleaseReview> {
    return this.request(`/releases/${segment(releaseId)}/review`, {
      method: 'POST',
      body: request,
    });
  }

  async listIncidents(
    options: Parameters<ReleasesApi['listIncidents']>[0] = {},
  ): Promise<Page<Incident>> {
    return this.request('/incidents', { query: { ...options } });
  }

  async getMetrics(
    options: Parameters<ReleasesApi['getMetrics']>[0],
  ): Promise<MetricsResponse> {
    return this.request('/metrics', { query: { ...options } });
  }

  // Release plans

  async listTasks(releaseId: string): Promise<{ items: ReleaseTask[] }> {
    return this.request(`/releases/${segment(releaseId)}/tasks`);
  }

  async createTask(
    releaseId: string,
    request: CreateTaskRequest,
  ): Promise<ReleaseTask> {
    return this.request(`/releases/${segment(releaseId)}/tasks`, {
      method: 'POST',
      body: request,
    });
  }

  async updateTask(
    releaseId: string,
    taskId: string,
    request: UpdateTaskRequest,
  ): Promise<ReleaseTask> {
    return this.request(
      `/releases/${segment(releaseId)}/tasks/${segment(taskId)}`,
      { method: 'PATCH', body: request },
    );
  }

  async listMilestones(
    releaseId: string,
  ): Promise<{ items: ReleaseMilestone[] }> {
    return this.request(`/releases/${segment(releaseId)}/milestones`);
  }

  async setMilestones(
    releaseId: string,
    request: PutMilestonesRequest,
  ): Promise<{ items: ReleaseMilestone[] }> {
    return this.request(`/releases/${segment(releaseId)}/milestones`, {
      method: 'PUT',
      body: request,
    });
  }

  async getExitCriteria(releaseId: string): Promise<ReleaseExitCriteria> {
    return this.request(`/releases/${segment(releaseId)}/exit-criteria`);
  }

  async getSignoffs(releaseId: string): Promise<ReleaseSignoffs> {
    return this.request(`/releases/${segment(releaseId)}/signoffs`);
  }

  async signOff(
    releaseId: string,
    request: { name: string; comment?: string },
  ): Promise<{ signoff: Signoff; signoffs: ReleaseSignoffs }> {
    return this.request(`/releases/${segment(releaseId)}/signoffs`, {
      method: 'POST',
      body: request,
    });
  }

  async setRoles(
    releaseId: string,
    roles: Record<string, string | null>,
  ): Promise<{ roles: ReleaseRole[] }> {
    return this.request(`/releases/${segment(releaseId)}/roles`, {
      method: 'PUT',
      body: { roles },
    });
  }

  async listWatches(
    options: { limit?: number; offset?: number } = {},
  ): Promise<Page<Watch>> {
    return this.request('/watches', { query: { ...options } });
  }

  async watch(request: CreateWatchRequest): Promise<Watch> {
    return this.request('/watches', { method: 'POST', body: request });
  }

  async unwatch(watchId: string): Promise<void> {
    await this.request(`/watches/${segment(watchId)}`, { method: 'DELETE' });
  }

  async listStatusUpdates(
    releaseId: string,
    options: { limit?: number; offset?: number } = {},
  ): Promise<Page<StatusUpdate>> {
    return this.request(`/releases/${segment(releaseId)}/updates`, {
      query: { ...options },
    });
  }

  async postStatusUpdate(
    releaseId: string,
    request: StatusUpdateRequest,
  ): Promise<StatusUpdate> {
    return this.request(`/releases/${segment(releaseId)}/updates`, {
      method: 'POST',
      body: request,
    });
  }

  async getReleaseNotes(releaseId: string): Promise<ReleaseNotes> {
    return this.request(`/releases/${segment(releaseId)}/notes`, {
      query: { format: 'json' },
    });
  }

  async updateReleaseNotes(
    releaseId: string,
    request: PutNotesRequest,
  ): Promise<ReleaseNotes> {
    return this.request(`/releases/${segment(releaseId)}/notes`, {
      method: 'PUT',
      body: request,
    });
  }

  async downloadReleaseNotes(
    releaseId: string,
  ): Promise<{ blob: Blob; filename: string }> {
    const response = await this.fetch(`/releases/${segment(releaseId)}/notes`, {
      query: { format: 'md' },
    });
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const filename =
      /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'release-notes.md';
    return { blob: await response.blob(), filename };
  }

  async getMyWork(
    options: Parameters<ReleasesApi['getMyWork']>[0] = {},
  ): Promise<Page<MyWorkItem>> {
    return this.request('/my-work', { query: { ...options } });
  }

  // Change governance

  async listCabBoards(): Promise<{ items: CabBoard[] }> {
    return this.request('/cab/boards');
  }

  async listCabMeetings(
    options: { board?: string; from?: string; to?: string } = {},
  ): Promise<{ items: CabMeetingSummary[] }> {
    return this.request('/cab/meetings', {
      query: { board: options.board, from: options.from, to: options.to },
    });
  }

  async getCabMeeting(meetingId: string): Promise<CabMeeting> {
    return this.request(`/cab/meetings/${segment(meetingId)}`);
  }

  async addCabItem(
    meetingId: string,
    request: AddCabItemRequest,
  ): Promise<CabAgendaItem> {
    return this.request(`/cab/meetings/${segment(meetingId)}/items`, {
      method: 'POST',
      body: request,
    });
  }

  async decideCabItem(
    meetingId: string,
    releaseId: string,
    request: CabDecisionRequest,
  ): Promise<CabDecisionResult> {
    return this.request(
      `/cab/meetings/${segment(meetingId)}/items/${segment(
        releaseId,
      )}/decision`,
      { method: 'POST', body: request },
    );
  }

  async setCabMinutes(meetingId: string, text: string): Promise<CabMeeting> {
    return this.request(`/cab/meetings/${segment(meetingId)}/minutes`, {
      method: 'PUT',
      body: { text },
    });
  }

  async listStandardChanges(): Promise<{ items: StandardChangeTemplate[] }> {
    return this.request('/standard-changes');
  }

  async listFreezes(
    options: {
      state?: 'current' | 'all';
      limit?: number;
      offset?: number;
    } = {},
  ): Promise<Page<RuntimeFreeze>> {
    return this.request('/freezes', {
      query: {
        state: options.state,
        limit: options.limit,
        offset: options.offset,
      },
    });
  }

  async declareFreeze(request: DeclareFreezeRequest): Promise<RuntimeFreeze> {
    return this.request('/freezes', { method: 'POST', body: request });
  }

  async liftFreeze(freezeId: string, reason?: string): Promise<RuntimeFreeze> {
    return this.request(`/freezes/${segment(freezeId)}`, {
      method: 'DELETE',
      ...(reason && { body: { reason } }),
    });
  }

  private async request<T>(
    path: string,
    options: {
      method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      query?: Record<string, QueryValue>;
      body?: unknown;
    } = {},
  ): Promise<T> {
    const response = await this.fetch(path, options);
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }

  private async fetch(
    path: string,
    options: {
      method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      query?: Record<string, QueryValue>;
      body?: unknown;
    } = {},
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('releases');
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}${toQueryString(options.query)}`,
      {
        method: options.method ?? 'GET',
        ...(options.body !== undefined && {
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(options.body),
        }),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

function toQueryString(query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') {
      continue;
    }
    if (Array.isArray(value)) {
      // The backend takes lists as `a,b`; an empty list means "no filter".
      if (value.length > 0) {
        params.set(key, value.join(','));
      }
    } else {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
