import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  FieldChange,
  MAX_TASKS_PER_RELEASE,
  OPEN_PHASES,
  ReleaseComponent,
  ReleasePhase,
  ReleaseTask,
  ReleaseType,
  Signoff,
  TaskEvidence,
  TaskStatus,
} from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { isStorableText } from '../database/ReleasesDatabase';
import { lockRelease, recordReleaseEvent } from '../database/releaseRows';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../database/time';
import { TransactionStep } from '../releases/ReleaseStore';
import {
  parsedJson,
  parsedRows,
  rowsOfRelease,
  RowsRead,
  RowsWithRelease,
} from '../releases/rowsWithRelease';
import { conflictOn } from '../service/errors';

interface TaskRow {
  id: string;
  release_id: string;
  position: number;
  title: string;
  phase: string;
  assignee: string | null;
  assignee_key: string | null;
  due_at: unknown;
  status: string;
  skip_reason: string | null;
  evidence: string;
  template: string | null;
  created_by: string;
  created_at: unknown;
  updated_by: string;
  updated_at: unknown;
  completed_by: string | null;
  completed_at: unknown;
  revision: number;
}

interface SignoffRow {
  id: string | number;
  release_id: string;
  round: number;
  name: string;
  signer: string;
  on_behalf_of: string;
  comment: string;
  signed_at: unknown;
}

/** Who holds a role of a release. */
export interface RoleHolding {
  roleId: string;
  holder: string;
  assignedBy: string;
  assignedAt: string;
}

interface RoleRow {
  release_id: string;
  role_id: string;
  holder: string;
  assigned_by: string;
  assigned_at: unknown;
}

function toRoleHolding(row: RoleRow): RoleHolding {
  return {
    roleId: row.role_id,
    holder: row.holder,
    assignedBy: row.assigned_by,
    assignedAt: fromDbTime(row.assigned_at),
  };
}

/** The release's revision of its plan and its sign-off round. */
export interface PlanState {
  planRevision: number;
  signoffRound: number;
}

/**
 * What the plan's reads answer for one release, read with it (see
 * RowsWithRelease): its roles, the tasks of its current phase, its sign-offs
 * and its plan state, each as the store's own read answers.
 */
export const planRowsWithRelease = {
  roles: {
    json: rowsOfRelease('release_roles', 'x', { orderBy: 'x.role_id' }),
    parse: value => parsedRows<RoleRow>(value).map(toRoleHolding),
  } satisfies RowsWithRelease<RoleHolding[]>,
  phaseTasks: {
    json: rowsOfRelease('release_tasks', 't', {
      orderBy: 't.position',
      where: 't.phase = releases.phase',
    }),
    parse: value => parsedRows<TaskRow>(value).map(toTask),
  } satisfies RowsWithRelease<ReleaseTask[]>,
  signoffs: {
    json: rowsOfRelease('release_signoffs', 's', { orderBy: 's.id desc' }),
    parse: value => parsedRows<SignoffRow>(value).map(toSignoff),
  } satisfies RowsWithRelease<Signoff[]>,
  planState: {
    json: `json_build_object('plan_revision', releases.plan_revision, 'signoff_round', releases.signoff_round)`,
    parse: value => toPlanState(parsedJson(value) as Record<string, unknown>),
  } satisfies RowsWithRelease<PlanState>,
};

/** The plan's rows of one release, read with it. */
export type PlanRowsRead = RowsRead<typeof planRowsWithRelease>;

function toPlanState(row: Record<string, unknown>): PlanState {
  return {
    planRevision: Number(row.plan_revision),
    signoffRound: Number(row.signoff_round),
  };
}

/** A milestone as stored: a phase's planned end and its buffer. */
export interface StoredMilestone {
  releaseId: string;
  phase: ReleasePhase;
  plannedEnd: string;
  bufferDays: number;
  updatedBy: string;
  updatedAt: string;
}

/** What a release's creation adds to its plan, in the same transaction (ids are the new release's). */
export interface InitialPlan {
  tasks: ReleaseTask[];
  milestones: StoredMilestone[];
  roles: RoleHolding[];
}

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

