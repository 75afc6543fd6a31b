import {
  AllowWindowOccurrence,
  FreezeOccurrence,
  FreezeWindowDefinition,
  GateCheck,
  Release,
  ReleaseApprovals,
} from '@backstage-itsm/plugin-releases-common';
import {
  DeployCheck,
  DeployCheckContext,
  DeployCheckResult,
  ReleaseNamer,
  ReleasesRecords,
} from '@backstage-itsm/plugin-releases-node';
import { CatalogFacts, EntityFacts } from '../catalog/CatalogFacts';
import { selectorMatches } from '../calendar/selectors';
import { EnvironmentConfig } from '../config';
import { ApprovalEvaluator } from './ApprovalEvaluator';
import { InDeployRelease } from '../releases/ReleaseStore';

/** Where the gate learns about freezes; the calendar provides it. */
export interface FreezeSource {
  occurrences(from: Date, to: Date): FreezeOccurrence[];
}

/**
 * What the gate asks about freezes at the moment of a decision: configured
 * windows and runtime freezes alike, read fresh on every call (a freeze
 * declared through any replica holds from the next request).
 */
export interface GateFreezeSource {
  inForce(at: Date): Promise<{
    freezes: FreezeOccurrence[];
    allowWindows: AllowWindowOccurrence[];
  }>;
  /** The configured allow windows covering the environment, open or not. */
  allowWindowsFor(environment: string): FreezeWindowDefinition[];
}

/** The freezes and allow windows that concern one deploy, by the release that would cover it. */
interface FreezeView {
  /** Freezes in force that cover the deploy and do not let the release's type through. */
  blocking(release?: Release): FreezeOccurrence[];
  /** Allow windows that restrict the deploy, none of which is open now (empty: not restricted). */
  closedAllowWindows(release?: Release): string[];
  /** Whether an allow window restricts the environment and component at all. */
  restricted: boolean;
}

/** Why a release's approvals let it deploy, in words. */
function howApproved(approvals: ReleaseApprovals): string {
  if (approvals.standardChange?.qualifies) {
    return `pre-approved as the standard change "${approvals.standardChange.name}"`;
  }
  return approvals.status === 'approved'
    ? 'every approval policy that applies to it is satisfied'
    : 'no approval policy applies to it';
}

/** A deploy the gate is asked about, at the server's time. */
export interface DeployQuery {
  entityRef: string;
  environment: EnvironmentConfig;
  version?: string;
  /** Only this release may cover it (a report that names its release). */
  releaseId?: string;
}

/** What the built-in checks of one decision share, found once. */
interface SharedFindings {
  freezes?: Promise<FreezeView>;
  covering?: Promise<DeployCheckResult[]>;
}

export interface DeployVerdict {
  allowed: boolean;
  /** The release that covers the deploy, whether or not its approvals are in. */
  release?: Release;
  /** Every release the reasons may name. */
  mentions: Release[];
  /** The checks, worded for a reader. */
  checks(name: ReleaseNamer): GateCheck[];
}

/**
 * The one place that decides whether a deploy is authorized now, for the
 * pipelines' gate and for every recorded deployment alike: in a gated
 * environment a release covering the component (at this version, where the
 * release names one) must be in `deploy`, target the environment, and have
 * every approval policy matching it as it is now satisfied (or have broken
 * glass); and no freeze window may block it. The built-in checks are the
 * first entries of the gate's list of checks; modules add theirs after them.
 */
export class DeployGate {
  private readonly checks: DeployCheck[];
  private readonly shared = new WeakMap<DeployCheckContext, SharedFindings>();

  constructor(
    private readonly options: {
      /** Releases in `deploy` that contain the component, newest plan first, with their current round's decisions where read with them. */
      releasesInDeploy(entityRef: string): Promise<InDeployRelease[]>;
      evaluator: ApprovalEvaluator;
      freezes: GateFreezeSource;
      catalogFacts: CatalogFacts;
      /** What checks may read about incidents and the like. */
      records: ReleasesRecords;
      /** Checks added by modules, after the built-in ones. */
      checks?: DeployCheck[];
    },
  ) {
    this.checks = [...this.builtInChecks(), ...(options.checks ?? [])];
  }

  async evaluate(query: DeployQuery, at: Date): Promise<DeployVerdict> {
    const context: DeployCheckContext = {
      ...query,
      at,
      mentions: [],
      records: this.options.records,
    };
    const results: DeployCheckResult[] = [];
    for (const check of this.checks) {
      let result: DeployCheckResult | undefined;
      try {
        result = await check.check(context);
      } catch (error) {
        // A check that cannot decide does not let the deploy through.
        result = {
          id: check.id,
          passed: false,
          reason: () => `the check ${check.id} could not decide: ${error}`,
        };
      }
      if (result) {
        results.push(result);
      }
    }
    return {
      allowed: results.every(c => c.passed),
      release: context.release,
      mentions: context.mentions,
      checks: name =>
        results.map(r => ({
          id: r.id,
          passed: r.passed,
          reason: r.reason(name),
        })),
    };
  }

