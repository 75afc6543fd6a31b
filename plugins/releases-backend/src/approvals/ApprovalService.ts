import { NotAllowedError } from '@backstage/errors';
import {
  ApprovalDecision,
  ApprovalDecisionRequest,
  DecidedItem,
  InboxItem,
  PHASE_PATH,
  Release,
  ReleaseApprovals,
} from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { MemoCatalogFacts } from '../catalog/MemoCatalogFacts';
import {
  ApprovalEvaluator,
  decidablePhases,
  excludedApprovers,
} from '../governance/ApprovalEvaluator';
import { ReleaseFilter, ReleaseStore } from '../releases/ReleaseStore';
import { conflictOn } from '../service/errors';
import { ReleaseEffects } from '../service/ReleaseEffects';
import { ApprovalStore } from './ApprovalStore';

/** Candidates the inbox evaluates, per stage. */
const INBOX_CANDIDATES = 500;

type ParsedDecision = Required<ApprovalDecisionRequest>;

/**
 * Approval decisions (one per approver and round), the approvals inbox and
 * the list of what a user decided. Policy evaluation is the evaluator's;
 * permissions are the authorizing layer's.
 */
export class ApprovalService {
  private readonly clock: () => Date;

  constructor(
    private readonly options: {
      evaluator: ApprovalEvaluator;
      releases: ReleaseStore;
      approvals: ApprovalStore;
      catalogFacts: CatalogFacts;
      effects?: ReleaseEffects;
      clock?: () => Date;
    },
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  get evaluator(): ApprovalEvaluator {
    return this.options.evaluator;
  }

  /** The release's approvals as `viewer` sees them; `decisions` when they were read with it. */
  evaluate(
    release: Release,
    viewer?: string,
    decisions?: ApprovalDecision[],
  ): Promise<ReleaseApprovals> {
    return this.options.evaluator.evaluate(release, { viewer, decisions });
  }

  /**
   * Records the viewer's decision. A repeat of the same decision in the same
   * round answers the first one (`created: false`); a different one is a 409:
   * one decision per approver and round.
   */
  async decide(
    release: Release,
    input: ParsedDecision,
    viewer: string,
  ): Promise<{
    decision: ApprovalDecision;
    approvals: ReleaseApprovals;
    created: boolean;
  }> {
    const before = await this.evaluate(release, viewer);
    const repeat = (existing: ApprovalDecision) => {
      if (existing.decision !== input.decision) {
        throw conflictOn(
          'decision',
          `you already ${existing.decision} this release in this approval round; a new round starts when what was approved changes`,
        );
      }
      return { decision: existing, approvals: before, created: false };
    };
    const mine = before.decisions.find(
      d => d.approver === viewer && d.round === release.approvalRound,
    );
    if (mine) {
      return repeat(mine);
    }
    if (!before.viewer.canDecide) {
      const reason = before.viewer.reason!;
      if (
        reason.startsWith('separation') ||
        reason.startsWith('only members')
      ) {
        throw new NotAllowedError(reason);
      }
      throw conflictOn('decision', reason);
    }
    // A CAB board's rule is decided in its meetings, not here.
    const open = before.rules.filter(
      r => r.kind !== 'cab' && r.eligible.includes(viewer),
    );
    const onBehalfOf = (open.find(r => r.state !== 'satisfied') ?? open[0])
      .group;
    const recorded = await this.options.approvals.record(
      {
        releaseId: release.id,
        round: release.approvalRound,
        approver: viewer,
        onBehalfOf,
        decision: input.decision,
        comment: input.comment,
        decidedAt: this.clock().toISOString(),
      },
      { phases: decidablePhases(release) },
    );
    if (!recorded.created) {
      // A repeat sent at once found the first one: answer as it is now.
      const { decision } = repeat(recorded.decision);
      return {
        decision,
        approvals: await this.evaluate(release, viewer),
        created: false,
      };
    }
    const after = await this.evaluate(release, viewer);
    await this.options.effects?.decisionRecorded(
      release,
      before.status,
      after,
      recorded.decision,
    );
    return { decision: recorded.decision, approvals: after, created: true };
  }

  /**
   * Releases the user may decide on now, most urgent first, and whether
   * more candidates were left unread than one read per stage holds.
   */
  async inbox(
    viewer: string,
    condition?: ReleaseFilter['condition'],
  ): Promise<{ items: InboxItem[]; truncated: boolean }> {
    const decidable = await this.decidableBy(viewer);
    if (!decidable) {
      return { items: [], truncated: false };
    }
    // Only releases the viewer could be asked about and has not decided on
    // in their current round, soonest first; the evaluation below decides.
    // Bounded, whatever the number of releases: those the viewer already
    // decided take none of the read.
    const filter = (q: Knex.QueryBuilder) => {
      condition?.(q);
      decidable(q);
      q.whereNotExists(decidedByViewer =>
        decidedByViewer
          .select('approvals.id')
          .from('approvals')
          .whereRaw('approvals.release_id = releases.id')
          .whereRaw('approvals.round = releases.approval_round')
          .where('approvals.approver', viewer),
      );
    };
    const [before, afterBreakGlass] = await Promise.all([
      this.options.releases.list(
        {
          phases: ['plan', 'design', 'build', 'test', 'review'],
          breakGlass: false,
          condition: filter,
        },
        { limit: INBOX_CANDIDATES, offset: 0, order: 'asc' },
      ),
      this.options.releases.list(
        {
          // The review a break-glass release owes, in whatever phase it is.
          phases: [...PHASE_PATH],
          breakGlass: true,
          condition: filter,
        },
        { limit: INBOX_CANDIDATES, offset: 0, order: 'asc' },
      ),
    ]);
    const candidates = [...before.items, ...afterBreakGlass.items];
    const decisions = await this.options.approvals.decisions(
      candidates.map(r => r.id),
    );
    const sod = this.options.evaluator.settings.separationOfDuties;
    // Many releases, the same few groups: read each one's members once.
    const evaluator = this.options.evaluator.over(
      new MemoCatalogFacts(this.options.catalogFacts),
    );
    const items: InboxItem[] = [];
    for (const [index, release] of candidates.entries()) {
      // Up to a thousand evaluations: let other requests in between.
      if (index % 5 === 4) {
        await yieldToEventLoop();
      }
      if (sod && excludedApprovers(release).includes(viewer)) {
        continue;
      }
      const approvals = await evaluator.evaluate(release, {
        viewer,
        decisions: decisions.filter(d => d.releaseId === release.id),
      });
      const mine = approvals.decisions.find(
        d => d.approver === viewer && d.round === release.approvalRound,
      );
      if (
        !approvals.viewer.canDecide ||
        mine ||
        approvals.status === 'approved'
      ) {
        continue;
      }
      items.push({
        release,
        rules: approvals.rules.filter(
          r =>
            r.kind !== 'cab' &&
            r.eligible.includes(viewer) &&
            r.state !== 'satisfied',
        ),
        stage: release.breakGlass ? 'review' : 'before_deploy',
        overdue: approvals.review?.overdue ?? false,
      });
    }
    return {
      items: items.sort(
        (a, b) =>
          Number(b.overdue) - Number(a.overdue) ||
          a.release.plannedStart.localeCompare(b.release.plannedStart),
      ),
      truncated:
        before.totalCount > before.items.length ||
        afterBreakGlass.totalCount > afterBreakGlass.items.length,
    };
  }

  /** What the user decided, newest first, on releases the condition lets through. */
  async decided(
    viewer: string,
    page: { limit: number; offset: number },
    condition?: ReleaseFilter['condition'],
  ): Promise<{ items: DecidedItem[]; totalCount: number }> {
    const { items, totalCount } = await this.options.approvals.decidedBy(
      viewer,
      page,
      condition,
    );
    const releases = new Map(
      (
        await this.options.releases.getMany([
          ...new Set(items.map(d => d.releaseId)),
        ])
      ).map(r => [r.id, r]),
    );
    return {
      items: items
        .filter(d => releases.has(d.releaseId))
        .map(decision => {
          const release = releases.get(decision.releaseId)!;
          return {
            release,
            decision,
            current: decision.round === release.approvalRound,
          };
        }),
      totalCount,
    };
  }

  /**
   * A row filter for the releases some rule could ask `viewer` to decide
   * on: those owned by one of the viewer's groups (owner rules), and those
   * of a type that a policy requiring one of the viewer's groups applies to;
   * plus break-glass releases owing a review to one of those groups.
   * Undefined when no rule can ever ask the viewer.
   */
  private async decidableBy(
    viewer: string,
  ): Promise<((q: Knex.QueryBuilder) => void) | undefined> {
    const lower = (ref: string) => ref.toLocaleLowerCase('en-US');
    const groups = await this.options.catalogFacts.groupsOf(viewer);
    const mine = new Set(groups.map(lower));
    const { policies } = this.options.evaluator.settings;
    const ownerRules = policies.some(p => p.require.some(r => r.owner));
    let anyType = false;
    const types = new Set<string>();
    for (const policy of policies) {
      if (policy.require.some(r => r.group && mine.has(lower(r.group)))) {
        if (policy.when.types) policy.when.types.forEach(t => types.add(t));
        else anyType = true;
      }
    }
    if (anyType) {
      return () => {};
    }
    const owners = ownerRules ? groups : [];
    // Owed reviews were recorded with their groups, whatever the policies say now.
    const breakGlassGroups = groups;
    if (owners.length === 0 && types.size === 0 && groups.length === 0) {
      return undefined;
    }
    return q =>
      q.where(inner => {
        if (owners.length > 0) inner.orWhereIn('releases.owner', owners);
        if (types.size > 0) inner.orWhereIn('releases.type', [...types]);
        // A candidate filter only (LIKE may over-match); the evaluation decides.
        for (const group of breakGlassGroups) {
          inner.orWhere(
            'releases.break_glass_obligation',
            'like',
            `%${group}%`,
          );
        }
      });
  }
}
