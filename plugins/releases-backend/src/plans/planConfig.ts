import { Config } from '@backstage/config';
import {
  OPEN_PHASES,
  RELEASE_TYPES,
  ReleasePhase,
  ReleaseRoleDefinition,
  ReleaseType,
} from '@backstage-itsm/plugin-releases-common';
import { z } from 'zod';
import { normalizeEntityRef } from '../catalog/refs';

/** A role as configured: who fills it at creation, if anyone. */
export interface RoleSettings extends ReleaseRoleDefinition {
  /** Filled at creation with the owning group or the creator. */
  defaultHolder?: 'owner' | 'creator';
}

/** A date relative to the release's planned window, in whole days. */
export interface RelativeDate {
  from: 'plannedStart' | 'plannedEnd';
  days: number;
}

export interface TaskTemplate {
  title: string;
  phase: ReleasePhase;
  /** `owner`, `creator`, or a user or group ref. */
  assignee?: string;
  due?: RelativeDate;
}

export interface MilestoneTemplate {
  phase: ReleasePhase;
  due: RelativeDate;
  bufferDays: number;
}

export interface ChecklistTemplate {
  tasks: TaskTemplate[];
  milestones: MilestoneTemplate[];
}

export interface SignoffSettings {
  name: string;
  /** Given by the holder of this role (any member when a group holds it)... */
  role?: string;
  /** ...or by any member of this group. */
  group?: string;
  /** Release types that need it; all when absent. */
  types?: ReleaseType[];
}

export interface PhaseExitSettings {
  /** The phase's tasks must be done or skipped. */
  tasks: boolean;
  signoffs: SignoffSettings[];
  /** The release's versions must have been deployed successfully here. */
  deployment?: { environment: string; types?: ReleaseType[] };
}

export interface PlanSettings {
  roles: RoleSettings[];
  checklists: Partial<Record<ReleaseType, ChecklistTemplate>>;
  exitCriteria: Record<ReleasePhase, PhaseExitSettings>;
  /** The role whose holder posts status updates. */
  statusUpdateRole: string;
}

export const DEFAULT_ROLES: RoleSettings[] = [
  {
    id: 'release-manager',
    title: 'Release manager',
    requiredToLeavePlan: false,
  },
  { id: 'change-manager', title: 'Change manager', requiredToLeavePlan: false },
  { id: 'qa-lead', title: 'QA lead', requiredToLeavePlan: false },
  {
    id: 'operations-contact',
    title: 'Operations contact',
    requiredToLeavePlan: false,
  },
];

/** A checklist may hold at most this many tasks. */
const MAX_TEMPLATE_TASKS = 50;

const phase = z.enum(
  OPEN_PHASES as unknown as [ReleasePhase, ...ReleasePhase[]],
  {
    error: `must be one of ${OPEN_PHASES.join(', ')}`,
  },
);
const types = z
  .array(
    z.enum(RELEASE_TYPES, {
      error: `must be one of ${RELEASE_TYPES.join(', ')}`,
    }),
  )
  .min(1, 'list at least one type');
const relativeDate = z.strictObject({
  from: z.enum(['plannedStart', 'plannedEnd'], {
    error: 'must be plannedStart or plannedEnd',
  }),
  days: z.number().int('must be a whole number').min(-365).max(365),
});
const name = z.string().trim().min(1, 'must not be empty').max(100);

const rolesSchema = z
  .array(
    z.strictObject({
      id: z
        .string()
        .regex(
          /^[a-z0-9][a-z0-9-]{0,62}$/,
          'must be lower-case letters, digits and "-"',
        ),
      title: name,
      requiredToLeavePlan: z.boolean().default(false),
      default: z
        .enum(['owner', 'creator'], { error: 'must be owner or creator' })
        .optional(),
    }),
  )
  .max(20, 'may list at most 20 roles');

const checklistSchema = z.strictObject({
  tasks: z
    .array(
      z.strictObject({
        title: z.string().trim().min(1, 'must not be empty').max(200),
        phase,
        assignee: z.string().trim().min(1).max(300).optional(),
        due: relativeDate.optional(),
      }),
    )
    .max(MAX_TEMPLATE_TASKS, `may list at most ${MAX_TEMPLATE_TASKS} tasks`)
    .default([]),
  milestones: z
    .array(
      z.strictObject({
        phase,
        due: relativeDate,
        bufferDays: z.number().int().min(0).max(90).default(0),
      }),
    )
    .default([]),
});

const phaseExitSchema = z.strictObject({
  tasks: z.boolean().default(true),
  signoffs: z
    .array(
      z.strictObject({
        name,
        role: z.string().optional(),
        group: z.string().optional(),
        types: types.optional(),
      }),
    )
    .max(10, 'may list at most 10 sign-offs')
    .default([]),
  deployment: z
    .strictObject({
      environment: z.string().min(1),
      types: types.optional(),
    })
    .optional(),
});

class PlanConfigError extends Error {}

function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  key: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path
      .map(p => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('');
    throw new PlanConfigError(`${key}${path}: ${issue.message}`);
  }
  return result.data;
}

