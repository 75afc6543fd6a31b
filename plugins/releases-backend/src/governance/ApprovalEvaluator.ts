import {
  ApprovalDecision,
  ApprovalPolicy,
  ApprovalRuleStatus,
  ApprovalStatus,
  CabDecision,
  OPEN_PHASES,
  OwedApproval,
  Release,
  ReleaseApprovals,
  RELEASE_PHASES,
  ReleasePhase,
  StandardChangeState,
} from '@backstage-itsm/plugin-releases-common';
import { DateTime } from 'luxon';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { selectorMatches } from '../calendar/selectors';
import { ApprovalSettings } from '../approvals/policies';

/** What the evaluator reads decisions from. */
export interface DecisionSource {
  decisions(releaseIds: string[]): Promise<ApprovalDecision[]>;
}

/**
 * CAB boards as approval rules: a release a board's `when` matches needs
 * the board's approval, which its chair gives in a meeting (cab/).
 */
export interface BoardRules {
  boards: Array<{ name: string; chair: string; when: ApprovalPolicy['when'] }>;
  /** Every CAB decision on these releases, newest first. */
  decisions(releaseIds: string[]): Promise<CabDecision[]>;
}

/** The state of a board's rule by its final decision in the round (none: pending). */
const BOARD_RULE_STATES: Record<
  CabDecision['decision'],
  ApprovalRuleStatus['state']
> = { approved: 'satisfied', rejected: 'rejected', deferred: 'pending' };

/** Judges releases created from a standard change (standardChanges/). */
export interface StandardChangeJudgement {
  judge(release: Release): Promise<StandardChangeState | null>;
}

interface Rule {
  policy: string;
  key: string;
  group: string;
  owner: boolean;
  required: number;
  stage: 'before_deploy' | 'review';
}

/** Maximum matching of approvers to rule slots: one person counts once per release. */
function assign(
  rules: Rule[],
  eligible: Map<string, Set<string>>,
  approvers: string[],
) {
  const slots: Rule[] = rules.flatMap(rule => Array(rule.required).fill(rule));
  const slotOwner: Array<string | undefined> = slots.map(() => undefined);
  const tryAssign = (approver: string, visited: Set<number>): boolean => {
    for (let i = 0; i < slots.length; i++) {
      if (visited.has(i) || !eligible.get(slots[i].key)?.has(approver)) {
        continue;
      }
      visited.add(i);
      const holder = slotOwner[i];
      if (holder === undefined || tryAssign(holder, visited)) {
        slotOwner[i] = approver;
        return true;
      }
    }
    return false;
  };
  for (const approver of approvers) {
    tryAssign(approver, new Set());
  }
  const byRule = new Map<string, string[]>();
  slots.forEach((rule, i) => {
    if (slotOwner[i]) {
      byRule.set(rule.key, [...(byRule.get(rule.key) ?? []), slotOwner[i]!]);
    }
  });
  return byRule;
}

/**
 * Where decisions count: in any open phase but deploy — before the gate, or
 * in review for a return into deploy, which passes the gate again — and
 * after break-glass (the review of an emergency) in every phase but
 * cancelled. A decision never lands while a release is in deploy: it would
 * be given on what is already deploying.
 */
export function decidablePhases(release: Release): readonly ReleasePhase[] {
  return release.breakGlass
    ? RELEASE_PHASES.filter(phase => phase !== 'cancelled')
    : OPEN_PHASES.filter(phase => phase !== 'deploy');
}

/**
 * Who may not approve a release under separation of duties: whoever
 * created it or last changed its owner, and, for the review owed after
 * break-glass, whoever broke the glass.
 */
export function excludedApprovers(release: Release): string[] {
  return [
    release.createdBy,
    release.ownerChangedBy,
    release.breakGlass?.by,
  ].filter((ref): ref is string => Boolean(ref));
}

/**
 * Approval policies as code, evaluated for one release as it is now: which
 * policies match it, who may approve each rule (N-of-M over catalog groups,
 * separation of duties), what has been given, and what is still missing.
 * Break-glass releases are judged on the approvals they owe, as recorded when
 * they broke glass, so no later edit or policy change can make them vanish.
 */