function toTask(row: TaskRow): ReleaseTask {
  return {
    id: row.id,
    releaseId: row.release_id,
    title: row.title,
    phase: row.phase as ReleasePhase,
    assignee: row.assignee,
    dueAt: fromDbTimeOrNull(row.due_at),
    status: row.status as TaskStatus,
    skipReason: row.skip_reason,
    evidence: JSON.parse(row.evidence) as TaskEvidence[],
    template: (row.template as ReleaseType | null) ?? null,
    createdBy: row.created_by,
    createdAt: fromDbTime(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: fromDbTime(row.updated_at),
    completedBy: row.completed_by,
    completedAt: fromDbTimeOrNull(row.completed_at),
    revision: Number(row.revision),
  };
}

function taskColumns(task: ReleaseTask) {
  return {
    title: task.title,
    phase: task.phase,
    assignee: task.assignee,
    assignee_key: task.assignee ? lower(task.assignee) : null,
    due_at: task.dueAt ? toDbTime(task.dueAt) : null,
    status: task.status,
    skip_reason: task.skipReason,
    evidence: JSON.stringify(task.evidence),
    updated_by: task.updatedBy,
    updated_at: toDbTime(task.updatedAt),
    completed_by: task.completedBy,
    completed_at: task.completedAt ? toDbTime(task.completedAt) : null,
  };
}

function toSignoff(row: SignoffRow): Signoff {
  return {
    id: String(row.id),
    releaseId: row.release_id,
    name: row.name,
    round: Number(row.round),
    signer: row.signer,
    onBehalfOf: row.on_behalf_of,
    comment: row.comment,
    signedAt: fromDbTime(row.signed_at),
  };
}

/** The fields of a task a change shows in the history. */
const TASK_HISTORY_FIELDS = [
  'title',
  'phase',
  'assignee',
  'dueAt',
  'status',
  'skipReason',
  'evidence',
] as const;

/** The plan's stake in the release row: bumped by every plan change, under the row lock. */
async function bumpPlan(tx: Knex.Transaction, releaseId: string) {
  await tx('releases').where({ id: releaseId }).increment('plan_revision', 1);
}

/**
 * Roles, tasks, milestones and sign-offs of releases. Every write locks the
 * release row, checks the release is still open, bumps its plan revision
 * and writes its history row, in one transaction: a phase move checked
 * against the plan sees the change or fails (see `guardStep`).
 */
export class PlanStore {
  constructor(private readonly knex: Knex) {}

  // -------------------------------------------------------------------------
  // Plan state

  async planState(releaseId: string): Promise<PlanState> {
    const row = await this.knex('releases')
      .where({ id: releaseId })
      .first('plan_revision', 'signoff_round');
    if (!row) {
      throw new NotFoundError(`No release with id ${releaseId}`);
    }
    return toPlanState(row);
  }

  /** A step that refuses a phase move when the plan changed after it was checked. */
  guardStep(releaseId: string, planRevision: number): TransactionStep {
    return async tx => {
      const row = await tx('releases')
        .where({ id: releaseId })
        .first('plan_revision');
      if (Number(row?.plan_revision) !== planRevision) {
        throw new ConflictError(
          'The release plan (tasks, roles or sign-offs) changed while the move was checked; reload it and try again',
        );
      }
    };
  }

  /**
   * A step that starts a new sign-off round when the current one has
   * sign-offs, adding `signoffs: { before: [names], after: [] }` to the
   * change's history.
   */
  resetSignoffsStep(releaseId: string): TransactionStep {
    return async tx => {
      const row = await tx('releases')
        .where({ id: releaseId })
        .first('signoff_round');
      const round = Number(row.signoff_round);
      const given: Array<{ name: string }> = await tx('release_signoffs')
        .where({ release_id: releaseId, round })
        .orderBy('id', 'asc')
        .select('name');
      if (given.length === 0) {
        return undefined;
      }
      await tx('releases')
        .where({ id: releaseId })
        .update({
          signoff_round: round + 1,
          plan_revision: tx.raw('plan_revision + 1'),
        });
      return {
        signoffs: { before: given.map(g => g.name), after: [] },
      };
    };
  }

  /** A step that writes a new release's initial plan (its checklist, milestones and default roles). */
  initialPlanStep(plan: InitialPlan): TransactionStep {
    return async (tx, { after: release }) => {
      const changes: Record<string, FieldChange> = {};
      if (plan.tasks.length > 0) {
        await tx('release_tasks').insert(
          plan.tasks.map((task, position) => ({
            id: task.id,
            release_id: task.releaseId,
            position,
            ...taskColumns(task),
            template: task.template,
            created_by: task.createdBy,
            created_at: toDbTime(task.createdAt),
            revision: task.revision,
          })),
        );
        changes.tasks = { before: null, after: plan.tasks.map(t => t.title) };
      }
      if (plan.milestones.length > 0) {
        await tx('release_milestones').insert(
          plan.milestones.map(milestoneRow),
        );
        changes.milestones = {
          before: null,
          after: plan.milestones.map(m => ({
            phase: m.phase,
            plannedEnd: m.plannedEnd,
            bufferDays: m.bufferDays,
          })),
        };
      }
      for (const role of plan.roles) {
        await tx('release_roles').insert({
          release_id: release.id,
          role_id: role.roleId,
          holder: role.holder,
          holder_key: lower(role.holder),
          assigned_by: role.assignedBy,
          assigned_at: toDbTime(role.assignedAt),
        });
        changes[`roles.${role.roleId}`] = { before: null, after: role.holder };
      }
      return changes;
    };
  }

  // -------------------------------------------------------------------------
  // Roles

  async roles(releaseIds: string[]): Promise<Map<string, RoleHolding[]>> {
    const result = new Map<string, RoleHolding[]>();
    const ids = releaseIds.filter(isStorableText);
    if (ids.length === 0) {
      return result;
    }
    const rows = await this.knex('release_roles')
      .whereIn('release_id', ids)
      .orderBy(['release_id', 'role_id']);
    for (const row of rows as RoleRow[]) {
      const list = result.get(row.release_id) ?? [];
      list.push(toRoleHolding(row));
      result.set(row.release_id, list);
    }
    return result;
  }

  /** Sets (or, with null, empties) the named roles; answers what changed. */
  async setRoles(
    releaseId: string,
    holders: Record<string, string | null>,
    actor: string,
    at: Date,
  ): Promise<Record<string, FieldChange>> {
    return this.knex.transaction(async tx => {
      await lockRelease(tx, releaseId, {
        open: { field: 'roles', what: 'its roles' },
      });
      const current = new Map<string, string>(
        (
          await tx('release_roles')
            .where({ release_id: releaseId })
            .select('role_id', 'holder')
        ).map((r: { role_id: string; holder: string }) => [
          r.role_id,
          r.holder,
        ]),
      );
      const changes: Record<string, FieldChange> = {};
      for (const [roleId, holder] of Object.entries(holders)) {
        const before = current.get(roleId) ?? null;
        if (before === holder) {
          continue;
        }
        changes[`roles.${roleId}`] = { before, after: holder };
        await tx('release_roles')
          .where({ release_id: releaseId, role_id: roleId })
          .delete();
        if (holder !== null) {
          await tx('release_roles').insert({
            release_id: releaseId,
            role_id: roleId,
            holder,
            holder_key: lower(holder),
            assigned_by: actor,
            assigned_at: at,
          });
        }
      }
      if (Object.keys(changes).length > 0) {
        await bumpPlan(tx, releaseId);
        await recordReleaseEvent(tx, {
          releaseId,
          type: 'roles-changed',
          actor,
          at,
          changes,
        });
      }
      return changes;
    });
  }

  // -------------------------------------------------------------------------
  // Tasks

  async tasks(
    releaseId: string,
    filter: { phases?: string[]; statuses?: string[] } = {},
  ): Promise<ReleaseTask[]> {
    const query = this.knex<TaskRow>('release_tasks')
      .where({ release_id: releaseId })
      .orderBy('position', 'asc');
    if (filter.phases?.length) {
      query.whereIn('phase', filter.phases);
    }
    if (filter.statuses?.length) {
      query.whereIn('status', filter.statuses);
    }
    return ((await query) as TaskRow[]).map(toTask);
  }

  async task(
    releaseId: string,
    taskId: string,
  ): Promise<ReleaseTask | undefined> {
    if (!isStorableText(taskId)) {
      return undefined;
    }
    const row = await this.knex<TaskRow>('release_tasks')
      .where({ release_id: releaseId, id: taskId })
      .first();
    return row ? toTask(row as TaskRow) : undefined;
  }

  async addTask(task: ReleaseTask): Promise<ReleaseTask> {
    return this.knex.transaction(async tx => {
      await lockRelease(tx, task.releaseId, {
        open: { field: 'phase', what: 'its tasks' },
      });
      const [{ count, last }] = await tx('release_tasks')
        .where({ release_id: task.releaseId })
        .select(tx.raw('count(*) as count'), tx.raw('max(position) as last'));
      if (Number(count) >= MAX_TASKS_PER_RELEASE) {
        throw conflictOn(
          'title',
          `a release may have at most ${MAX_TASKS_PER_RELEASE} tasks`,
        );
      }
      await tx('release_tasks').insert({
        id: task.id,
        release_id: task.releaseId,
        position: last === null || last === undefined ? 0 : Number(last) + 1,
        ...taskColumns(task),
        template: task.template,
        created_by: task.createdBy,
        created_at: toDbTime(task.createdAt),
        revision: task.revision,
      });
      await bumpPlan(tx, task.releaseId);
      await recordReleaseEvent(tx, {
        releaseId: task.releaseId,
        type: 'task-added',
        actor: task.createdBy,
        at: new Date(task.createdAt),
        reason: task.skipReason,
        changes: {
          task: {
            before: null,
            after: {
              id: task.id,
              title: task.title,
              phase: task.phase,
              assignee: task.assignee,
              dueAt: task.dueAt,
              status: task.status,
            },
          },
        },
      });
      return task;
    });
  }

  /**
   * Saves a task as changed, unless another change got there first: the
   * task must still be at `expectedRevision` (409 otherwise).
   */
  async updateTask(
    next: ReleaseTask,
    expectedRevision: number,
  ): Promise<ReleaseTask> {
    return this.knex.transaction(async tx => {
      await lockRelease(tx, next.releaseId, {
        open: { field: 'status', what: 'its tasks' },
      });
      const row: TaskRow | undefined = await tx('release_tasks')
        .where({ release_id: next.releaseId, id: next.id })
        .first();
      if (!row) {
        throw new NotFoundError(`The release has no task with id ${next.id}`);
      }
      const current = toTask(row);
      if (current.revision !== expectedRevision) {
        throw conflictOn(
          'revision',
          `the task is at revision ${current.revision}, not ${expectedRevision}; reload it and apply your change again`,
        );
      }
      const changes: Record<string, FieldChange> = {};
      for (const field of TASK_HISTORY_FIELDS) {
        if (JSON.stringify(current[field]) !== JSON.stringify(next[field])) {
          changes[`task.${field}`] = {
            before: current[field],
            after: next[field],
          };
        }
      }
      if (Object.keys(changes).length === 0) {
        return current;
      }
      const saved = { ...next, revision: current.revision + 1 };
      await tx('release_tasks')
        .where({ id: next.id, revision: current.revision })
        .update({ ...taskColumns(saved), revision: saved.revision });
      await bumpPlan(tx, next.releaseId);
      await recordReleaseEvent(tx, {
        releaseId: next.releaseId,
        type: 'task-updated',
        actor: next.updatedBy,
        at: new Date(next.updatedAt),
        reason: 'task.skipReason' in changes ? next.skipReason : null,
        changes: {
          task: { before: null, after: { id: next.id, title: next.title } },
          ...changes,
        },
      });
      return saved;
    });
  }

  /**
   * Tasks in the given statuses assigned to any of `assignees` (compared
   * case-insensitively), on open releases a read condition lets through;
   * those with the nearest due date first, undated last.
   */
  async assignedTo(
    assignees: string[],
    statuses: readonly TaskStatus[],
    page: { limit: number; offset: number },
    condition?: (query: Knex.QueryBuilder) => void,
  ): Promise<{ items: ReleaseTask[]; totalCount: number }> {
    const keys = [...new Set(assignees.map(lower))];
    const base = this.knex('release_tasks')
      .join('releases', 'releases.id', 'release_tasks.release_id')
      .whereIn('release_tasks.assignee_key', keys)
      .whereIn('release_tasks.status', statuses)
      .whereIn('releases.phase', OPEN_PHASES);
    if (condition) {
      base.where(condition);
    }
    const [{ count }] = await base
      .clone()
      .count<Array<{ count: number | string }>>({ count: '*' });
    const rows: TaskRow[] = await base
      .clone()
      .select('release_tasks.*')
      .orderByRaw(
        'CASE WHEN release_tasks.due_at IS NULL THEN 1 ELSE 0 END, release_tasks.due_at ASC, release_tasks.id ASC',
      )
      .limit(page.limit)
      .offset(page.offset);
    return { items: rows.map(toTask), totalCount: Number(count) };
  }

  /** Open and in-progress tasks of these releases due in [from, to]. */
  async dueBetween(
    releaseIds: string[],
    from: string,
    to: string,
  ): Promise<ReleaseTask[]> {
    if (releaseIds.length === 0) {
      return [];
    }
    const rows: TaskRow[] = await this.dueIn(
      this.knex('release_tasks'),
      from,
      to,
    )
      .whereIn('release_id', releaseIds)
      .orderBy([
        { column: 'due_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(2000);
    return rows.map(toTask);
  }

  private dueIn(query: Knex.QueryBuilder, from: string, to: string) {
    return query
      .whereIn('status', ['open', 'in_progress'])
      .whereBetween('due_at', [toDbTime(from), toDbTime(to)]);
  }

  /** Ids of releases with an open task due, or (with milestones) a milestone planned, in [from, to]. */
  releasesWithItemsIn(
    from: string,
    to: string,
    include: { tasks: boolean; milestones: boolean },
  ): Knex.QueryBuilder {
    const parts: Knex.QueryBuilder[] = [];
    if (include.tasks) {
      parts.push(
        this.dueIn(this.knex('release_tasks'), from, to).select('release_id'),
      );
    }
    if (include.milestones) {
      parts.push(
        this.knex('release_milestones')
          .select('release_id')
          .whereBetween('planned_end', [toDbTime(from), toDbTime(to)]),
      );
    }
    const [first, ...rest] = parts;
    return rest.length > 0 ? first.union(rest) : first;
  }

  // -------------------------------------------------------------------------
  // Milestones

  async milestones(
    releaseIds: string[],
    range?: { from: string; to: string },
  ): Promise<StoredMilestone[]> {
    const ids = releaseIds.filter(isStorableText);
    if (ids.length === 0) {
      return [];
    }
    const query = this.knex('release_milestones')
      .whereIn('release_id', ids)
      .orderBy(['release_id', 'planned_end', 'phase']);
    if (range) {
      query.whereBetween('planned_end', [
        toDbTime(range.from),
        toDbTime(range.to),
      ]);
    }
    return (await query).map(toMilestone);
  }

  /** Replaces the release's milestones; answers the ones it replaced. */
  async setMilestones(
    releaseId: string,
    milestones: StoredMilestone[],
    actor: string,
    at: Date,
  ): Promise<StoredMilestone[]> {
    return this.knex.transaction(async tx => {
      await lockRelease(tx, releaseId, {
        open: { field: 'milestones', what: 'its milestones' },
      });
      const current: StoredMilestone[] = (
        await tx('release_milestones').where({ release_id: releaseId })
      ).map(toMilestone);
      const shown = (list: StoredMilestone[]) =>
        [...list]
          .sort((a, b) => a.phase.localeCompare(b.phase))
          .map(m => ({
            phase: m.phase,
            plannedEnd: m.plannedEnd,
            bufferDays: m.bufferDays,
          }));
      if (
        JSON.stringify(shown(current)) === JSON.stringify(shown(milestones))
      ) {
        return current;
      }
      await tx('release_milestones').where({ release_id: releaseId }).delete();
      if (milestones.length > 0) {
        await tx('release_milestones').insert(milestones.map(milestoneRow));
      }
      await bumpPlan(tx, releaseId);
      await recordReleaseEvent(tx, {
        releaseId,
        type: 'milestones-changed',
        actor,
        at,
        changes: {
          milestones: { before: shown(current), after: shown(milestones) },
        },
      });
      return current;
    });
  }

  // -------------------------------------------------------------------------
  // Sign-offs

  /** Every sign-off of the release, newest first. */
  async signoffs(releaseId: string): Promise<Signoff[]> {
    const rows: SignoffRow[] = await this.knex('release_signoffs')
      .where({ release_id: releaseId })
      .orderBy('id', 'desc');
    return rows.map(toSignoff);
  }

  /**
   * Records a sign-off in the release's current round. One per name per
   * round: when the name was already signed off in the round (also by a
   * concurrent request, on any replica), answers that one, `created: false`.
   */
  async recordSignoff(
    signoff: Omit<Signoff, 'id' | 'round'>,
  ): Promise<{ signoff: Signoff; created: boolean }> {
    return this.knex.transaction(async tx => {
      const release = await lockRelease(tx, signoff.releaseId, {
        open: { field: 'name', what: 'its sign-offs' },
      });
      const round = release.signoffRound;
      const inserted: Array<{ id: string | number } | string | number> =
        await tx('release_signoffs')
          .insert({
            release_id: signoff.releaseId,
            round,
            name: signoff.name,
            signer: signoff.signer,
            on_behalf_of: signoff.onBehalfOf,
            comment: signoff.comment,
            signed_at: toDbTime(signoff.signedAt),
          })
          .onConflict(['release_id', 'round', 'name'])
          .ignore()
          .returning('id');
      if (inserted.length === 0) {
        const first: SignoffRow = await tx('release_signoffs')
          .where({ release_id: signoff.releaseId, round, name: signoff.name })
          .first();
        return { signoff: toSignoff(first), created: false };
      }
      await bumpPlan(tx, signoff.releaseId);
      await recordReleaseEvent(tx, {
        releaseId: signoff.releaseId,
        type: 'signed-off',
        actor: signoff.signer,
        at: new Date(signoff.signedAt),
        reason: signoff.comment,
        changes: {
          signoff: {
            before: null,
            after: {
              name: signoff.name,
              round,
              onBehalfOf: signoff.onBehalfOf,
            },
          },
        },
      });
      const [row] = inserted;
      const id = typeof row === 'object' ? row.id : row;
      return { signoff: { ...signoff, id: String(id), round }, created: true };
    });
  }

  // -------------------------------------------------------------------------
  // Deployments, for evidence and the pre-production criterion

  /** Of these deployment ids, those recorded. */
  async existingDeployments(ids: string[]): Promise<Set<string>> {
    const rows: Array<{ id: string | number }> = await this.knex('deployments')
      .whereIn('id', ids)
      .select('id');
    return new Set(rows.map(r => String(r.id)));
  }

  /**
   * Of the release's components, those deployed successfully to the
   * environment: at the release's version where it names one, otherwise
   * any deployment reported for this release.
   */
  async deployedComponents(
    releaseId: string,
    components: ReleaseComponent[],
    environment: string,
  ): Promise<Set<string>> {
    const deployed = new Set<string>();
    if (components.length === 0) {
      return deployed;
    }
    const rows: Array<{
      entity_ref: string;
      version: string;
      release_id: string | null;
    }> = await this.knex('deployments')
      .whereIn(
        'entity_ref',
        components.map(c => c.entityRef),
      )
      .where({ environment, status: 'succeeded' })
      .where(q =>
        q
          .whereIn(
            'version',
            components.flatMap(c => (c.version ? [c.version] : [])),
          )
          .orWhere('release_id', releaseId),
      )
      .distinct('entity_ref', 'version', 'release_id');
    for (const component of components) {
      if (
        rows.some(
          row =>
            row.entity_ref === component.entityRef &&
            (component.version
              ? row.version === component.version
              : row.release_id === releaseId),
        )
      ) {
        deployed.add(component.entityRef);
      }
    }
    return deployed;
  }
}

interface MilestoneRow {
  release_id: string;
  phase: string;
  planned_end: unknown;
  buffer_days: number;
  updated_by: string;
  updated_at: unknown;
}

function toMilestone(row: MilestoneRow): StoredMilestone {
  return {
    releaseId: row.release_id,
    phase: row.phase as ReleasePhase,
    plannedEnd: fromDbTime(row.planned_end),
    bufferDays: Number(row.buffer_days),
    updatedBy: row.updated_by,
    updatedAt: fromDbTime(row.updated_at),
  };
}

function milestoneRow(m: StoredMilestone): MilestoneRow {
  return {
    release_id: m.releaseId,
    phase: m.phase,
    planned_end: toDbTime(m.plannedEnd),
    buffer_days: m.bufferDays,
    updated_by: m.updatedBy,
    updated_at: toDbTime(m.updatedAt),
  };
}
