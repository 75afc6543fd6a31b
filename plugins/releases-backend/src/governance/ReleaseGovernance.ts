import {
  ApprovalStatus,
  findTransition,
  PHASE_LABELS,
  Release,
  ReleasePhase,
  ReleaseReview,
} from '@backstage-itsm/plugin-releases-common';
import { FieldConflictError, conflictOn } from '../service/errors';
import {
  ReleaseChange,
  ReleasePatch,
  TransactionStep,
} from '../releases/ReleaseStore';
import { ApprovalEvaluator } from './ApprovalEvaluator';
import { RollbackPlanRule, rollbackPlanRequirement } from './rollbackPlans';

/**
 * What approvers approve: changing any of these changes what was approved.
 * The owner is one of them because owner rules ask the owning team.
 */
export const APPROVED_FIELDS = [
  'type',
  'plannedStart',
  'plannedEnd',
  'components',
  'environments',
  'owner',
] as const;

/** What sign-offs (QA, UAT, ...) sign off: changing any of these resets them. */
export const SIGNED_OFF_FIELDS = [
  'type',
  'plannedStart',
  'plannedEnd',
  'components',
  'environments',
] as const;

/** The release plan's part in the rules (plans/ExitCriteria). */
export interface PlanGovernance {
  /**
   * Refuses leaving the phase while an exit criterion is unmet (409, one
   * `exitCriteria` field per criterion); answers a step that refuses the
   * move if the plan changed after it was checked.
   */
  assertExitCriteria(
    release: Release,
    to: ReleasePhase,
  ): Promise<TransactionStep>;
  /** A step that starts a new sign-off round, recorded in the edit's history. */
  resetSignoffs(release: Release): TransactionStep;
}

/** Phases in which what was approved is what deploys and may no longer change. */
const FROZEN_PHASES: readonly ReleasePhase[] = ['deploy', 'review'];

const changed = (
  current: Release,
  set: ReleasePatch,
  field: keyof ReleasePatch,
) =>
  set[field] !== undefined &&
  JSON.stringify(set[field]) !==
    JSON.stringify(current[field as keyof Release]);

/**
 * The governance rules of the release lifecycle, in one place, for every
 * path that edits or moves a release:
 *
 * - what was approved cannot change in or after `deploy` (the edit is
 *   refused: move the release back to test to re-plan it, which sends it
 *   through its approvals again); before deploy, a change starts a new
 *   approval round;
 * - entering `deploy`, by any move, passes the gate: every policy matching the
 *   release as it is now is satisfied, or an emergency breaks glass;
 * - a release that broke glass stays an emergency and owes its review;
 *   it cannot be closed before that review is approved (nor, where the
 *   configuration asks, before its post-implementation review);
 * - an owner change records who made it (they may not approve it);
 * - advancing out of a phase needs its exit criteria met (tasks done or
 *   skipped, required roles filled, sign-offs given, a pre-production
 *   deployment); an edit of what was signed off resets the sign-offs.
 */
export class ReleaseGovernance {
  constructor(
    private readonly options: {
      evaluator: ApprovalEvaluator;
      /** The latest decision of a round, to guard edits and moves against decisions given meanwhile. */
      lastDecision(releaseId: string, round: number): Promise<string | null>;
      getReview(releaseId: string): Promise<ReleaseReview | undefined>;
      reviewRequiredToClose: boolean;
      plan?: PlanGovernance;
      /** Which releases must carry a rollback plan before deploy (`releases.rollbackPlans.requiredWhen`). */
      rollbackPlans?: RollbackPlanRule[];
      /** Whether a CAB board approved or rejected the release in the round: an edit of what it decided starts a new one. */
      boardDecided?(releaseId: string, round: number): Promise<boolean>;
      clock?: () => Date;
    },
  ) {}

  /** Checks an edit; answers the patch to apply and the decisions it must still see. */
  async checkEdit(
    current: Release,
    set: ReleasePatch,
    actor: string,
  ): Promise<{
    set: ReleasePatch;
    expectedDecisions?: ReleaseChange['expectedDecisions'];
    alongside?: TransactionStep[];
  }> {
    const touched = APPROVED_FIELDS.filter(field =>
      changed(current, set, field),
    );
    if (touched.length > 0 && FROZEN_PHASES.includes(current.phase)) {
      throw new FieldConflictError(
        touched.map(field => ({
          field,
          message: `cannot change while the release is in ${PHASE_LABELS[
            current.phase
          ].toLocaleLowerCase(
            'en-US',
          )}: what was approved is what deploys; move it back to test to re-plan it, which asks for its approvals again`,
        })),
      );
    }
    if (
      set.rollbackPlan === null &&
      current.rollbackPlan &&
      current.phase === 'deploy' &&
      this.rollbackPlanRequiredFor(current)
    ) {
      throw conflictOn(
        'rollbackPlan',
        `is required while the release is in deploy (${this.rollbackPlanRequiredFor(
          current,
        )})`,
      );
    }
    if (changed(current, set, 'type') && current.breakGlass) {
      throw conflictOn(
        'type',
        'stays emergency: the release broke glass and owes its review',
      );
    }
    const result: ReleasePatch = { ...set };
    if (changed(current, set, 'owner')) {
      result.ownerChangedBy = actor;
    }
    const alongside =
      this.options.plan &&
      SIGNED_OFF_FIELDS.some(field => changed(current, set, field))
        ? [this.options.plan.resetSignoffs(current)]
        : [];
    if (touched.length === 0) {
      return { set: result, alongside };
    }
    // Decisions given so far were given on what this edit changes: a new
    // round, unless nobody decided yet; and none may slip in meanwhile.
    const lastDecisionId = await this.options.lastDecision(
      current.id,
      current.approvalRound,
    );
    if (
      lastDecisionId !== null ||
      (await this.options.boardDecided?.(current.id, current.approvalRound))
    ) {
      result.approvalRound = current.approvalRound + 1;
    }
    return {
      set: result,
      expectedDecisions: { round: current.approvalRound, lastDecisionId },
      alongside,
    };
  }