export class ApprovalEvaluator {
  constructor(
    private readonly options: {
      settings: ApprovalSettings;
      catalogFacts: CatalogFacts;
      decisions: DecisionSource;
      boards?: BoardRules;
      standardChanges?: StandardChangeJudgement;
      clock?: () => Date;
    },
  ) {}

  /**
   * The same evaluator reading the catalog through `catalogFacts`, e.g. a
   * copy that remembers what it read for one request that evaluates many
   * releases (the inbox, the dry-run).
   */
  over(catalogFacts: CatalogFacts): ApprovalEvaluator {
    return new ApprovalEvaluator({ ...this.options, catalogFacts });
  }

  /**
   * The CAB boards whose approval the release needs as it is now: those
   * whose `when` matches it, unless it broke glass (it owes what it owed
   * then) or is a standard change that qualifies (pre-approved).
   */
  async boardsFor(
    release: Release,
    standardChange?: StandardChangeState | null,
  ): Promise<string[]> {
    const boards = this.options.boards?.boards ?? [];
    if (
      boards.length === 0 ||
      release.breakGlass ||
      standardChange?.qualifies
    ) {
      return [];
    }
    const matched = await this.matchingPolicies(
      release,
      boards.map(b => ({ name: b.name, when: b.when, require: [] })),
    );
    return matched.map(b => b.name);
  }

  /** Whether the release qualifies as the standard change it was created from, as it is now. */
  async standardChangeOf(
    release: Release,
  ): Promise<StandardChangeState | null> {
    if (!release.standardChange || release.breakGlass) {
      return null;
    }
    return (
      (await this.options.standardChanges?.judge(release)) ??
      release.standardChange
    );
  }

  get settings(): ApprovalSettings {
    return this.options.settings;
  }

  /** Every decision on these releases, newest first. */
  decisionsOf(releaseIds: string[]): Promise<ApprovalDecision[]> {
    return this.options.decisions.decisions(releaseIds);
  }

  /** The policies that match the release as it is (type, environments, risk level, selector). */
  async matchingPolicies(
    release: Release,
    policies: ApprovalPolicy[] = this.options.settings.policies,
  ): Promise<ApprovalPolicy[]> {
    const matched: ApprovalPolicy[] = [];
    let facts: Awaited<ReturnType<ReturnType<CatalogFacts['local']>['facts']>>;
    for (const policy of policies) {
      const { types, environments, riskLevels, selector } = policy.when;
      if (types && !types.includes(release.type)) continue;
      if (
        environments &&
        !release.environments.some(e => environments.includes(e))
      )
        continue;
      if (
        riskLevels &&
        !(release.risk && riskLevels.includes(release.risk.level))
      )
        continue;
      if (selector) {
        // Which policy applies is a fact of the policy: the plugin's own view.
        facts ??= await this.options.catalogFacts
          .local()
          .facts(release.components.map(c => c.entityRef));
        if (![...facts.values()].some(f => selectorMatches(selector, f)))
          continue;
      }
      matched.push(policy);
    }
    return matched;
  }

  /** The approvals a release that breaks glass now would owe afterwards. */
  owedAfterBreakGlass(
    release: Release,
    matched: ApprovalPolicy[],
  ): { owed: OwedApproval[]; dueAt: string | null; at: string } {
    const withReview = matched.filter(p => p.reviewAfter);
    const at = this.now().toISOString();
    const days = Math.min(...withReview.map(p => p.reviewAfter!.days));
    return {
      at,
      dueAt: Number.isFinite(days)
        ? DateTime.fromISO(at).plus({ days }).toUTC().toISO()
        : null,
      owed: withReview.flatMap(policy =>
        policy.require.map(req => ({
          policy: policy.name,
          group: req.owner ? release.owner : req.group!,
          owner: Boolean(req.owner),
          required: req.count,
        })),
      ),
    };
  }

  private rulesOf(release: Release, policies: ApprovalPolicy[]): Rule[] {
    if (release.breakGlass) {
      return release.breakGlass.owed.map((owed, index) => ({
        ...owed,
        key: `${owed.policy}#${index}`,
        stage: 'review' as const,
      }));
    }
    return policies.flatMap(policy =>
      policy.require.map((req, index) => ({
        policy: policy.name,
        key: `${policy.name}#${index}`,
        group: req.owner ? release.owner : req.group!,
        owner: Boolean(req.owner),
        required: req.count,
        stage: 'before_deploy' as const,
      })),
    );
  }

