import { ReleasePhase } from './phases';
import type { ReleaseOutcome, ReleaseRisk } from './review';

export const RELEASE_TYPES = ['major', 'minor', 'emergency'] as const;
export type ReleaseType = (typeof RELEASE_TYPES)[number];

export interface ReleaseComponent {
  /** Full entity ref, e.g. `component:default/payments-api`. */
  entityRef: string;
  /** The version this release takes the component to, when known. */
  version?: string;
}

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
  components: ReleaseComponent[];
  environments: string[];
  /** Approvals count within a round; editing what was approved starts a new one. */
  approvalRound: number;
  /** Set when an emergency release entered deploy before it was approved. */
  breakGlass: { at: string; reason: string } | null;
  /** From the post-implementation review, once there is one. */
  outcome: ReleaseOutcome | null;
  /** Computed when the release is planned or changed. */
  risk: ReleaseRisk | null;
  /** Increments on every change; PATCH must carry the revision it read. */
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export const RELEASE_EVENT_TYPES = [
  'created',
  'updated',
  'transitioned',
  'approved',
  'rejected',
  'reviewed',
] as const;
export type ReleaseEventType = (typeof RELEASE_EVENT_TYPES)[number];

export interface FieldChange {
  before: unknown;
  after: unknown;
}

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

export interface Page<T> {
  items: T[];
  totalCount: number;
  limit: number;
  offset: number;
}

/** Body of a 409 answered to a PATCH that carried a stale revision. */
export interface StaleRevisionErrorBody {
  error: { name: 'ConflictError'; message: string };
  request: { method: string; url: string };
  response: { statusCode: 409 };
  currentRevision: number;
  current: Release;
}
