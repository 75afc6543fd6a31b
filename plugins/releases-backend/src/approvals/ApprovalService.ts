import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  ApprovalDecision,
  ApprovalPolicy,
  ApprovalRuleStatus,
  ApprovalStatus,
  InboxItem,
  PHASE_PATH,
  Release,
  ReleaseApprovals,
  RELEASE_PHASES,
  ReleasePhase,
  RiskLevel,
} from '@backstage-itsm/plugin-releases-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { LRUCache } from 'lru-cache';
import { DateTime } from 'luxon';
import { CatalogGraph } from '../calendar/CatalogGraph';
import { selectorMatches } from '../calendar/CalendarService';
import { ReleaseFilter, ReleaseStore } from '../releases/ReleaseStore';
import { ApprovalStore } from './ApprovalStore';
import { ApprovalSettings } from './policies';

/** Tells approvers and owners; failures are logged, never fatal. */
export interface ApprovalNotifier {
  awaiting(release: Release, approvers: string[]): Promise<void>;
  decided(
    release: Release,
    status: ApprovalStatus,
    decision: ApprovalDecision,
  ): Promise<void>;
}

interface Rule {
  policy: ApprovalPolicy;
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
 * Where decisions count: before the deploy gate, or after break-glass (the
 * review of an emergency), never on a cancelled release.
 */
function decidablePhases(release: Release): readonly ReleasePhase[] {
  return release.breakGlass
    ? RELEASE_PHASES.filter(phase => phase !== 'cancelled')
    : PHASE_PATH.slice(0, PHASE_PATH.indexOf('deploy'));
}

function riskLevelOf(release: Release): RiskLevel | undefined {
  return (release as Release & { risk?: { level?: RiskLevel } }).risk?.level;
}

/**
 * Approval policies as code: which policies a release matches, who may
 * approve, N-of-M counting with separation of duties, the deploy gate of the
 * lifecycle, break-glass for emergencies and the inbox.
 */
/** Candidates the inbox evaluates, per stage. */
const INBOX_CANDIDATES = 500;

export class ApprovalService {
  /** Lower-cased group ref → its users' refs, sorted. */
  private readonly memberships: LRUCache<string, string[]>;

  /**
   * `membershipCredentials` are the plugin's own: who may approve is a fact
   * of the policy, the same whoever looks, not limited by what the viewer
   * may read in the catalog. Memberships are kept for `membershipTtlMs`.
   */
  constructor(
    private readonly settings: ApprovalSettings,
    private readonly releases: ReleaseStore,
    private readonly approvals: ApprovalStore,
    private readonly catalog: CatalogService,
    private readonly membershipCredentials: () => Promise<BackstageCredentials>,
    private readonly notifier?: ApprovalNotifier,
    options: { membershipTtlMs?: number } = {},
  ) {
    this.memberships = new LRUCache({
      max: 10_000,
      ttl: options.membershipTtlMs ?? 30_000,
    });
  }

  get policies() {
    return this.settings;
  }

  decisionsOf(releaseId: string): Promise<ApprovalDecision[]> {
    return this.approvals.decisions([releaseId]);
  }

  /** Per-request helper that fetches group members and component facts once. */
  /** The users in each group; groups not seen lately come from one catalog query. */
  private async membersOf(groups: string[]): Promise<Map<string, string[]>> {
    const key = (group: string) => group.toLocaleLowerCase('en-US');
    const members = new Map<string, string[]>();
    const missing: string[] = [];
    for (const group of new Set(groups)) {
      const known = this.memberships.get(key(group));
      if (known) {
        members.set(group, known);
      } else {
        missing.push(group);
      }
    }
    if (missing.length === 0) {
      return members;
    }
    const { items } = await this.catalog.getEntities(
      {
        filter: missing.map(group => ({
          kind: 'user',
          'relations.memberOf': group,
        })),
        fields: ['kind', 'metadata.namespace', 'metadata.name', 'relations'],
      },
      { credentials: await this.membershipCredentials() },
    );
    // Refs compare case-insensitively, as the catalog's filters do.
    const found = new Map(missing.map(group => [key(group), [] as string[]]));
    for (const user of items) {
      const ref = stringifyEntityRef(user);
      for (const relation of user.relations ?? []) {
        if (relation.type === RELATION_MEMBER_OF) {
          found.get(key(relation.targetRef))?.push(ref);
        }
      }
    }
    for (const group of missing) {
      const list = found.get(key(group))!.sort();
      this.memberships.set(key(group), list);
      members.set(group, list);
    }
    return members;
  }

