import { z } from 'zod';
import { FreezeSelector } from './calendar';
import { POLICY_LIMITS } from './limits';
import { boundedRange } from './schemas';
import type { StandardChangeState } from './standardChanges';
import { Release, RELEASE_TYPES, ReleaseType } from './types';

/** @public */
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
/** @public */
export type RiskLevel = (typeof RISK_LEVELS)[number];

/**
 * One `require` entry: `count` members of a group, or of the release's owning group.
 *
 * @public
 */
export interface ApprovalRequirement {
  group?: string;
  owner?: boolean;
  count: number;
}

/**
 * An approval policy as written in `releases.approvalPolicies`.
 *
 * @public
 */
export interface ApprovalPolicy {
  name: string;
  description?: string;
  when: {
    types?: ReleaseType[];
    environments?: string[];
    riskLevels?: RiskLevel[];
    selector?: FreezeSelector;
  };
  require: ApprovalRequirement[];
  /** Emergency releases may deploy first; these approvals are then due within `days`. */
  reviewAfter?: { days: number };
}

/** @public */
export const APPROVAL_DECISIONS = ['approved', 'rejected'] as const;
/** @public */
export type ApprovalDecisionValue = (typeof APPROVAL_DECISIONS)[number];

/** @public */
export interface ApprovalDecision {
  id: string;
  releaseId: string;
  round: number;
  approver: string;
  onBehalfOf: string | null;
  decision: ApprovalDecisionValue;
  comment: string;
  decidedAt: string;
}

/** @public */
export type ApprovalRuleState = 'satisfied' | 'pending' | 'rejected';

/** @public */
export interface ApprovalRuleStatus {
  policy: string;
  /** `<policy>#<index>`. */
  key: string;
  /** The group whose members may approve. */
  group: string;
  /** True when the group is the release's owner (`owner: true`). */
  owner: boolean;
  required: number;
  given: number;
  state: ApprovalRuleState;
  /** Members who may approve (the creator is left out under separation of duties). */
  eligible: string[];
  /** Whose approvals count towards this rule. */
  approvers: string[];
  /** `before_deploy`, or `review` for approvals asked after a break-glass deploy. */
  stage: 'before_deploy' | 'review';
  /** Set for a CAB board's rule: the chair decides it in a meeting, not through `POST /releases/:id/approvals`. */
  kind?: 'cab';
  /** The board, for `kind: 'cab'`. */
  board?: string;
  /** What satisfied the rule when no approver did, e.g. `standard change "Certificate rotation"`. */
  satisfiedBy?: string;
}

/** @public */
export type ApprovalStatus =
  | 'not_required'
  | 'pending'
  | 'approved'
  | 'rejected';

/** @public */
export interface ReleaseApprovals {
  releaseId: string;
  round: number;
  status: ApprovalStatus;
  policies: string[];
  rules: ApprovalRuleStatus[];
  /** Every decision of every round, newest first. */
  decisions: ApprovalDecision[];
  separationOfDuties: boolean;
  /** For emergency releases deployed with break-glass. */
  review: {
    breakGlassAt: string;
    reason: string;
    dueAt: string | null;
    overdue: boolean;
    status: ApprovalStatus;
  } | null;
  /** Whether the signed-in user may decide now, and why not. */
  viewer: { canDecide: boolean; reason?: string };
  /** CAB boards whose approval the release needs (their rules have `kind: 'cab'`); absent when none. */
  boards?: string[];
  /** For a release created from a standard change: whether it qualifies now, and why. */
  standardChange?: StandardChangeState;
}

/** @public */
export interface InboxItem {
  release: Release;
  /** Rules the user could help satisfy. */
  rules: ApprovalRuleStatus[];
  stage: 'before_deploy' | 'review';
  overdue: boolean;
}

/**
 * One check of the deploy gate and what it found.
 *
 * @public
 */
export interface GateCheck {
  /** e.g. `release-in-deploy`, `approvals`, `freeze`, or a module's own check. */
  id: string;
  passed: boolean;
  reason: string;
}

/** @public */
export interface GateResponse {
  allowed: boolean;
  /** Why, in words: every failed check's reason, or what allowed it. */
  reasons: string[];
  /** The release that covers the deploy, when the caller may read it. */
  releaseId: string | null;
  checks: GateCheck[];
}

/**
 * A decision the signed-in user made, with the release it was made on.
 *
 * @public
 */
export interface DecidedItem {
  release: Release;
  decision: ApprovalDecision;
  /** Whether the decision still counts (its round is the release's current one). */
  current: boolean;
}

