import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  CalendarMilestone,
  CalendarTask,
  CreateTaskRequest,
  FINISHED_TASK_STATUSES,
  isOpenPhase,
  MilestoneState,
  MyWorkItem,
  PHASE_PATH,
  PutMilestonesRequest,
  Release,
  ReleaseMilestone,
  ReleaseRole,
  ReleaseSignoffs,
  ReleaseTask,
  Signoff,
  SignoffRequest,
  TaskEvidence,
  TaskStatus,
  UpdateTaskRequest,
} from '@backstage-itsm/plugin-releases-common';
import { randomUUID } from 'node:crypto';
import { CatalogFacts, CatalogReader } from '../catalog/CatalogFacts';
import { assertExist } from '../releases/ReleaseService';
import {
  ReleaseFilter,
  ReleaseStore,
  TransactionStep,
} from '../releases/ReleaseStore';
import { badField, conflictOn, FieldInputError } from '../service/errors';
import { ReleaseEffects } from '../service/ReleaseEffects';
import { ExitCriteria, RequiredSignoff } from './ExitCriteria';
import { PlanSettings, RelativeDate } from './planConfig';
import { PlanStore, RoleHolding, StoredMilestone } from './PlanStore';
import { normalizeUserOrGroup, sameRef } from './principals';

const DAY = 24 * 3600 * 1000;

type ParsedCreateTask = Omit<CreateTaskRequest, 'status' | 'evidence'> & {
  status: TaskStatus;
  evidence: TaskEvidence[];
};
type ParsedUpdateTask = UpdateTaskRequest;
type ParsedSignoff = Required<SignoffRequest>;
type ParsedMilestones = {
  milestones: Array<
    Omit<PutMilestonesRequest['milestones'][number], 'bufferDays'> & {
      bufferDays: number;
    }
  >;
};

const isFinished = (status: TaskStatus) =>
  FINISHED_TASK_STATUSES.includes(status);

const at = (release: Release, date: RelativeDate) =>
  new Date(Date.parse(release[date.from]) + date.days * DAY).toISOString();

/** A milestone's state for a release as it is, at `now`. */
export function milestoneState(
  milestone: Pick<StoredMilestone, 'phase' | 'plannedEnd' | 'bufferDays'>,
  release: Pick<Release, 'phase'>,
  now: number,
): MilestoneState {
  if (release.phase === 'cancelled') {
    return 'cancelled';
  }
  if (PHASE_PATH.indexOf(release.phase) > PHASE_PATH.indexOf(milestone.phase)) {
    return 'done';
  }
  const end = Date.parse(milestone.plannedEnd);
  if (now <= end) {
    return 'on_track';
  }
  return now <= end + milestone.bufferDays * DAY ? 'in_buffer' : 'late';
}

/**
 * Release plans: roles and who holds them, tasks (from the release type's
 * checklist or added by hand), milestones, named sign-offs and the exit
 * criteria they feed, and "my work" across releases. Knows nothing of
 * permissions: the authorizing layer above it does.
 */
export class PlanService {
  private readonly clock: () => Date;

