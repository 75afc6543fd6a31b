import { z } from 'zod';
import { rangeProblem } from './limits';
import { OPEN_PHASES, ReleasePhase } from './phases';
import { listOf, pageQuerySchema } from './schemas';
import { Release, ReleaseType } from './types';
import type { ApprovalDecision, ApprovalStatus } from './approvals';
import type { ReleaseReview } from './review';

// ---------------------------------------------------------------------------
// Roles

/**
 * A role a release needs, as configured in `releases.roles`.
 *
 * @public
 */
export interface ReleaseRoleDefinition {
  /** e.g. `release-manager`. */
  id: string;
  /** e.g. `Release manager`. */
  title: string;
  /** The release cannot leave `plan` while the role is not filled. */
  requiredToLeavePlan: boolean;
}

/**
 * A role of one release and who holds it.
 *
 * @public
 */
export interface ReleaseRole extends ReleaseRoleDefinition {
  /** A user or group ref; null while nobody holds the role. */
  holder: string | null;
  assignedBy: string | null;
  assignedAt: string | null;
}

// ---------------------------------------------------------------------------
// Tasks and milestones

/** @public */
export const TASK_STATUSES = [
  'open',
  'in_progress',
  'done',
  'skipped',
] as const;
/** @public */
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * Statuses that count as finished for a phase's exit criteria.
 *
 * @public
 */
export const FINISHED_TASK_STATUSES: readonly TaskStatus[] = [
  'done',
  'skipped',
];

/**
 * What shows a task was done: a link, a CI run, or a recorded deployment.
 *
 * @public
 */
export type TaskEvidence =
  | { kind: 'link'; url: string }
  | { kind: 'ci_run'; url: string }
  | { kind: 'deployment'; deploymentId: string };

/** @public */
export interface ReleaseTask {
  id: string;
  releaseId: string;
  title: string;
  /** The phase the task belongs to: it must be done (or skipped) before the release leaves it. */
  phase: ReleasePhase;
  /** A user or group ref. */
  assignee: string | null;
  dueAt: string | null;
  status: TaskStatus;
  /** Why it was skipped; set exactly when the status is `skipped`. */
  skipReason: string | null;
  evidence: TaskEvidence[];
  /** The release type whose checklist added it; null for tasks added by hand. */
  template: ReleaseType | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  /** Who set it done or skipped, and when. */
  completedBy: string | null;
  completedAt: string | null;
  /** Increments on every change; PATCH must carry the revision it read. */
  revision: number;
}

/** @public */
export const MILESTONE_STATES = [
  'done',
  'on_track',
  'in_buffer',
  'late',
  'cancelled',
] as const;
/** @public */
export type MilestoneState = (typeof MILESTONE_STATES)[number];

/**
 * The planned end of a phase, with the buffer allowed for the unexpected.
 *
 * @public
 */
export interface ReleaseMilestone {
  releaseId: string;
  phase: ReleasePhase;
  plannedEnd: string;
  bufferDays: number;
  /** plannedEnd plus the buffer: later than this, the milestone is late. */
  bufferEnd: string;
  /**
   * `done`: the release left the phase; otherwise `on_track` until
   * plannedEnd, `in_buffer` until bufferEnd, `late` after;
   * `cancelled` for a cancelled release.
   */
  state: MilestoneState;
  updatedBy: string;
  updatedAt: string;
}

// ---------------------------------------------------------------------------
// Exit criteria and sign-offs

/** @public */
export const EXIT_CRITERION_KINDS = [
  'tasks',
  'role',
  'signoff',
  'deployment',
] as const;
/** @public */
export type ExitCriterionKind = (typeof EXIT_CRITERION_KINDS)[number];

/**
 * One thing that must hold before a release may leave its phase.
 *
 * @public
 */
export interface ExitCriterion {
  /** Stable within a phase: `tasks`, `role:<id>`, `signoff:<name>`, `deployment:<environment>`. */
  id: string;
  kind: ExitCriterionKind;
  /** e.g. `QA signed off`. */
  label: string;
  met: boolean;
  /** What is still missing, or what satisfied it. */
  detail: string;
}

/**
 * The exit criteria of a release's current phase.
 *
 * @public
 */
export interface ReleaseExitCriteria {
  phase: ReleasePhase;
  /** The phase an advance would move to; null for closed and cancelled releases. */
  next: ReleasePhase | null;
  /** Every criterion is met (also when there are none). */
  met: boolean;
  criteria: ExitCriterion[];
}