  /** Checks a phase move the lifecycle allows; answers what else it sets. */
  async checkMove(
    current: Release,
    to: ReleasePhase,
    reason: string | undefined,
    actor: string,
  ): Promise<{
    set: ReleasePatch;
    expectedDecisions?: ReleaseChange['expectedDecisions'];
    alongside?: TransactionStep[];
  }> {
    // Leaving a phase forward needs its exit criteria; stepping back or
    // cancelling never does.
    const alongside =
      this.options.plan && findTransition(current.phase, to)?.kind === 'advance'
        ? [await this.options.plan.assertExitCriteria(current, to)]
        : [];
    if (to === 'deploy') {
      this.assertRollbackPlan(current);
      return {
        ...(await this.admitToDeploy(current, reason, actor)),
        // Checked again on the locked row: an edit that removed it meanwhile wins.
        alongside: [
          ...alongside,
          async (_tx, { before }) => this.assertRollbackPlan(before ?? current),
        ],
      };
    }
    if (to === 'closed') {
      await this.admitToClose(current);
    }
    return { set: {}, alongside };
  }

  private rollbackPlanRequiredFor(release: Release): string | undefined {
    return rollbackPlanRequirement(release, this.options.rollbackPlans ?? []);
  }

  /** Every entry into deploy of a release the configuration asks a rollback plan of needs one (409 naming `rollbackPlan`). */
  private assertRollbackPlan(release: Release): void {
    const required = this.rollbackPlanRequiredFor(release);
    if (required && !release.rollbackPlan) {
      throw conflictOn(
        'rollbackPlan',
        `is required before deploy for ${required} (releases.rollbackPlans.requiredWhen): say how to undo the release first`,
      );
    }
  }

  /** The deploy gate of the lifecycle, for every move into deploy. */
  private async admitToDeploy(
    release: Release,
    reason: string | undefined,
    actor: string,
  ) {
    const { evaluator } = this.options;
    const approvals = await evaluator.evaluate(release);
    // The move holds only for the decisions it saw.
    const lastDecisionId =
      approvals.decisions.find(d => d.round === release.approvalRound)?.id ??
      null;
    const expectedDecisions = { round: release.approvalRound, lastDecisionId };
    if (
      approvals.status === 'approved' ||
      approvals.status === 'not_required' ||
      // Back into deploy after breaking glass: the glass is already broken,
      // and the review it owes stays owed.
      release.breakGlass
    ) {
      return { set: {}, expectedDecisions };
    }
    if (release.type === 'emergency' && reason) {
      const matched = await evaluator.matchingPolicies(release);
      const { at, dueAt, owed } = evaluator.owedAfterBreakGlass(
        release,
        matched,
      );
      return {
        set: { breakGlass: { at, reason, by: actor, dueAt, owed } },
        expectedDecisions,
      };
    }
    const missing = approvals.rules
      .filter(r => r.state !== 'satisfied')
      .map(r =>
        r.state === 'rejected'
          ? `${r.policy}: rejected by a member of ${r.group}`
          : `${r.policy}: ${r.required} of ${r.group} (${r.given} given)`,
      );
    throw conflictOn(
      'to',
      `cannot enter deploy before the release is approved; missing: ${missing.join(
        '; ',
      )}${
        approvals.standardChange && !approvals.standardChange.qualifies
          ? `. It is a normal change, not the standard change "${approvals.standardChange.name}": ${approvals.standardChange.reason}`
          : ''
      }${
        release.type === 'emergency'
          ? '. An emergency release may break glass with a reason.'
          : ''
      }`,
    );
  }

  private async admitToClose(release: Release) {
    if (
      this.options.reviewRequiredToClose &&
      !(await this.options.getReview(release.id))
    ) {
      throw conflictOn(
        'to',
        'the release needs a post-implementation review before it can be closed',
      );
    }
    if (release.breakGlass && release.breakGlass.owed.length > 0) {
      const { status } = await this.options.evaluator.evaluate(release);
      if (status !== 'approved') {
        throw conflictOn(
          'to',
          `the release broke glass and owes its after-the-fact approval (${describeStatus(
            status,
          )}); it can be closed once that is approved`,
        );
      }
    }
  }
}

function describeStatus(status: ApprovalStatus): string {
  return status === 'rejected' ? 'rejected' : 'still pending';
}