  /**
   * The built-in checks, in order: the release covering the deploy, its
   * approvals, freezes and allow windows. An entry that does not apply to a
   * deploy (approvals without a covering release, allow windows where none
   * restricts) answers nothing.
   */
  private builtInChecks(): DeployCheck[] {
    return [
      {
        id: 'release-in-deploy',
        check: async context =>
          context.environment.gated
            ? (await this.covering(context))[0]
            : {
                id: 'gated-environment',
                passed: true,
                reason: () =>
                  `${context.environment.name} is not a gated environment`,
              },
      },
      {
        id: 'approvals',
        check: async context =>
          context.environment.gated
            ? (await this.covering(context))[1]
            : undefined,
      },
      {
        id: 'freeze',
        check: async context =>
          this.freezeCheck(context, await this.freezeView(context)),
      },
      {
        id: 'allow-window',
        check: async context => {
          const freezes = await this.freezeView(context);
          return freezes.restricted
            ? this.allowWindowCheck(context, freezes)
            : undefined;
        },
      },
    ];
  }

  private findings(context: DeployCheckContext): SharedFindings {
    let found = this.shared.get(context);
    if (!found) {
      found = {};
      this.shared.set(context, found);
    }
    return found;
  }

  private freezeView(context: DeployCheckContext): Promise<FreezeView> {
    const found = this.findings(context);
    found.freezes ??= this.activeFreezes(context);
    return found.freezes;
  }

  private covering(context: DeployCheckContext): Promise<DeployCheckResult[]> {
    const found = this.findings(context);
    // The releases in deploy are read while the freezes are, not after.
    found.covering ??= Promise.all([
      this.freezeView(context),
      this.options.releasesInDeploy(context.entityRef),
    ]).then(([freezes, inDeploy]) =>
      this.coveringRelease(context, freezes, inDeploy),
    );
    return found.covering;
  }

  /** Finds the release covering the deploy and checks its approvals as they are now. */
  private async coveringRelease(
    context: DeployCheckContext,
    freezes: FreezeView,
    releasesInDeploy: InDeployRelease[],
  ): Promise<DeployCheckResult[]> {
    const { entityRef, environment, version } = context;
    const decisionsOf = new Map(
      releasesInDeploy.map(r => [r.release.id, r.decisions]),
    );
    const inDeploy = releasesInDeploy
      .map(r => r.release)
      .filter(
        r =>
          r.environments.includes(environment.name) &&
          (!context.releaseId || r.id === context.releaseId),
      );
    const versionOf = (r: Release) =>
      r.components.find(c => c.entityRef === entityRef)?.version;
    const matching = inDeploy.filter(
      r => !versionOf(r) || !version || versionOf(r) === version,
    );
    const what = `${entityRef}${version ? ` at ${version}` : ''}`;
    context.mentions.push(...inDeploy);
    if (matching.length === 0) {
      const other = inDeploy[0];
      return [
        {
          id: 'release-in-deploy',
          passed: false,
          reason: name =>
            other
              ? `${name(other)} is in deploy for ${entityRef} at ${versionOf(
                  other,
                )}, not ${version}`
              : `no release containing ${what} is in deploy for ${environment.name}`,
        },
      ];
    }
    let pending: { release: Release; missing: string } | undefined;
    // Of the releases whose approvals are in, one that no freeze blocks
    // (a freeze may allow its type) covers the deploy; else the first.
    const approved: Array<{ release: Release; how: string }> = [];
    for (const release of matching) {
      if (release.breakGlass) {
        approved.push({ release, how: 'broke glass; its review is owed' });
        continue;
      }
      const approvals = await this.options.evaluator.evaluate(release, {
        decisions: decisionsOf.get(release.id),
      });
      if (
        approvals.status === 'approved' ||
        approvals.status === 'not_required'
      ) {
        approved.push({
          release,
          how: howApproved(approvals),
        });
        continue;
      }
      pending ??= {
        release,
        missing: [
          ...approvals.rules
            .filter(r => r.state !== 'satisfied')
            .map(r =>
              r.state === 'rejected'
                ? `${r.policy}: rejected`
                : `${r.policy}: ${r.required} of ${r.group} (${r.given} given)`,
            ),
          ...(approvals.standardChange && !approvals.standardChange.qualifies
            ? [
                `not pre-approved as the standard change "${approvals.standardChange.name}": ${approvals.standardChange.reason}`,
              ]
            : []),
        ].join('; '),
      };
    }
    const chosen =
      approved.find(
        a =>
          freezes.blocking(a.release).length === 0 &&
          freezes.closedAllowWindows(a.release).length === 0,
      ) ?? approved[0];
    if (chosen) {
      const { release, how } = chosen;
      context.release = release;
      return [
        {
          id: 'release-in-deploy',
          passed: true,
          reason: name =>
            `${name(release)} is in deploy for ${environment.name}`,
        },
        {
          id: 'approvals',
          passed: true,
          reason: name =>
            release.breakGlass ? `${name(release)} ${how}` : how,
        },
      ];
    }
    const { release, missing } = pending!;
    context.release = release;
    return [
      {
        id: 'release-in-deploy',
        passed: true,
        reason: name => `${name(release)} is in deploy for ${environment.name}`,
      },
      {
        id: 'approvals',
        passed: false,
        reason: name =>
          `the approvals of ${name(
            release,
          )} are not all in as it is now: ${missing}`,
      },
    ];
  }