  async matchingPolicies(
    release: Release,
    graph: CatalogGraph,
    policies: ApprovalPolicy[] = this.settings.policies,
  ): Promise<ApprovalPolicy[]> {
    const matched: ApprovalPolicy[] = [];
    for (const policy of policies) {
      const { types, environments, riskLevels, selector } = policy.when;
      if (types && !types.includes(release.type)) continue;
      if (
        environments &&
        !release.environments.some(e => environments.includes(e))
      )
        continue;
      if (riskLevels && !riskLevels.includes(riskLevelOf(release) as RiskLevel))
        continue;
      if (selector) {
        const facts = await graph.load(
          release.components.map(c => c.entityRef),
        );
        if (![...facts.values()].some(f => selectorMatches(selector, f)))
          continue;
      }
      matched.push(policy);
    }
    return matched;
  }

  private rulesOf(release: Release, policies: ApprovalPolicy[]): Rule[] {
    const breakGlass = release.breakGlass !== null;
    return policies
      .filter(p => !breakGlass || p.reviewAfter)
      .flatMap(policy =>
        policy.require.map((req, index) => ({
          policy,
          key: `${policy.name}#${index}`,
          group: req.owner ? release.owner : req.group!,
          owner: Boolean(req.owner),
          required: req.count,
          stage: breakGlass ? ('review' as const) : ('before_deploy' as const),
        })),
      );
  }

  async evaluate(
    release: Release,
    credentials: BackstageCredentials,
    options: {
      viewer?: string;
      policies?: ApprovalPolicy[];
      separationOfDuties?: boolean;
      decisions?: ApprovalDecision[];
      now?: Date;
    } = {},
  ): Promise<ReleaseApprovals> {
    const sod = options.separationOfDuties ?? this.settings.separationOfDuties;
    const graph = new CatalogGraph(this.catalog, credentials);
    const policies = await this.matchingPolicies(
      release,
      graph,
      options.policies,
    );
    const rules = this.rulesOf(release, policies);
    const decisions =
      options.decisions ?? (await this.approvals.decisions([release.id]));

    const members = await this.membersOf(rules.map(r => r.group));
    const eligible = new Map<string, Set<string>>();
    for (const rule of rules) {
      eligible.set(
        rule.key,
        new Set(
          members
            .get(rule.group)!
            .filter(m => !(sod && m === release.createdBy)),
        ),
      );
    }

    // Each person's latest decision in the current round is the one that counts.
    const latest = new Map<string, ApprovalDecision>();
    for (const d of decisions) {
      if (d.round === release.approvalRound && !latest.has(d.approver)) {
        latest.set(d.approver, d);
      }
    }
    const isEligible = (person: string) =>
      rules.some(r => eligible.get(r.key)!.has(person));
    const approvedBy = [...latest.values()]
      .filter(d => d.decision === 'approved' && isEligible(d.approver))
      .sort((a, b) => a.decidedAt.localeCompare(b.decidedAt))
      .map(d => d.approver);
    const rejectedBy = [...latest.values()].filter(
      d => d.decision === 'rejected' && isEligible(d.approver),
    );
    const assignment = assign(rules, eligible, approvedBy);

    const statuses: ApprovalRuleStatus[] = rules.map(rule => {
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
        policy: rule.policy.name,
        key: rule.key,
        group: rule.group,
        owner: rule.owner,
        required: rule.required,
        given: approvers.length,
        state,
        eligible: [...eligible.get(rule.key)!],
        approvers,
        stage: rule.stage,
      };
    });

    let status: ApprovalStatus = 'not_required';
    if (statuses.length > 0) {
      if (statuses.some(s => s.state === 'rejected')) status = 'rejected';
      else if (statuses.every(s => s.state === 'satisfied'))
        status = 'approved';
      else status = 'pending';
    }

    let review: ReleaseApprovals['review'] = null;
    if (release.breakGlass) {
      const days = Math.min(
        ...policies.filter(p => p.reviewAfter).map(p => p.reviewAfter!.days),
      );
      const dueAt = Number.isFinite(days)
        ? DateTime.fromISO(release.breakGlass.at).plus({ days }).toUTC().toISO()
        : null;
      review = {
        breakGlassAt: release.breakGlass.at,
        reason: release.breakGlass.reason,
        dueAt,
        overdue:
          dueAt !== null &&
          status !== 'approved' &&
          (options.now ?? new Date()).getTime() > Date.parse(dueAt),
        status,
      };
    }