  async evaluate(
    release: Release,
    options: {
      viewer?: string;
      policies?: ApprovalPolicy[];
      separationOfDuties?: boolean;
      decisions?: ApprovalDecision[];
    } = {},
  ): Promise<ReleaseApprovals> {
    const sod =
      options.separationOfDuties ?? this.options.settings.separationOfDuties;
    const standardChange = await this.standardChangeOf(release);
    const policies = await this.matchingPolicies(release, options.policies);
    const rules = this.rulesOf(release, policies);
    const boards = await this.boardsFor(release, standardChange);
    const decisions =
      options.decisions ??
      (await this.options.decisions.decisions([release.id]));

    const boardChairs = boards.map(
      name => this.options.boards!.boards.find(b => b.name === name)!.chair,
    );
    const members = await this.options.catalogFacts.membersOf([
      ...rules.map(r => r.group),
      ...boardChairs,
    ]);
    const excluded = new Set(sod ? excludedApprovers(release) : []);
    // Rules of one group share one set (a policy set may ask one group many times).
    const byGroup = new Map<string, { set: Set<string>; sorted: string[] }>();
    const eligibleOf = (group: string) => {
      let known = byGroup.get(group);
      if (!known) {
        const list = (members.get(group) ?? []).filter(m => !excluded.has(m));
        known = { set: new Set(list), sorted: [...list].sort() };
        byGroup.set(group, known);
      }
      return known;
    };
    const eligible = new Map<string, Set<string>>();
    for (const rule of rules) {
      eligible.set(rule.key, eligibleOf(rule.group).set);
    }

    // One decision per approver and round (the database enforces it).
    const current = new Map<string, ApprovalDecision>();
    for (const d of decisions) {
      if (d.round === release.approvalRound && !current.has(d.approver)) {
        current.set(d.approver, d);
      }
    }
    const isEligible = (person: string) =>
      rules.some(r => eligible.get(r.key)!.has(person));
    const approvedBy = [...current.values()]
      .filter(d => d.decision === 'approved' && isEligible(d.approver))
      .sort((a, b) => a.decidedAt.localeCompare(b.decidedAt))
      .map(d => d.approver);
    const rejectedBy = [...current.values()].filter(
      d => d.decision === 'rejected' && isEligible(d.approver),
    );
    const assignment = assign(rules, eligible, approvedBy);

    const policyStatuses: ApprovalRuleStatus[] = rules.map(rule => {
      const approvers = assignment.get(rule.key) ?? [];
      const rejected = rejectedBy.some(d =>
        eligible.get(rule.key)!.has(d.approver),
      );
      let state: ApprovalRuleStatus['state'] = 'pending';
      if (rejected) {
        state = 'rejected';
      } else if (approvers.length >= rule.required) {
        state = 'satisfied';
      }
      return {
        policy: rule.policy,
        key: rule.key,
        group: rule.group,
        owner: rule.owner,
        required: rule.required,
        given: approvers.length,
        state,
        eligible: eligibleOf(rule.group).sorted,
        approvers,
        stage: rule.stage,
      };
    });
    const boardStatuses = await this.boardStatuses(
      release,
      boards.map((board, i) => ({
        board,
        chair: boardChairs[i],
        eligible: (members.get(boardChairs[i]) ?? []).filter(
          m => !excluded.has(m),
        ),
      })),
    );
    // A standard change that qualifies is pre-approved by its template.
    const statuses = standardChange?.qualifies
      ? policyStatuses.map(rule => ({
          ...rule,
          state: 'satisfied' as const,
          approvers: [],
          given: 0,
          satisfiedBy: `standard change "${standardChange.name}"`,
        }))
      : [...policyStatuses, ...boardStatuses];

    let status: ApprovalStatus = 'not_required';
    if (statuses.length > 0) {
      if (statuses.some(s => s.state === 'rejected')) status = 'rejected';
      else if (statuses.every(s => s.state === 'satisfied'))
        status = 'approved';
      else status = 'pending';
    }

    let review: ReleaseApprovals['review'] = null;
    if (release.breakGlass) {
      const { dueAt } = release.breakGlass;
      review = {
        breakGlassAt: release.breakGlass.at,
        reason: release.breakGlass.reason,
        dueAt,
        overdue:
          dueAt !== null &&
          status !== 'approved' &&
          status !== 'not_required' &&
          this.now().getTime() > Date.parse(dueAt),
        status,
      };
    }

    return {
      releaseId: release.id,
      round: release.approvalRound,
      status,
      policies: release.breakGlass
        ? [...new Set(release.breakGlass.owed.map(o => o.policy))]
        : policies.map(p => p.name),
      rules: statuses,
      decisions,
      separationOfDuties: sod,
      review,
      viewer: options.viewer
        ? this.viewerCan(release, statuses, options.viewer, sod, standardChange)
        : { canDecide: false, reason: 'not signed in as a user' },
      ...(boards.length > 0 ? { boards } : {}),
      ...(standardChange ? { standardChange } : {}),
    };
  }

