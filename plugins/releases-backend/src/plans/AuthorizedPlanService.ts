import {
  CalendarMilestone,
  CalendarTask,
  Page,
  MyWorkItem,
  Release,
  releaseManageRolesPermission,
  releaseManageTasksPermission,
  ReleasePlanSummary,
  releaseSignOffPermission,
  TaskStatus,
} from '@backstage-itsm/plugin-releases-common';
import { ReleaseFilter, ReleaseStore } from '../releases/ReleaseStore';
import { Caller, readableRelease, releaseToActOn } from '../service/Callers';
import { PlanService } from './PlanService';
import { PlanRowsRead } from './PlanStore';

type Params<K extends keyof PlanService> = PlanService[K] extends (
  ...args: infer A
) => unknown
  ? A
  : never;

/**
 * The authorizing layer of release plans: a release the caller may not read
 * is an unknown id (404) on every route; then the route's own permission
 * (403): `releases.release.manage-tasks` for tasks and milestones,
 * `.manage-roles` for roles, `.sign-off` for sign-offs (on top of being the
 * configured signer).
 */
export class AuthorizedPlanService {
  constructor(
    private readonly options: {
      service: PlanService;
      releases: ReleaseStore;
    },
  ) {}

  private readable(caller: Caller, id: string): Promise<Release> {
    return readableRelease(caller, this.options.releases, id);
  }

  /**
   * What a release read adds: its roles and its current phase's exit
   * criteria (the release is readable); `known` holds the plan's rows when
   * they were read with the release.
   */
  async summary(
    release: Release,
    known?: PlanRowsRead,
  ): Promise<ReleasePlanSummary> {
    const { service } = this.options;
    const [roles, exitCriteria] = await Promise.all([
      service.roles(release, known?.roles),
      service.exitCriteria.evaluate(release, known),
    ]);
    return { roles, exitCriteria };
  }

  async tasks(
    caller: Caller,
    id: string,
    filter: { phases?: string[]; statuses?: string[] },
  ) {
    const release = await this.readable(caller, id);
    const items = await this.options.service.tasks(release, filter);
    return { items, totalCount: items.length };
  }

  async addTask(caller: Caller, id: string, input: Params<'addTask'>[1]) {
    const release = await releaseToActOn(
      caller,
      this.options.releases,
      id,
      releaseManageTasksPermission,
    );
    return this.options.service.addTask(
      release,
      input,
      caller.actor,
      await caller.catalog(),
    );
  }

  async updateTask(
    caller: Caller,
    id: string,
    taskId: string,
    input: Params<'updateTask'>[2],
  ) {
    const release = await releaseToActOn(
      caller,
      this.options.releases,
      id,
      releaseManageTasksPermission,
    );
    return this.options.service.updateTask(
      release,
      taskId,
      input,
      caller.actor,
      await caller.catalog(),
    );
  }

  async milestones(caller: Caller, id: string) {
    const release = await this.readable(caller, id);
    return { items: await this.options.service.milestones(release) };
  }

  async setMilestones(
    caller: Caller,
    id: string,
    input: Params<'setMilestones'>[1],
  ) {
    const release = await releaseToActOn(
      caller,
      this.options.releases,
      id,
      releaseManageTasksPermission,
    );
    return {
      items: await this.options.service.setMilestones(
        release,
        input,
        caller.actor,
      ),
    };
  }

  async setRoles(
    caller: Caller,
    id: string,
    roles: Record<string, string | null>,
  ) {
    const release = await releaseToActOn(
      caller,
      this.options.releases,
      id,
      releaseManageRolesPermission,
    );
    return {
      roles: await this.options.service.setRoles(
        release,
        roles,
        caller.actor,
        await caller.catalog(),
      ),
    };
  }

  async exitCriteria(caller: Caller, id: string) {
    const release = await this.readable(caller, id);
    return this.options.service.exitCriteria.evaluate(release);
  }

  async signoffs(caller: Caller, id: string) {
    const release = await this.readable(caller, id);
    return this.options.service.signoffs(release, caller.userRef);
  }

  async signOff(caller: Caller, id: string, input: Params<'signOff'>[1]) {
    const release = await releaseToActOn(
      caller,
      this.options.releases,
      id,
      releaseSignOffPermission,
    );
    const result = await this.options.service.signOff(
      release,
      input,
      caller.userRef!,
    );
    return {
      ...result,
      signoffs: await this.options.service.signoffs(release, caller.userRef),
    };
  }

  async myWork(
    caller: Caller,
    query: { limit: number; offset: number; status?: TaskStatus[] },
  ): Promise<Page<MyWorkItem>> {
    const condition = (await caller.access()).listFilter();
    const statuses: TaskStatus[] =
      query.status && query.status.length > 0
        ? query.status
        : ['open', 'in_progress'];
    const result = await this.options.service.myWork(
      caller.userRef!,
      statuses,
      { limit: query.limit, offset: query.offset },
      condition,
    );
    return { ...result, limit: query.limit, offset: query.offset };
  }

  /** Calendar items of releases the filter (which carries the caller's read condition) lets through. */
  calendarItems(query: {
    from: string;
    to: string;
    include: Array<'milestones' | 'tasks'>;
    filter: ReleaseFilter;
    environment?: string;
  }): Promise<{ milestones?: CalendarMilestone[]; tasks?: CalendarTask[] }> {
    return this.options.service.calendarItems(query);
  }
}