    return {
      releaseId: release.id,
      round: release.approvalRound,
      status,
      policies: policies.map(p => p.name),
      rules: statuses,
      decisions,
      separationOfDuties: sod,
      review,
      viewer: options.viewer
        ? this.viewerCan(release, statuses, options.viewer, sod)
        : { canDecide: false, reason: 'not signed in as a user' },
    };
  }

  private viewerCan(
    release: Release,
    rules: ApprovalRuleStatus[],
    viewer: string,
    sod: boolean,
  ): { canDecide: boolean; reason?: string } {
    if (release.phase === 'cancelled') {
      return { canDecide: false, reason: 'the release is cancelled' };
    }
    if (!decidablePhases(release).includes(release.phase)) {
      return {
        canDecide: false,
        reason: `the release is already past the deploy gate (${release.phase})`,
      };
    }
    if (rules.length === 0) {
      return {
        canDecide: false,
        reason: 'no approval policy applies to this release',
      };
    }
    if (sod && viewer === release.createdBy) {
      return {
        canDecide: false,
        reason:
          'separation of duties: you created this release, so someone else must approve it',
      };
    }
    if (!rules.some(r => r.eligible.includes(viewer))) {
      const groups = [...new Set(rules.map(r => r.group))].join(', ');
      return {
        canDecide: false,
        reason: `only members of ${groups} may decide on this release`,
      };
    }
    return { canDecide: true };
  }

  async decide(
    releaseId: string,
    input: { decision: 'approved' | 'rejected'; comment: string },
    viewer: string,
    credentials: BackstageCredentials,
  ): Promise<{ decision: ApprovalDecision; approvals: ReleaseApprovals }> {
    const release = await this.releases.get(releaseId);
    if (!release) {
      throw new NotFoundError(`No release with id ${releaseId}`);
    }
    const before = await this.evaluate(release, credentials, { viewer });
    if (!before.viewer.canDecide) {
      const reason = before.viewer.reason!;
      if (
        reason.startsWith('separation') ||
        reason.startsWith('only members')
      ) {
        throw new NotAllowedError(reason);
      }
      throw new ConflictError(reason);
    }
    const open = before.rules.filter(r => r.eligible.includes(viewer));
    const onBehalfOf = (open.find(r => r.state !== 'satisfied') ?? open[0])
      .group;
    const decision = await this.approvals.record(
      {
        releaseId,
        round: release.approvalRound,
        approver: viewer,
        onBehalfOf,
        decision: input.decision,
        comment: input.comment,
        decidedAt: new Date().toISOString(),
      },
      { phases: decidablePhases(release) },
    );
    const after = await this.evaluate(release, credentials, { viewer });
    if (
      after.status !== before.status &&
      (after.status === 'approved' || after.status === 'rejected')
    ) {
      await this.notifier?.decided(release, after.status, decision);
    }
    return { decision, approvals: after };
  }

