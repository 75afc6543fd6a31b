import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ApprovalPolicy,
  DryRunResult,
} from '@backstage-itsm/plugin-releases-common';
import { DeploymentStore } from '../configuration/DeploymentStore';
import { EnvironmentConfig } from '../config';
import { ReleaseStore } from '../releases/ReleaseStore';
import { ApprovalService } from './ApprovalService';

/** How many releases and deployments a dry-run looks at. */
const DRY_RUN_LIMIT = 500;

/**
 * What a candidate policy set would have done over a time range: which
 * releases would need approvals, which got past the deploy gate without
 * satisfying it, and which gated deployments it would have blocked.
 */
export async function dryRunPolicies(options: {
  policies: ApprovalPolicy[];
  separationOfDuties: boolean;
  from: string;
  to: string;
  approvals: ApprovalService;
  releases: ReleaseStore;
  deployments: DeploymentStore;
  environments: EnvironmentConfig[];
  credentials: BackstageCredentials;
}): Promise<DryRunResult> {
  const { approvals, credentials } = options;
  const page = await options.releases.list(
    { from: options.from, to: options.to },
    { limit: DRY_RUN_LIMIT, offset: 0, order: 'asc' },
  );

  const verdicts = new Map<
    string,
    { wouldHaveBlocked: boolean; missing: string[] }
  >();
  const releases: DryRunResult['releases'] = [];
  for (const release of page.items) {
    // Judged as if approvals had been asked for in a single round, without break-glass.
    const asPlanned = { ...release, breakGlass: null };
    const result = await approvals.evaluate(asPlanned, credentials, {
      policies: options.policies,
      separationOfDuties: options.separationOfDuties,
      decisions: (
        await approvals.decisionsOf(release.id)
      ).map(d => ({ ...d, round: release.approvalRound })),
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
    for (const d of items) {
      const verdict = d.releaseId ? verdicts.get(d.releaseId) : undefined;
      let wouldHaveBlocked = false;
      let reason = 'its release satisfies the candidate policies';
      if (!d.releaseId) {
        wouldHaveBlocked = !d.authorized;
        reason = d.authorized ? d.authorizationReason : 'no release in deploy';
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
        releaseId: d.releaseId,
        wouldHaveBlocked,
        reason,
      });
    }
  }
  return { from: options.from, to: options.to, releases, deployments };
}