/** @public */
export const approvalDecisionSchema = z
  .strictObject({
    decision: z.enum(APPROVAL_DECISIONS, {
      error: i =>
        i.input === undefined ? 'is required' : 'must be approved or rejected',
    }),
    comment: z
      .string({ error: 'must be a string' })
      .trim()
      .max(5000, 'must be at most 5000 characters')
      .default(''),
  })
  .check(ctx => {
    if (ctx.value.decision === 'rejected' && ctx.value.comment === '') {
      ctx.issues.push({
        code: 'custom',
        path: ['comment'],
        message: 'is required when rejecting: say what must change',
        input: ctx.value.comment,
      });
    }
  });

/** @public */
export type ApprovalDecisionRequest = z.input<typeof approvalDecisionSchema>;

/** @public */
export const gateQuerySchema = z.object({
  entityRef: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(300),
  environment: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(63),
  version: z.string().trim().max(100).optional(),
});

const requirementSchema = z
  .strictObject({
    group: z.string().trim().min(1).max(300).optional(),
    owner: z.boolean().optional(),
    count: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(20, 'must be at most 20'),
  })
  .check(ctx => {
    if (Boolean(ctx.value.group) === Boolean(ctx.value.owner)) {
      ctx.issues.push({
        code: 'custom',
        message: 'needs either group or owner: true',
        input: ctx.value,
      });
    }
  });

const boundedString = z.string().trim().min(1).max(300);
const listOfStrings = z
  .union([
    boundedString,
    z
      .array(boundedString)
      .max(
        POLICY_LIMITS.selectorValues,
        `may list at most ${POLICY_LIMITS.selectorValues} values`,
      ),
  ])
  .transform(v => (Array.isArray(v) ? v : [v]));

/**
 * Which releases a policy (or a CAB board) applies to; every given key must match.
 *
 * @public
 */
export const policyWhenSchema = z.strictObject({
  types: z
    .array(
      z.enum(RELEASE_TYPES, {
        error: `must be one of ${RELEASE_TYPES.join(', ')}`,
      }),
    )
    .optional(),
  environments: z.array(z.string().max(63)).max(20).optional(),
  riskLevels: z
    .array(
      z.enum(RISK_LEVELS, {
        error: `must be one of ${RISK_LEVELS.join(', ')}`,
      }),
    )
    .optional(),
  selector: z
    .strictObject({
      system: listOfStrings.optional(),
      owner: listOfStrings.optional(),
      component: listOfStrings.optional(),
      lifecycle: listOfStrings.optional(),
      tag: listOfStrings.optional(),
    })
    .optional(),
});

/**
 * The shape of one policy, shared by app-config checks and the dry-run.
 *
 * @public
 */
export const approvalPolicySchema = z.strictObject({
  name: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(100),
  description: z.string().max(1000).optional(),
  when: policyWhenSchema.default({}),
  require: z
    .array(requirementSchema, { error: 'is required' })
    .min(1, 'needs at least one rule')
    .max(
      POLICY_LIMITS.rulesPerPolicy,
      `may list at most ${POLICY_LIMITS.rulesPerPolicy} rules`,
    ),
  reviewAfter: z
    .union([
      z.boolean(),
      z.strictObject({ days: z.number().int().min(1).max(90) }),
    ])
    .optional(),
});

/** @public */
export const policyDryRunSchema = z
  .strictObject({
    policies: z
      .array(approvalPolicySchema)
      .max(
        POLICY_LIMITS.policies,
        `may list at most ${POLICY_LIMITS.policies} policies`,
      ),
    separationOfDuties: z.boolean().optional(),
    from: z.iso.datetime({
      offset: true,
      error: 'must be an ISO-8601 date-time',
    }),
    to: z.iso.datetime({
      offset: true,
      error: 'must be an ISO-8601 date-time',
    }),
  })
  .check(boundedRange('dryRun', { strict: true }));

/** @public */
export interface DryRunResult {
  from: string;
  to: string;
  releases: Array<{
    release: Pick<
      Release,
      | 'id'
      | 'title'
      | 'type'
      | 'phase'
      | 'owner'
      | 'plannedStart'
      | 'plannedEnd'
    >;
    policies: string[];
    requiredApprovals: number;
    /** Past the deploy gate without satisfying the candidate policies. */
    wouldHaveBlocked: boolean;
    missing: string[];
  }>;
  deployments: Array<{
    deploymentId: string;
    entityRef: string;
    environment: string;
    version: string;
    deployedAt: string;
    releaseId: string | null;
    wouldHaveBlocked: boolean;
    reason: string;
  }>;
}