/** @public */
export interface Signoff {
  id: string;
  releaseId: string;
  /** The configured name, e.g. `QA`. */
  name: string;
  round: number;
  signer: string;
  /** The role id or the group the signer signed for. */
  onBehalfOf: string;
  comment: string;
  signedAt: string;
}

/**
 * A sign-off the release asks for, and whether it was given in the current round.
 *
 * @public
 */
export interface SignoffRequirement {
  name: string;
  /** The phase whose exit criteria ask for it. */
  phase: ReleasePhase;
  /** Given by the holder of this role (or a member of the group holding it)... */
  role: string | null;
  /** ...or by a member of this group. */
  group: string | null;
  /** Given in the current round; null while it is missing. */
  signoff: Signoff | null;
  /** Whether the signed-in user may give it now, and why not. */
  viewer: { canSign: boolean; reason?: string };
}

/** @public */
export interface ReleaseSignoffs {
  releaseId: string;
  /** Sign-offs count within a round; an edit of what was signed off starts a new one. */
  round: number;
  required: SignoffRequirement[];
  /** Every sign-off of every round, newest first. */
  items: Signoff[];
}

/**
 * What `GET /releases/:id` adds to a release about its plan.
 *
 * @public
 */
export interface ReleasePlanSummary {
  roles: ReleaseRole[];
  exitCriteria: ReleaseExitCriteria;
}

/**
 * A task assigned to the signed-in user or one of their groups, with its release.
 *
 * @public
 */
export interface MyWorkItem {
  task: ReleaseTask;
  release: Pick<
    Release,
    'id' | 'title' | 'type' | 'phase' | 'owner' | 'plannedStart' | 'plannedEnd'
  >;
}

/**
 * A milestone on the calendar (`include=milestones`).
 *
 * @public
 */
export interface CalendarMilestone {
  releaseId: string;
  phase: ReleasePhase;
  plannedEnd: string;
  bufferEnd: string;
  state: MilestoneState;
}

/**
 * A task due in the range on the calendar (`include=tasks`): open or in progress.
 *
 * @public
 */
export interface CalendarTask {
  releaseId: string;
  taskId: string;
  title: string;
  phase: ReleasePhase;
  dueAt: string;
  status: TaskStatus;
  assignee: string | null;
}

// ---------------------------------------------------------------------------
// Stakeholder communication

/** @public */
export type WatchTarget =
  | {
      kind: 'release';
      /** Null (with the title) when the watcher may no longer read the release. */
      releaseId: string | null;
      title: string | null;
    }
  | { kind: 'entity'; entityRef: string };

/**
 * Someone (a user, or a group for its members) watching a release or a catalog entity.
 *
 * @public
 */
export interface Watch {
  id: string;
  /** A user or group ref. */
  watcher: string;
  target: WatchTarget;
  createdBy: string;
  createdAt: string;
}

/** @public */
export const STATUS_HEALTH = ['on_track', 'at_risk', 'off_track'] as const;
/** @public */
export type StatusHealth = (typeof STATUS_HEALTH)[number];

/**
 * A status update the release manager posted.
 *
 * @public
 */
export interface StatusUpdate {
  id: string;
  releaseId: string;
  author: string;
  health: StatusHealth;
  text: string;
  postedAt: string;
}

// ---------------------------------------------------------------------------
// Release notes

/** @public */
export const NOTES_MODES = ['extend', 'override'] as const;
/** @public */
export type NotesMode = (typeof NOTES_MODES)[number];

/**
 * Generated release notes, with what people wrote beside them.
 *
 * @public
 */
export interface ReleaseNotes {
  releaseId: string;
  title: string;
  type: ReleaseType;
  phase: ReleasePhase;
  owner: string;
  plannedStart: string;
  plannedEnd: string;
  actualStart: string | null;
  actualEnd: string | null;
  generatedAt: string;
  components: Array<{
    entityRef: string;
    version: string | null;
    /**
     * Per target environment, the version that ran there before this
     * release (the latest successful deployment not of this release);
     * an environment the versions matrix knows nothing of is absent.
     */
    fromVersions: Record<string, string>;
  }>;
  /** Deployments recorded for the release, per environment; null when the caller may not read deployments. */
  deployments: Array<{
    environment: string;
    items: Array<{
      entityRef: string;
      version: string;
      status: string;
      deployedAt: string;
      url: string | null;
    }>;
  }> | null;
  tasks: Array<
    Pick<
      ReleaseTask,
      'title' | 'phase' | 'status' | 'assignee' | 'skipReason' | 'evidence'
    >
  >;
  signoffs: Array<Pick<Signoff, 'name' | 'signer' | 'signedAt' | 'comment'>>;
  approvals: {
    status: ApprovalStatus;
    decisions: Array<
      Pick<ApprovalDecision, 'approver' | 'decision' | 'comment' | 'decidedAt'>
    >;
  };
  review: Pick<
    ReleaseReview,
    | 'outcome'
    | 'wentWell'
    | 'wentWrong'
    | 'actions'
    | 'reviewedBy'
    | 'reviewedAt'
  > | null;
  /** What people wrote; null while nobody did. */
  edited: {
    mode: NotesMode;
    text: string;
    updatedBy: string;
    updatedAt: string;
  } | null;
  /** The notes' edit revision (0 before the first edit); PUT carries it. */
  revision: number;
  /** The notes as Markdown: the generated part, extended or overridden by the edited text. */
  markdown: string;
}

