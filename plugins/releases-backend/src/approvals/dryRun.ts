import {
  ApprovalPolicy,
  DryRunResult,
} from '@backstage-itsm/plugin-releases-common';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { DeploymentStore } from '../configuration/DeploymentStore';
import { EnvironmentConfig } from '../config';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { MemoCatalogFacts } from '../catalog/MemoCatalogFacts';
import { ApprovalEvaluator } from '../governance/ApprovalEvaluator';
import { ReleaseFilter, ReleaseStore } from '../releases/ReleaseStore';

/** How many releases and deployments (per gated environment) a dry-run looks at. */
export const DRY_RUN_LIMIT = 500;

/**
 * What a candidate policy set would have done over a time range: which
 * releases would need approvals, which got past the deploy gate without
 * satisfying it, and which gated deployments it would have blocked. Only
 * releases the caller may read are looked at (`condition`); a deployment of
 * a release they may not read is shown without its release.
 */
export async function dryRunPolicies(options: {
  policies: ApprovalPolicy[];
  separationOfDuties: boolean;
  from: string;
  to: string;
  evaluator: ApprovalEvaluator;
  catalogFacts: CatalogFacts;
  releases: ReleaseStore;
  deployments: DeploymentStore;
  environments: EnvironmentConfig[];
  condition?: ReleaseFilter['condition'];
  /** Of these release ids, the ones the caller may read. */
  readable(ids: string[]): Promise<Set<string>>;
}): Promise<DryRunResult> {
  const evaluator = options.evaluator.over(
    new MemoCatalogFacts(options.catalogFacts),
  );
  const page = await options.releases.list(
    { from: options.from, to: options.to, condition: options.condition },
    { limit: DRY_RUN_LIMIT, offset: 0, order: 'asc' },
  );

  const verdicts = new Map<
    string,
    { wouldHaveBlocked: boolean; missing: string[] }
  >();
  const releases: DryRunResult['releases'] = [];
  const allDecisions = await evaluator.decisionsOf(page.items.map(r => r.id));
  for (const [index, release] of page.items.entries()) {
    // Hundreds of evaluations: let other requests in between.
    if (index % 5 === 4) {
      await yieldToEventLoop();
    }
    // Judged as if approvals had been asked for in a single round, without break-glass.
    const asPlanned = { ...release, breakGlass: null };
    const decisions = allDecisions.filter(d => d.releaseId === release.id);
    const result = await evaluator.evaluate(asPlanned, {
      policies: options.policies,
      separationOfDuties: options.separationOfDuties,
      decisions: decisions.map(d => ({ ...d, round: release.approvalRound })),
    });
    const pastGate = ['deploy', 'review', 'closed'].includes(release.phase);
    const missing = result.rules
      .filter(r => r.state !== 'satisfied')
      .map(r => `${r.policy}: ${r.required} of ${r.group} (${r.given} given)`);
    const wouldHaveBlocked =
      pastGate &&
      result.status !== 'approved' &&
      result.status !== 'not_required';
    verdicts.set(release.id, { wouldHaveBlocked, missing });
    releases.push({
      release: {
        id: release.id,
        title: release.title,
        type: release.type,
        phase: release.phase,
        owner: release.owner,
        plannedStart: release.plannedStart,
        plannedEnd: release.plannedEnd,
      },
      policies: result.policies,
      requiredApprovals: result.rules.reduce((sum, r) => sum + r.required, 0),
      wouldHaveBlocked,
      missing,
    });
  }

  const gated = options.environments.filter(e => e.gated).map(e => e.name);
  const deployments: DryRunResult['deployments'] = [];
  for (const environment of gated) {
    const { items } = await options.deployments.list(
      { environment, from: options.from, to: options.to },
      { limit: DRY_RUN_LIMIT, offset: 0 },
    );
    const visible = await options.readable(
      items.map(d => d.releaseId).filter((id): id is string => Boolean(id)),
    );
    for (const d of items) {
      const releaseId =
        d.releaseId && visible.has(d.releaseId) ? d.releaseId : null;
      const verdict = releaseId ? verdicts.get(releaseId) : undefined;
      let wouldHaveBlocked = false;
      let reason = 'its release satisfies the candidate policies';
      if (!d.releaseId) {
        wouldHaveBlocked = !d.authorized;
        reason = d.authorized ? d.authorizationReason : 'no release in deploy';
      } else if (!releaseId) {
        reason = 'its release is not one you may read';
      } else if (!verdict) {
        reason = 'its release is outside the range';
      } else if (verdict.wouldHaveBlocked) {
        wouldHaveBlocked = true;
        reason = `its release lacks ${verdict.missing.join('; ')}`;
      }
      deployments.push({
        deploymentId: d.id,
        entityRef: d.entityRef,
        environment: d.environment,
        version: d.version,
        deployedAt: d.deployedAt,
        releaseId,
        wouldHaveBlocked,
        reason,
      });
    }
  }
  return { from: options.from, to: options.to, releases, deployments };
}
