import { z } from 'zod';
import type { RiskLevel } from './approvals';
import type { FreezeSelector } from './calendar';

/**
 * A standard change as configured in `releases.standardChanges`: a low-risk,
 * repeated change, pre-approved once. A release created from it whose
 * conditions hold needs no approval and skips the CAB.
 *
 * @public
 */
export interface StandardChangeTemplate {
  name: string;
  description: string;
  /** The components it may touch (full refs); absent when only `selector` limits them. */
  components?: string[];
  /** The catalog components it may touch; every given key must match. */
  selector?: FreezeSelector;
  /** The environments it may target. */
  environments: string[];
  /** The largest risk level it allows. */
  maxRiskLevel: RiskLevel;
  /** What the engineer checks before deploying it. */
  checklist: string[];
}

/**
 * The standard change a release was created from, and whether it still
 * qualifies as the release is now (components, environments, risk).
 *
 * @public
 */
export interface StandardChangeState {
  name: string;
  qualifies: boolean;
  /** Why it qualifies, or why it became a normal change. */
  reason: string;
}

/**
 * A release's rollback plan: how to undo it.
 *
 * @public
 */
export interface RollbackPlan {
  text: string;
  /** A runbook or document, http(s). */
  link?: string;
}

/** @public */
export const rollbackPlanSchema = z.strictObject({
  text: z
    .string({
      error: i => (i.input === undefined ? 'is required' : 'must be a string'),
    })
    .trim()
    .min(1, 'is required: say how to undo the release')
    .max(20000, 'must be at most 20000 characters'),
  link: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2000, 'must be at most 2000 characters')
    .optional(),
});

/**
 * The name of a standard change in `POST /releases`.
 *
 * @public
 */
export const standardChangeNameSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters');