  /**
   * The state of each board's rule, from the chair's decisions in the
   * release's current round (whichever meeting they were given in): an
   * approval satisfies it, a rejection blocks like any rejection, a
   * deferral leaves it pending.
   */
  private async boardStatuses(
    release: Release,
    boards: Array<{ board: string; chair: string; eligible: string[] }>,
  ): Promise<ApprovalRuleStatus[]> {
    if (boards.length === 0) {
      return [];
    }
    const decisions = (
      await this.options.boards!.decisions([release.id])
    ).filter(
      d => d.round === release.approvalRound && d.decision !== 'deferred',
    );
    return boards.map(({ board, chair, eligible }) => {
      const final = decisions.find(d => d.board === board);
      return {
        policy: board,
        key: `cab:${board}`,
        group: chair,
        owner: false,
        required: 1,
        given: final?.decision === 'approved' ? 1 : 0,
        state: BOARD_RULE_STATES[final?.decision ?? 'deferred'],
        eligible: [...eligible].sort(),
        approvers: final?.decision === 'approved' ? [final.decidedBy] : [],
        stage: 'before_deploy',
        kind: 'cab',
        board,
      };
    });
  }

  private viewerCan(
    release: Release,
    allRules: ApprovalRuleStatus[],
    viewer: string,
    sod: boolean,
    standardChange: StandardChangeState | null,
  ): { canDecide: boolean; reason?: string } {
    if (standardChange?.qualifies) {
      return {
        canDecide: false,
        reason: `the release is pre-approved as the standard change "${standardChange.name}"`,
      };
    }
    // A board's rule is decided by its chair in a meeting, not here.
    const rules = allRules.filter(r => r.kind !== 'cab');
    const boards = allRules.filter(r => r.kind === 'cab').map(r => r.board);
    if (release.phase === 'cancelled') {
      return { canDecide: false, reason: 'the release is cancelled' };
    }
    if (!decidablePhases(release).includes(release.phase)) {
      return {
        canDecide: false,
        reason:
          release.phase === 'deploy'
            ? 'the release is in deploy; decisions count before it enters deploy'
            : `the release is ${release.phase}`,
      };
    }
    if (rules.length === 0) {
      return {
        canDecide: false,
        reason:
          boards.length > 0
            ? `only the CAB (${boards.join(
                ', ',
              )}) decides on this release, in its meetings`
            : 'no approval policy applies to this release',
      };
    }
    if (sod && excludedApprovers(release).includes(viewer)) {
      let role = 'you changed its owner';
      if (viewer === release.breakGlass?.by)
        role = 'you broke glass to deploy it';
      else if (viewer === release.createdBy) role = 'you created this release';
      return {
        canDecide: false,
        reason: `separation of duties: ${role}, so someone else must approve it`,
      };
    }
    if (!rules.some(r => r.eligible.includes(viewer))) {
      const groups = [...new Set(rules.map(r => r.group))].join(', ');
      return {
        canDecide: false,
        reason: `only members of ${groups} may decide on this release${
          boards.length > 0
            ? `; the CAB (${boards.join(', ')}) decides on it in its meetings`
            : ''
        }`,
      };
    }
    return { canDecide: true };
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}