  /**
   * The lifecycle gate: a release enters deploy only when its policies are
   * satisfied; an emergency release may break glass with a reason.
   */
  async checkDeployGate(
    release: Release,
    reason: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<{
    breakGlass?: { at: string; reason: string };
    /** The latest decision of the round the gate saw (null: none), to guard the move with. */
    lastDecisionId: string | null;
  }> {
    const decisions = await this.approvals.decisions([release.id]);
    // Newest first.
    const lastDecisionId =
      decisions.find(d => d.round === release.approvalRound)?.id ?? null;
    const approvals = await this.evaluate(release, credentials, { decisions });
    if (
      approvals.status === 'approved' ||
      approvals.status === 'not_required'
    ) {
      return { lastDecisionId };
    }
    if (release.type === 'emergency' && reason) {
      return {
        breakGlass: { at: new Date().toISOString(), reason },
        lastDecisionId,
      };
    }
    const missing = approvals.rules
      .filter(r => r.state !== 'satisfied')
      .map(r =>
        r.state === 'rejected'
          ? `${r.policy}: rejected by a member of ${r.group}`
          : `${r.policy}: ${r.required} of ${r.group} (${r.given} given)`,
      );
    throw new ConflictError(
      `to: cannot enter deploy before the release is approved; missing: ${missing.join(
        '; ',
      )}${
        release.type === 'emergency'
          ? '. An emergency release may break glass with a reason.'
          : ''
      }`,
    );
  }

  /** Announces a release that awaits approval to everyone who may give it. */
  async announce(
    release: Release,
    credentials: BackstageCredentials,
  ): Promise<void> {
    if (!this.notifier) {
      return;
    }
    const approvals = await this.evaluate(release, credentials);
    if (approvals.status !== 'pending') {
      return;
    }
    const approvers = [
      ...new Set(
        approvals.rules
          .filter(r => r.state === 'pending')
          .flatMap(r => r.eligible),
      ),
    ];
    if (approvers.length > 0) {
      await this.notifier.awaiting(release, approvers);
    }
  }

  /** Releases the user may decide on now, most urgent first. */
  async inbox(
    viewer: string,
    credentials: BackstageCredentials,
    condition?: ReleaseFilter['condition'],
  ): Promise<InboxItem[]> {
    const decidable = await this.decidableBy(viewer);
    if (!decidable) {
      return [];
    }
    // Only releases the viewer could be asked about, soonest first; the
    // evaluation below decides. Bounded, whatever the number of releases.
    const filter = (q: Knex.QueryBuilder) => {
      condition?.(q);
      decidable(q);
    };
    const [before, afterBreakGlass] = await Promise.all([
      this.releases.list(
        { phases: ['plan', 'design', 'build', 'test'], condition: filter },
        { limit: INBOX_CANDIDATES, offset: 0, order: 'asc' },
      ),
      this.releases.list(
        {
          phases: ['deploy', 'review', 'closed'],
          breakGlass: true,
          condition: filter,
        },
        { limit: INBOX_CANDIDATES, offset: 0, order: 'asc' },
      ),
    ]);
    const candidates = [...before.items, ...afterBreakGlass.items];
    const decisions = await this.approvals.decisions(candidates.map(r => r.id));
    const items: InboxItem[] = [];
    for (const release of candidates) {
      if (this.settings.separationOfDuties && release.createdBy === viewer) {
        continue;
      }
      const approvals = await this.evaluate(release, credentials, {
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
          r => r.eligible.includes(viewer) && r.state !== 'satisfied',
        ),
        stage: release.breakGlass ? 'review' : 'before_deploy',
        overdue: approvals.review?.overdue ?? false,
      });
    }
    return items.sort(
      (a, b) =>
        Number(b.overdue) - Number(a.overdue) ||
        a.release.plannedStart.localeCompare(b.release.plannedStart),
    );
  }

  /**
   * A row filter for the releases some rule could ask `viewer` to decide
   * on: those owned by one of the viewer's groups (owner rules), and those
   * of a type that a policy requiring one of the viewer's groups applies to.
   * Undefined when no rule can ever ask the viewer.
   */
  private async decidableBy(
    viewer: string,
  ): Promise<((q: Knex.QueryBuilder) => void) | undefined> {
    const lower = (ref: string) => ref.toLocaleLowerCase('en-US');
    const user = await this.catalog.getEntityByRef(viewer, {
      credentials: await this.membershipCredentials(),
    });
    const groups = (user?.relations ?? [])
      .filter(r => r.type === RELATION_MEMBER_OF)
      .map(r => r.targetRef);
    const mine = new Set(groups.map(lower));
    const ownerRules = this.settings.policies.some(p =>
      p.require.some(r => r.owner),
    );
    let anyType = false;
    const types = new Set<string>();
    for (const policy of this.settings.policies) {
      if (policy.require.some(r => r.group && mine.has(lower(r.group)))) {
        if (policy.when.types) policy.when.types.forEach(t => types.add(t));
        else anyType = true;
      }
    }
    if (anyType) {
      return () => {};
    }
    const owners = ownerRules ? groups : [];
    if (owners.length === 0 && types.size === 0) {
      return undefined;
    }
    return q =>
      q.where(inner => {
        if (owners.length > 0) inner.orWhereIn('releases.owner', owners);
        if (types.size > 0) inner.orWhereIn('releases.type', [...types]);
      });
  }

  /** Whether edits to these fields invalidate approvals given so far. */
  static invalidatesApprovals(fields: string[]): boolean {
    return fields.some(f =>
      [
        'type',
        'plannedStart',
        'plannedEnd',
        'components',
        'environments',
      ].includes(f),
    );
  }
}