/** `owner`, `creator`, or a full user or group ref (config is not resolved against the catalog at start-up). */
function readAssignee(raw: string, key: string): string {
  if (raw === 'owner' || raw === 'creator') {
    return raw;
  }
  if (!/^(user|group):/i.test(raw)) {
    throw new PlanConfigError(
      `${key}: "${raw}" must be owner, creator, or a user or group ref such as group:default/qa`,
    );
  }
  const kind = raw.slice(0, raw.indexOf(':')).toLocaleLowerCase('en-US');
  try {
    return normalizeEntityRef(raw, kind, key);
  } catch {
    throw new PlanConfigError(`${key}: "${raw}" is not a valid entity ref`);
  }
}

/**
 * Reads and checks `releases.roles`, `releases.checklists`,
 * `releases.exitCriteria` and `releases.statusUpdates`; a mistake stops the
 * backend at start-up with a message naming the setting.
 */
export function readPlanSettings(
  config: Config,
  environmentNames: string[],
): PlanSettings {
  const rawRoles = config.getOptional('releases.roles');
  const roles: RoleSettings[] =
    rawRoles === undefined
      ? DEFAULT_ROLES
      : parse(rolesSchema, rawRoles, 'releases.roles').map(r => ({
          id: r.id,
          title: r.title,
          requiredToLeavePlan: r.requiredToLeavePlan,
          ...(r.default ? { defaultHolder: r.default } : {}),
        }));
  const roleIds = roles.map(r => r.id);
  roles.forEach((role, index) => {
    if (roleIds.indexOf(role.id) !== index) {
      throw new PlanConfigError(
        `releases.roles[${index}].id: "${role.id}" is listed more than once`,
      );
    }
  });
  const knownRole = (id: string, key: string) => {
    if (!roleIds.includes(id)) {
      throw new PlanConfigError(
        `${key}: "${id}" is not a configured role (${
          roleIds.join(', ') || 'none'
        })`,
      );
    }
  };

  const checklists: PlanSettings['checklists'] = {};
  const rawChecklists = config.getOptionalConfig('releases.checklists');
  for (const type of rawChecklists?.keys() ?? []) {
    const key = `releases.checklists.${type}`;
    if (!(RELEASE_TYPES as readonly string[]).includes(type)) {
      throw new PlanConfigError(
        `${key}: "${type}" is not a release type (${RELEASE_TYPES.join(', ')})`,
      );
    }
    const checklist = parse(checklistSchema, rawChecklists!.get(type), key);
    checklists[type as ReleaseType] = {
      tasks: checklist.tasks.map((task, index) => ({
        title: task.title,
        phase: task.phase,
        ...(task.assignee
          ? {
              assignee: readAssignee(
                task.assignee,
                `${key}.tasks[${index}].assignee`,
              ),
            }
          : {}),
        ...(task.due ? { due: task.due } : {}),
      })),
      milestones: checklist.milestones,
    };
    const phases = checklist.milestones.map(m => m.phase);
    phases.forEach((p, index) => {
      if (phases.indexOf(p) !== index) {
        throw new PlanConfigError(
          `${key}.milestones[${index}].phase: ${p} is listed more than once`,
        );
      }
    });
  }

  const exitCriteria = Object.fromEntries(
    OPEN_PHASES.map(p => [p, { tasks: true, signoffs: [] }]),
  ) as unknown as Record<ReleasePhase, PhaseExitSettings>;
  const rawExit = config.getOptionalConfig('releases.exitCriteria');
  const signoffNames = new Set<string>();
  for (const phaseName of rawExit?.keys() ?? []) {
    const key = `releases.exitCriteria.${phaseName}`;
    if (!OPEN_PHASES.includes(phaseName as ReleasePhase)) {
      throw new PlanConfigError(
        `${key}: "${phaseName}" is not a phase a release can leave (${OPEN_PHASES.join(
          ', ',
        )})`,
      );
    }
    const parsed = parse(phaseExitSchema, rawExit!.get(phaseName), key);
    const signoffs = parsed.signoffs.map((signoff, index) => {
      const at = `${key}.signoffs[${index}]`;
      if (Boolean(signoff.role) === Boolean(signoff.group)) {
        throw new PlanConfigError(`${at}: give either role or group`);
      }
      if (signoffNames.has(signoff.name.toLocaleLowerCase('en-US'))) {
        throw new PlanConfigError(
          `${at}.name: "${signoff.name}" is used by another sign-off; names must be unique`,
        );
      }
      signoffNames.add(signoff.name.toLocaleLowerCase('en-US'));
      if (signoff.role) {
        knownRole(signoff.role, `${at}.role`);
      }
      return {
        name: signoff.name,
        ...(signoff.role ? { role: signoff.role } : {}),
        ...(signoff.group
          ? { group: normalizeEntityRef(signoff.group, 'group', `${at}.group`) }
          : {}),
        ...(signoff.types ? { types: signoff.types } : {}),
      };
    });
    if (
      parsed.deployment &&
      !environmentNames.includes(parsed.deployment.environment)
    ) {
      throw new PlanConfigError(
        `${key}.deployment.environment: "${
          parsed.deployment.environment
        }" is not a configured environment (${environmentNames.join(', ')})`,
      );
    }
    exitCriteria[phaseName as ReleasePhase] = {
      tasks: parsed.tasks,
      signoffs,
      ...(parsed.deployment ? { deployment: parsed.deployment } : {}),
    };
  }

  const statusUpdateRole =
    config.getOptionalString('releases.statusUpdates.role') ??
    'release-manager';
  knownRole(statusUpdateRole, 'releases.statusUpdates.role');

  return { roles, checklists, exitCriteria, statusUpdateRole };
}
