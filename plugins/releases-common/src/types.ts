import { ReleasePhase } from './phases';
import type { ReleaseOutcome, ReleaseRisk } from './review';
import type { ReleaseRole } from './plans';
import type { RollbackPlan, StandardChangeState } from './standardChanges';

/** @public */
export const RELEASE_TYPES = ['major', 'minor', 'emergency'] as const;
/** @public */
export type ReleaseType = (typeof RELEASE_TYPES)[number];

/** @public */
export interface ReleaseComponent {
  /** Full entity ref, e.g. `component:default/payments-api`. */
  entityRef: string;
  /** The version this release takes the component to, when known. */
  version?: string;
}

/** @public */
export interface Release {
  id: string;
  title: string;
  description: string;
  type: ReleaseType;
  phase: ReleasePhase;
  /** ISO-8601 UTC timestamps. */
  plannedStart: string;
  plannedEnd: string;
  /** Set when the release enters `build`. */
  actualStart: string | null;
  /** Set when the release is closed or cancelled. */
  actualEnd: string | null;
  /** Owning group, e.g. `group:default/payments-team`. */
  owner: string;
  /** The user who created the release, e.g. `user:default/alice`. */
  createdBy: string;
  /** The user who last changed its owner; like the creator, they may not approve it. */
  ownerChangedBy: string | null;
  components: ReleaseComponent[];
  environments: string[];
  /** Approvals count within a round; editing what was approved starts a new one. */
  approvalRound: number;
  /**
   * Set when an emergency release entered deploy before it was approved: it
   * then owes an after-the-fact review (the approvals of the policies that
   * asked for one, as they were then), due at `dueAt`, and cannot be closed
   * until that review is approved.
   */
  breakGlass: {
    at: string;
    reason: string;
    by: string;
    dueAt: string | null;
    /** The approvals owed, as the policies asked for them at break-glass. */
    owed: OwedApproval[];
  } | null;
  /** From the post-implementation review, once there is one. */
  outcome: ReleaseOutcome | null;
  /** Computed when the release is planned or changed. */
  risk: ReleaseRisk | null;
  /** How to undo it; `releases.rollbackPlans.requiredWhen` may require one before deploy. */
  rollbackPlan: RollbackPlan | null;
  /**
   * The standard change it was created from, with whether it qualifies: as
   * of its last change in lists, as it is now when one release is read.
   */
  standardChange: StandardChangeState | null;
  /**
   * Who holds each configured role: on one release's read, and on list items
   * asked for with `include=roles`.
   */
  roles?: ReleaseRole[];
  /** Increments on every change; PATCH must carry the revision it read. */
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * An approval a break-glass release owes after the fact.
 *
 * @public
 */
export interface OwedApproval {
  policy: string;
  /** The group whose members may give it (the owning group at the time, for owner rules). */
  group: string;
  owner: boolean;
  required: number;
}

/** @public */
export const RELEASE_EVENT_TYPES = [
  'created',
  'updated',
  'transitioned',
  'approved',
  'rejected',
  'reviewed',
  // Release plans: tasks, roles, milestones, sign-offs, status updates, notes.
  'task-added',
  'task-updated',
  'roles-changed',
  'milestones-changed',
  'signed-off',
  'status-update',
  'notes-edited',
  // Change governance: CAB agendas and decisions.
  'cab-item-added',
  'cab-decision',
] as const;
/** @public */
export type ReleaseEventType = (typeof RELEASE_EVENT_TYPES)[number];

/** @public */
export interface FieldChange {
  before: unknown;
  after: unknown;
}

/** @public */
export interface ReleaseEvent {
  id: string;
  releaseId: string;
  type: ReleaseEventType;
  /** User or service ref of whoever made the change. */
  actor: string;
  at: string;
  /** Why, where the actor said so (required when stepping a phase back). */
  reason: string | null;
  /** Field name → before/after, for every field the event changed. */
  changes: Record<string, FieldChange>;
}

/** @public */
export interface Page<T> {
  items: T[];
  totalCount: number;
  limit: number;
  offset: number;
}

/**
 * A bad field of a request: error bodies carry them as data.
 *
 * @public
 */
export interface ErrorField {
  field: string;
  message: string;
}

/**
 * The body of every error answer.
 *
 * @public
 */
export interface ErrorBody {
  error: { name: string; message: string; fields?: ErrorField[] };
  request?: { method: string; url: string };
  response: { statusCode: number };
}

/**
 * Body of a 409 answered to a PATCH that carried a stale revision.
 *
 * @public
 */
export interface StaleRevisionErrorBody {
  error: { name: 'ConflictError'; message: string };
  request: { method: string; url: string };
  response: { statusCode: 409 };
  currentRevision: number;
  current: Release;
}