  /** The freezes and allow windows in force now for the environment and component, by what they let through. */
  private async activeFreezes(
    context: DeployCheckContext,
  ): Promise<FreezeView> {
    const { at, environment, entityRef } = context;
    const inForce = await this.options.freezes.inForce(at);
    const active = inForce.freezes.filter(
      o => o.kind === 'freeze' && o.environments.includes(environment.name),
    );
    const restricting = this.options.freezes.allowWindowsFor(environment.name);
    const open = new Set(
      inForce.allowWindows
        .filter(o => o.environments.includes(environment.name))
        .map(o => o.window),
    );
    let facts: EntityFacts | undefined;
    if ([...active, ...restricting].some(o => o.selector)) {
      // Which components a window covers is a fact of the window, not of
      // who asks: the plugin's own view of the catalog.
      facts = await this.factsOf(entityRef);
    }
    const covers = (o: { selector?: FreezeOccurrence['selector'] }) =>
      !o.selector || Boolean(facts && selectorMatches(o.selector, facts));
    const covering = active.filter(covers);
    const restrictions = restricting.filter(covers);
    const letsThrough = (o: { allow: Release['type'][] }, release?: Release) =>
      Boolean(release && o.allow.includes(release.type));
    return {
      blocking: release => covering.filter(o => !letsThrough(o, release)),
      closedAllowWindows: release => {
        const binding = restrictions.filter(w => !letsThrough(w, release));
        return binding.length === 0 || binding.some(w => open.has(w.name))
          ? []
          : binding.map(w => w.name);
      },
      restricted: restrictions.length > 0,
    };
  }

  private async factsOf(entityRef: string) {
    return (await this.options.catalogFacts.local().facts([entityRef])).get(
      entityRef,
    );
  }

  private freezeCheck(
    context: DeployCheckContext,
    freezes: FreezeView,
  ): DeployCheckResult {
    const { environment, release } = context;
    const blocked = freezes.blocking(release);
    if (blocked.length === 0) {
      return {
        id: 'freeze',
        passed: true,
        reason: () => 'no freeze window blocks it now',
      };
    }
    const reason = blocked
      .map(o => {
        const allowed = o.allow.length
          ? ` (only ${o.allow.join(', ')} releases may deploy)`
          : '';
        if (o.runtime) {
          return `the freeze "${o.window}" declared by ${
            o.runtime.declaredBy
          } (${o.runtime.reason}) covers ${environment.name} ${
            o.runtime.openEnded ? 'until it is lifted' : `until ${o.end}`
          }${allowed}`;
        }
        return `the freeze "${o.window}" covers ${environment.name} until ${o.end}${allowed}`;
      })
      .join('; ');
    return { id: 'freeze', passed: false, reason: () => reason };
  }

  private allowWindowCheck(
    context: DeployCheckContext,
    freezes: FreezeView,
  ): DeployCheckResult {
    const closed = freezes.closedAllowWindows(context.release);
    const { environment } = context;
    if (closed.length === 0) {
      return {
        id: 'allow-window',
        passed: true,
        reason: () =>
          `an allow window of ${environment.name} is open now, or the release's type may deploy outside them`,
      };
    }
    const reason = `${
      environment.name
    } takes deploys only inside its allow windows (${closed
      .map(name => `"${name}"`)
      .join(', ')}), and none is open now`;
    return { id: 'allow-window', passed: false, reason: () => reason };
  }
}