  constructor(
    private readonly options: {
      store: PlanStore;
      settings: PlanSettings;
      exitCriteria: ExitCriteria;
      releases: ReleaseStore;
      catalogFacts: CatalogFacts;
      effects?: ReleaseEffects;
      clock?: () => Date;
    },
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  get exitCriteria(): ExitCriteria {
    return this.options.exitCriteria;
  }

  // -------------------------------------------------------------------------
  // A new release's plan

  /** The new release's checklist, milestones and default role holders, written in its creation's transaction. */
  createdAlongside(release: Release): TransactionStep[] {
    const { settings, store } = this.options;
    const template = settings.checklists[release.type];
    const now = release.createdAt;
    const holders: Record<string, string> = {
      owner: release.owner,
      creator: release.createdBy,
    };
    const tasks: ReleaseTask[] = (template?.tasks ?? []).map(t => ({
      id: randomUUID(),
      releaseId: release.id,
      title: t.title,
      phase: t.phase,
      assignee: t.assignee ? holders[t.assignee] ?? t.assignee : null,
      dueAt: t.due ? at(release, t.due) : null,
      status: 'open',
      skipReason: null,
      evidence: [],
      template: release.type,
      createdBy: release.createdBy,
      createdAt: now,
      updatedBy: release.createdBy,
      updatedAt: now,
      completedBy: null,
      completedAt: null,
      revision: 1,
    }));
    const milestones: StoredMilestone[] = (template?.milestones ?? []).map(
      m => ({
        releaseId: release.id,
        phase: m.phase,
        plannedEnd: at(release, m.due),
        bufferDays: m.bufferDays,
        updatedBy: release.createdBy,
        updatedAt: now,
      }),
    );
    const roles: RoleHolding[] = settings.roles.flatMap(role =>
      role.defaultHolder
        ? [
            {
              roleId: role.id,
              holder: holders[role.defaultHolder],
              assignedBy: release.createdBy,
              assignedAt: now,
            },
          ]
        : [],
    );
    if (tasks.length + milestones.length + roles.length === 0) {
      return [];
    }
    return [store.initialPlanStep({ tasks, milestones, roles })];
  }

  // -------------------------------------------------------------------------
  // Roles

  /** The release's roles; `held` when its holdings were read with it. */
  async roles(release: Release, held?: RoleHolding[]): Promise<ReleaseRole[]> {
    if (held) {
      return this.rolesFrom([release.id], new Map([[release.id, held]])).get(
        release.id,
      )!;
    }
    return (await this.rolesOf([release.id])).get(release.id)!;
  }

  /** The roles of several releases (a list's page) in one query. */
  async rolesOf(releaseIds: string[]): Promise<Map<string, ReleaseRole[]>> {
    return this.rolesFrom(
      releaseIds,
      await this.options.store.roles(releaseIds),
    );
  }

  /** Every configured role of each release, with who holds it. */
  private rolesFrom(
    releaseIds: string[],
    held: Map<string, RoleHolding[]>,
  ): Map<string, ReleaseRole[]> {
    return new Map(
      releaseIds.map(id => [
        id,
        this.options.settings.roles.map(role => {
          const holding = held.get(id)?.find(h => h.roleId === role.id);
          return {
            id: role.id,
            title: role.title,
            requiredToLeavePlan: role.requiredToLeavePlan,
            holder: holding?.holder ?? null,
            assignedBy: holding?.assignedBy ?? null,
            assignedAt: holding?.assignedAt ?? null,
          };
        }),
      ]),
    );
  }

  /** Sets the named roles (null empties one); holders must exist in the catalog the caller sees. */
  async setRoles(
    release: Release,
    input: Record<string, string | null>,
    actor: string,
    catalog: CatalogReader,
  ): Promise<ReleaseRole[]> {
    const known = this.options.settings.roles.map(r => r.id);
    const holders: Record<string, string | null> = {};
    const toCheck: Array<{ ref: string; field: string }> = [];
    for (const [roleId, raw] of Object.entries(input)) {
      const field = `roles.${roleId}`;
      if (!known.includes(roleId)) {
        throw badField(
          field,
          `"${roleId}" is not a configured role (${known.join(', ')})`,
        );
      }
      holders[roleId] = raw === null ? null : normalizeUserOrGroup(raw, field);
      if (holders[roleId]) {
        toCheck.push({ ref: holders[roleId]!, field });
      }
    }
    await assertExist(catalog, toCheck);
    this.assertOpen(release, 'roles', 'its roles');
    await this.options.store.setRoles(release.id, holders, actor, this.clock());
    return this.roles(release);
  }

  // -------------------------------------------------------------------------
  // Tasks

  tasks(
    release: Release,
    filter: { phases?: string[]; statuses?: string[] },
  ): Promise<ReleaseTask[]> {
    return this.options.store.tasks(release.id, filter);
  }

  async addTask(
    release: Release,
    input: ParsedCreateTask,
    actor: string,
    catalog: CatalogReader,
  ): Promise<ReleaseTask> {
    this.assertOpen(release, 'phase', 'its tasks');
    const assignee = input.assignee
      ? normalizeUserOrGroup(input.assignee, 'assignee')
      : null;
    await this.checkReferences(catalog, assignee, input.evidence);
    const skipReason = this.skipReasonFor(input.status, input.skipReason, null);
    const now = this.clock().toISOString();
    return this.options.store.addTask({
      id: randomUUID(),
      releaseId: release.id,
      title: input.title,
      phase: input.phase,
      assignee,
      dueAt: input.dueAt ? new Date(input.dueAt).toISOString() : null,
      status: input.status,
      skipReason,
      evidence: input.evidence,
      template: null,
      createdBy: actor,
      createdAt: now,
      updatedBy: actor,
      updatedAt: now,
      completedBy: isFinished(input.status) ? actor : null,
      completedAt: isFinished(input.status) ? now : null,
      revision: 1,
    });
  }

  async updateTask(
    release: Release,
    taskId: string,
    input: ParsedUpdateTask,
    actor: string,
    catalog: CatalogReader,
  ): Promise<ReleaseTask> {
    const current = await this.options.store.task(release.id, taskId);
    if (!current) {
      throw new NotFoundError(`The release has no task with id ${taskId}`);
    }
    this.assertOpen(release, 'status', 'its tasks');
    const assignee =
      input.assignee === undefined
        ? current.assignee
        : input.assignee && normalizeUserOrGroup(input.assignee, 'assignee');
    const evidence = input.evidence ?? current.evidence;
    await this.checkReferences(
      catalog,
      input.assignee ? assignee : null,
      input.evidence ?? [],
    );
    const status = input.status ?? current.status;
    const now = this.clock().toISOString();
    // Who finished it and when: set as it becomes done or skipped, kept
    // while it stays so, cleared when it is reopened.
    let completed = { by: current.completedBy, at: current.completedAt };
    if (!isFinished(status)) {
      completed = { by: null, at: null };
    } else if (!isFinished(current.status)) {
      completed = { by: actor, at: now };
    }
    const next: ReleaseTask = {
      ...current,
      title: input.title ?? current.title,
      phase: input.phase ?? current.phase,
      assignee: assignee ?? null,
      dueAt:
        input.dueAt === undefined
          ? current.dueAt
          : input.dueAt && new Date(input.dueAt).toISOString(),
      status,
      skipReason: this.skipReasonFor(
        status,
        input.skipReason,
        current.skipReason,
      ),
      evidence,
      updatedBy: actor,
      updatedAt: now,
      completedBy: completed.by,
      completedAt: completed.at,
    };
    return this.options.store.updateTask(next, input.revision);
  }

  /** A skipped task says why; no other task keeps a reason. */
  private skipReasonFor(
    status: TaskStatus,
    given: string | null | undefined,
    current: string | null,
  ): string | null {
    if (status === 'skipped') {
      const reason = given === undefined ? current : given;
      if (!reason) {
        throw badField('skipReason', 'is required when a task is skipped');
      }
      return reason;
    }
    if (given) {
      throw badField('skipReason', 'is kept only for skipped tasks');
    }
    return null;
  }

  /** The assignee exists in the catalog the caller sees; evidence names recorded deployments. */
  private async checkReferences(
    catalog: CatalogReader,
    assignee: string | null,
    evidence: TaskEvidence[],
  ) {
    if (assignee) {
      await assertExist(catalog, [{ ref: assignee, field: 'assignee' }]);
    }
    const ids = evidence.flatMap((e, index) =>
      e.kind === 'deployment' ? [{ id: e.deploymentId, index }] : [],
    );
    if (ids.length > 0) {
      const found = await this.options.store.existingDeployments(
        ids.map(i => i.id),
      );
      const missing = ids.filter(i => !found.has(i.id));
      if (missing.length > 0) {
        throw new FieldInputError(
          missing.map(m => ({
            field: `evidence.${m.index}.deploymentId`,
            message: `no deployment with id ${m.id} was recorded`,
          })),
        );
      }
    }
  }

  /** Tasks assigned to the user or their groups, on open releases the condition lets through. */
  async myWork(
    userRef: string,
    statuses: readonly TaskStatus[],
    page: { limit: number; offset: number },
    condition?: ReleaseFilter['condition'],
  ): Promise<{ items: MyWorkItem[]; totalCount: number }> {
    const groups = await this.options.catalogFacts.groupsOf(userRef);
    const { items, totalCount } = await this.options.store.assignedTo(
      [userRef, ...groups],
      statuses,
      page,
      condition,
    );
    const releases = new Map(
      (
        await this.options.releases.getMany([
          ...new Set(items.map(t => t.releaseId)),
        ])
      ).map(r => [r.id, r]),
    );
    return {
      items: items.flatMap(task => {
        const release = releases.get(task.releaseId);
        return release
          ? [
              {
                task,
                release: {
                  id: release.id,
                  title: release.title,
                  type: release.type,
                  phase: release.phase,
                  owner: release.owner,
                  plannedStart: release.plannedStart,
                  plannedEnd: release.plannedEnd,
                },
              },
            ]
          : [];
      }),
      totalCount,
    };
  }

  // -------------------------------------------------------------------------
  // Milestones

  async milestones(release: Release): Promise<ReleaseMilestone[]> {
    const stored = await this.options.store.milestones([release.id]);
    return this.withState(stored, release);
  }

  private withState(
    stored: StoredMilestone[],
    release: Pick<Release, 'phase'>,
  ): ReleaseMilestone[] {
    const now = this.clock().getTime();
    return stored
      .map(m => ({
        ...m,
        bufferEnd: new Date(
          Date.parse(m.plannedEnd) + m.bufferDays * DAY,
        ).toISOString(),
        state: milestoneState(m, release, now),
      }))
      .sort(
        (a, b) => PHASE_PATH.indexOf(a.phase) - PHASE_PATH.indexOf(b.phase),
      );
  }

  /** Replaces the milestones; stakeholders hear of any that moved later. */
  async setMilestones(
    release: Release,
    input: ParsedMilestones,
    actor: string,
  ): Promise<ReleaseMilestone[]> {
    this.assertOpen(release, 'milestones', 'its milestones');
    const now = this.clock();
    const next: StoredMilestone[] = input.milestones.map(m => ({
      releaseId: release.id,
      phase: m.phase,
      plannedEnd: new Date(m.plannedEnd).toISOString(),
      bufferDays: m.bufferDays,
      updatedBy: actor,
      updatedAt: now.toISOString(),
    }));
    const before = await this.options.store.setMilestones(
      release.id,
      next,
      actor,
      now,
    );
    const slipped = next.filter(m => {
      const previous = before.find(b => b.phase === m.phase);
      return (
        previous && Date.parse(m.plannedEnd) > Date.parse(previous.plannedEnd)
      );
    });
    if (slipped.length > 0) {
      await this.options.effects?.toStakeholders(
        release,
        {
          topic: 'release-slip',
          title: `${release.title}: milestones slipped`,
          description: slipped
            .map(
              m =>
                `${m.phase} now ends ${m.plannedEnd} (was ${
                  before.find(b => b.phase === m.phase)!.plannedEnd
                }).`,
            )
            .join(' '),
          severity: 'normal',
          scope: `release-milestones:${release.id}:${now.getTime()}`,
        },
        actor,
      );
    }
    return this.milestones(release);
  }

  /** Milestones and due tasks in a calendar's range, of the releases the filter (scope, types, read condition) lets through. */
  async calendarItems(query: {
    from: string;
    to: string;
    include: Array<'milestones' | 'tasks'>;
    filter: ReleaseFilter;
    environment?: string;
  }): Promise<{ milestones?: CalendarMilestone[]; tasks?: CalendarTask[] }> {
    const include = {
      milestones: query.include.includes('milestones'),
      tasks: query.include.includes('tasks'),
    };
    const withItems = this.options.store.releasesWithItemsIn(
      query.from,
      query.to,
      include,
    );
    const releases = (
      await this.options.releases.list(
        {
          ...query.filter,
          condition: q => {
            query.filter.condition?.(q);
            q.whereIn('releases.id', withItems);
          },
        },
        { limit: 500, offset: 0, order: 'asc' },
      )
    ).items.filter(
      r => !query.environment || r.environments.includes(query.environment),
    );
    const byId = new Map(releases.map(r => [r.id, r]));
    const ids = [...byId.keys()];
    const result: { milestones?: CalendarMilestone[]; tasks?: CalendarTask[] } =
      {};
    if (include.milestones) {
      const stored = await this.options.store.milestones(ids, query);
      result.milestones = stored.map(m => {
        const [withState] = this.withState([m], byId.get(m.releaseId)!);
        return {
          releaseId: m.releaseId,
          phase: m.phase,
          plannedEnd: m.plannedEnd,
          bufferEnd: withState.bufferEnd,
          state: withState.state,
        };
      });
    }
    if (include.tasks) {
      result.tasks = (
        await this.options.store.dueBetween(ids, query.from, query.to)
      ).map(t => ({
        releaseId: t.releaseId,
        taskId: t.id,
        title: t.title,
        phase: t.phase,
        dueAt: t.dueAt!,
        status: t.status,
        assignee: t.assignee,
      }));
    }
    return result;
  }

  // -------------------------------------------------------------------------
  // Sign-offs

  async signoffs(
    release: Release,
    viewer: string | undefined,
  ): Promise<ReleaseSignoffs> {
    const { store, exitCriteria } = this.options;
    const [items, { signoffRound }, roles] = await Promise.all([
      store.signoffs(release.id),
      store.planState(release.id),
      this.roles(release),
    ]);
    const groups = viewer
      ? await this.options.catalogFacts.groupsOf(viewer)
      : [];
    return {
      releaseId: release.id,
      round: signoffRound,
      required: exitCriteria.requiredSignoffs(release).map(s => {
        const given = items.find(
          i => i.name === s.name && i.round === signoffRound,
        );
        const refusal = viewer
          ? this.refusal(s, viewer, groups, roles, release)
          : 'sign in as a user to sign off';
        return {
          name: s.name,
          phase: s.phase,
          role: s.role ?? null,
          group: s.group ?? null,
          signoff: given ?? null,
          viewer: this.viewerMaySign(given, refusal),
        };
      }),
      items,
    };
  }

  private viewerMaySign(
    given: Signoff | undefined,
    refusal: string | undefined,
  ): { canSign: boolean; reason?: string } {
    if (given) {
      return { canSign: false, reason: 'already signed off in this round' };
    }
    return refusal ? { canSign: false, reason: refusal } : { canSign: true };
  }

  /** Why `viewer` may not give the sign-off; undefined when they may. */
  private refusal(
    signoff: RequiredSignoff,
    viewer: string,
    groups: string[],
    roles: ReleaseRole[],
    release: Release,
  ): string | undefined {
    if (!isOpenPhase(release.phase)) {
      return `the release is ${release.phase}`;
    }
    const member = (group: string) => groups.some(g => sameRef(g, group));
    if (signoff.role) {
      const role = roles.find(r => r.id === signoff.role)!;
      if (!role.holder) {
        return `nobody holds the ${role.title} role; assign it first`;
      }
      const holds = sameRef(role.holder, viewer) || member(role.holder);
      return holds
        ? undefined
        : `only the ${role.title} (${role.holder}) may sign off ${signoff.name}`;
    }
    return member(signoff.group!)
      ? undefined
      : `only members of ${signoff.group} may sign off ${signoff.name}`;
  }

  /**
   * Records the viewer's sign-off in the current round. A repeat of their
   * own answers the first one (`created: false`); a name someone else
   * already signed off in the round is a 409.
   */
  async signOff(
    release: Release,
    input: ParsedSignoff,
    viewer: string,
  ): Promise<{ signoff: Signoff; created: boolean }> {
    const asked = this.options.exitCriteria.requiredSignoffs(release);
    const signoff = asked.find(
      s =>
        s.name.toLocaleLowerCase('en-US') ===
        input.name.toLocaleLowerCase('en-US'),
    );
    if (!signoff) {
      throw badField(
        'name',
        asked.length === 0
          ? 'this release asks for no sign-offs'
          : `"${input.name}" is not a sign-off this release asks for (${asked
              .map(s => s.name)
              .join(', ')})`,
      );
    }
    this.assertOpen(release, 'name', 'its sign-offs');
    const repeat = (existing: Signoff) => {
      if (!sameRef(existing.signer, viewer)) {
        throw conflictOn(
          'name',
          `${existing.name} was already signed off in this round by ${existing.signer}; a new round starts when what was signed off changes`,
        );
      }
      return { signoff: existing, created: false };
    };
    const { signoffRound } = await this.options.store.planState(release.id);
    const existing = (await this.options.store.signoffs(release.id)).find(
      s => s.name === signoff.name && s.round === signoffRound,
    );
    if (existing) {
      return repeat(existing);
    }
    const [groups, roles] = await Promise.all([
      this.options.catalogFacts.groupsOf(viewer),
      this.roles(release),
    ]);
    const refusal = this.refusal(signoff, viewer, groups, roles, release);
    if (refusal) {
      if (refusal.startsWith('only')) {
        throw new NotAllowedError(refusal);
      }
      throw conflictOn('name', refusal);
    }
    const recorded = await this.options.store.recordSignoff({
      releaseId: release.id,
      name: signoff.name,
      signer: viewer,
      onBehalfOf: signoff.role ?? signoff.group!,
      comment: input.comment,
      signedAt: this.clock().toISOString(),
    });
    return recorded.created ? recorded : repeat(recorded.signoff);
  }

  private assertOpen(release: Release, field: string, what: string) {
    if (!isOpenPhase(release.phase)) {
      throw conflictOn(
        field,
        `the release is ${release.phase}; ${what} can no longer change`,
      );
    }
  }
}