// ---------------------------------------------------------------------------
// Request schemas

const message = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${what}`;

const text = (max: number) =>
  z
    .string({ error: message('a string') })
    .trim()
    .max(max, `must be at most ${max} characters`);

const ref = text(300).min(1, 'must not be empty');

const OPEN_PHASE_VALUES = OPEN_PHASES as unknown as readonly [
  ReleasePhase,
  ...ReleasePhase[],
];

const openPhase = z.enum(OPEN_PHASE_VALUES, {
  error: message(`one of ${OPEN_PHASES.join(', ')}`),
});

const dateTime = z.iso.datetime({
  offset: true,
  error: message('an ISO-8601 date-time, e.g. 2026-12-01T09:00:00Z'),
});

/** A date of a plan lies within the planning horizon around now. */
function plannedDate<T extends Record<string, unknown>>(...fields: string[]) {
  return (ctx: { value: T; issues: { push(issue: object): void } }) => {
    for (const field of fields) {
      const value = ctx.value[field];
      if (typeof value !== 'string') {
        continue;
      }
      const problem = rangeProblem('planned', value, value);
      if (problem) {
        ctx.issues.push({
          code: 'custom',
          path: [field],
          message: problem.message,
          input: value,
        });
      }
    }
  };
}

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2000, 'must be at most 2000 characters');

/** @public */
export const taskEvidenceSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('link'), url: httpUrl }),
    z.strictObject({ kind: z.literal('ci_run'), url: httpUrl }),
    z.strictObject({
      kind: z.literal('deployment'),
      deploymentId: z
        .string({ error: message('a string') })
        .regex(/^[0-9]{1,18}$/, 'must be the id of a recorded deployment'),
    }),
  ],
  { error: message('one of link, ci_run, deployment (as kind)') },
);

const evidence = z
  .array(taskEvidenceSchema, { error: message('a list') })
  .max(10, 'may list at most 10 items');

const taskStatus = z.enum(TASK_STATUSES, {
  error: message(`one of ${TASK_STATUSES.join(', ')}`),
});

/** @public */
export const MAX_TASKS_PER_RELEASE = 200;

/** @public */
export const createTaskSchema = z
  .strictObject({
    title: text(200).min(1, 'is required'),
    phase: openPhase,
    assignee: ref.optional(),
    dueAt: dateTime.optional(),
    status: taskStatus.default('open'),
    skipReason: text(2000).optional(),
    evidence: evidence.default([]),
  })
  .check(plannedDate('dueAt'));

/** @public */
export type CreateTaskRequest = z.input<typeof createTaskSchema>;

/** @public */
export const updateTaskSchema = z
  .strictObject({
    revision: z
      .number({ error: message('a number') })
      .int('must be an integer')
      .min(1, 'must be at least 1'),
    title: text(200).min(1, 'must not be empty').optional(),
    phase: openPhase.optional(),
    /** null unassigns. */
    assignee: ref.nullable().optional(),
    /** null removes the due date. */
    dueAt: dateTime.nullable().optional(),
    status: taskStatus.optional(),
    skipReason: text(2000).nullable().optional(),
    evidence: evidence.optional(),
  })
  .check(plannedDate('dueAt'));

/** @public */
export type UpdateTaskRequest = z.input<typeof updateTaskSchema>;

/** @public */
export const listTasksQuerySchema = z.object({
  phase: listOf(OPEN_PHASE_VALUES).optional(),
  status: listOf(TASK_STATUSES).optional(),
});

/** @public */
export const MAX_MILESTONE_BUFFER_DAYS = 90;

/** @public */
export const putMilestonesSchema = z
  .strictObject({
    milestones: z
      .array(
        z
          .strictObject({
            phase: openPhase,
            plannedEnd: dateTime,
            bufferDays: z
              .number({ error: message('a number') })
              .int('must be an integer')
              .min(0, 'must not be negative')
              .max(
                MAX_MILESTONE_BUFFER_DAYS,
                `must be at most ${MAX_MILESTONE_BUFFER_DAYS}`,
              )
              .default(0),
          })
          .check(plannedDate('plannedEnd')),
        { error: message('a list') },
      )
      .max(
        OPEN_PHASES.length,
        `may list at most ${OPEN_PHASES.length} milestones`,
      ),
  })
  .check(ctx => {
    const seen = new Set<string>();
    ctx.value.milestones.forEach((m, index) => {
      if (seen.has(m.phase)) {
        ctx.issues.push({
          code: 'custom',
          path: ['milestones', index, 'phase'],
          message: `${m.phase} is listed twice`,
          input: m.phase,
        });
      }
      seen.add(m.phase);
    });
  });

/** @public */
export type PutMilestonesRequest = z.input<typeof putMilestonesSchema>;

/** @public */
export const MAX_ROLES = 20;

const roleId = z
  .string({ error: message('a string') })
  .min(1, 'must not be empty')
  .max(63, 'must be at most 63 characters');

/** @public */
export const putRolesSchema = z.strictObject({
  /** Role id → the user or group to hold it, or null to empty it; roles not named keep their holder. */
  roles: z
    // Role ids are matched as sent (not trimmed), so an error names the key
    // the client sent.
    .record(roleId, ref.nullable(), {
      error: message('an object of role id → holder'),
    })
    .check(ctx => {
      if (Object.keys(ctx.value).length > MAX_ROLES) {
        ctx.issues.push({
          code: 'custom',
          path: [],
          message: `may name at most ${MAX_ROLES} roles`,
          input: ctx.value,
        });
      }
    }),
});

/** @public */
export type PutRolesRequest = z.input<typeof putRolesSchema>;

/** @public */
export const signoffRequestSchema = z.strictObject({
  name: text(100).min(1, 'is required'),
  comment: text(5000).default(''),
});

/** @public */
export type SignoffRequest = z.input<typeof signoffRequestSchema>;

/** @public */
export const MAX_WATCHES_PER_WATCHER = 500;

/** @public */
export const createWatchSchema = z
  .strictObject({
    /** Watch a release... */
    releaseId: text(36).min(1, 'must not be empty').optional(),
    /** ...or a catalog entity: a component, a system or a group (the releases it owns). */
    entityRef: ref.optional(),
    /** Watch for a group you are a member of, instead of for yourself. */
    group: ref.optional(),
  })
  .check(ctx => {
    const given = [ctx.value.releaseId, ctx.value.entityRef].filter(
      v => v !== undefined,
    ).length;
    if (given !== 1) {
      for (const field of ['releaseId', 'entityRef']) {
        ctx.issues.push({
          code: 'custom',
          path: [field],
          message: 'give either releaseId or entityRef, not both',
          input: ctx.value,
        });
      }
    }
  });

/** @public */
export type CreateWatchRequest = z.input<typeof createWatchSchema>;

/** @public */
export const statusUpdateSchema = z.strictObject({
  text: text(5000).min(1, 'is required'),
  health: z
    .enum(STATUS_HEALTH, {
      error: message(`one of ${STATUS_HEALTH.join(', ')}`),
    })
    .default('on_track'),
});

/** @public */
export type StatusUpdateRequest = z.input<typeof statusUpdateSchema>;

/** @public */
export const notesQuerySchema = z.object({
  format: z
    .enum(['json', 'md'], { error: 'must be json or md' })
    .default('json'),
});

/** @public */
export const MAX_NOTES_LENGTH = 50_000;

/** @public */
export const putNotesSchema = z.strictObject({
  mode: z
    .enum(NOTES_MODES, { error: message(`one of ${NOTES_MODES.join(', ')}`) })
    .default('extend'),
  /** Empty: back to the generated notes alone. */
  text: z
    .string({ error: message('a string') })
    .max(MAX_NOTES_LENGTH, `must be at most ${MAX_NOTES_LENGTH} characters`),
  /** The notes' revision as read (0 before the first edit). */
  revision: z
    .number({ error: message('a number') })
    .int('must be an integer')
    .min(0, 'must not be negative'),
});

/** @public */
export type PutNotesRequest = z.input<typeof putNotesSchema>;

/** @public */
export const myWorkQuerySchema = pageQuerySchema.extend({
  /** Default: open and in_progress. */
  status: listOf(TASK_STATUSES).optional(),
});
