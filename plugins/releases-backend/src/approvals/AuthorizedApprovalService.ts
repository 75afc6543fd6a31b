import {
  ApprovalDecisionRequest,
  GateResponse,
  policyDryRunPermission,
  Release,
  releaseApprovePermission,
} from '@backstage-itsm/plugin-releases-common';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { normalizeEntityRef } from '../catalog/refs';
import { EnvironmentConfig, requireEnvironment } from '../config';
import { DeploymentStore } from '../configuration/DeploymentStore';
import { DeployGate } from '../governance/DeployGate';
import { readCondition } from '../permissions/ReleaseAccess';
import { ReleaseVisibility } from '../permissions/ReleaseVisibility';
import { ReleaseStore } from '../releases/ReleaseStore';
import { Caller, readableRelease, releaseToActOn } from '../service/Callers';
import { FieldInputError } from '../service/errors';
import { ApprovalService } from './ApprovalService';
import { dryRunPolicies } from './dryRun';
import { parsePolicies } from './policies';

/**
 * The authorizing layer of approvals, the deploy gate and the policy
 * dry-run: read permission first (a hidden release is an unknown id), then
 * the route's own permission; answers name only releases the caller may read.
 */
export class AuthorizedApprovalService {
  constructor(
    private readonly options: {
      approvals: ApprovalService;
      releases: ReleaseStore;
      deployments: DeploymentStore;
      gate: DeployGate;
      visibility: ReleaseVisibility;
      catalogFacts: CatalogFacts;
      environments: EnvironmentConfig[];
      clock?: () => Date;
    },
  ) {}

  private readable(caller: Caller, id: string): Promise<Release> {
    return readableRelease(caller, this.options.releases, id);
  }

  async approvals(caller: Caller, id: string) {
    const release = await this.readable(caller, id);
    return this.options.approvals.evaluate(release, caller.userRef);
  }

  async decide(
    caller: Caller,
    id: string,
    input: Required<ApprovalDecisionRequest>,
  ) {
    const release = await releaseToActOn(
      caller,
      this.options.releases,
      id,
      releaseApprovePermission,
    );
    return this.options.approvals.decide(release, input, caller.userRef!);
  }

  async inbox(caller: Caller) {
    const condition = (await caller.access()).listFilter();
    const { items, truncated } = await this.options.approvals.inbox(
      caller.userRef!,
      condition,
    );
    return { items, totalCount: items.length, truncated };
  }

  async decided(caller: Caller, page: { limit: number; offset: number }) {
    const condition = (await caller.access()).listFilter();
    const result = await this.options.approvals.decided(
      caller.userRef!,
      page,
      condition,
    );
    return { ...result, ...page };
  }

  /** May this deploy happen now? Worded for the caller: releases they may not read stay anonymous. */
  async gate(
    caller: Caller,
    query: { entityRef: string; environment: string; version?: string },
  ): Promise<GateResponse> {
    const entityRef = normalizeEntityRef(
      query.entityRef,
      'component',
      'entityRef',
    );
    const environment = requireEnvironment(
      this.options.environments,
      query.environment,
    );
    const verdict = await this.options.gate.evaluate(
      { entityRef, environment, version: query.version },
      this.options.clock?.() ?? new Date(),
    );
    // The permission policy is asked only when an answer would name a release.
    const access =
      verdict.mentions.length > 0 ? await caller.access() : undefined;
    const name = (release: Release) =>
      access?.canRead(release) ? `release "${release.title}"` : 'a release';
    const checks = verdict.checks(name);
    return {
      allowed: verdict.allowed,
      reasons: verdict.allowed
        ? checks.map(c => c.reason)
        : checks.filter(c => !c.passed).map(c => c.reason),
      releaseId:
        verdict.release && access?.canRead(verdict.release)
          ? verdict.release.id
          : null,
      checks,
    };
  }

  async dryRun(
    caller: Caller,
    input: {
      policies: unknown;
      separationOfDuties?: boolean;
      from: string;
      to: string;
    },
  ) {
    const access = await caller.access(policyDryRunPermission);
    access.assertAllowed(policyDryRunPermission);
    const { approvals, environments } = this.options;
    let policies;
    try {
      policies = parsePolicies(
        input.policies,
        environments.map(e => e.name),
        (index, name) =>
          index < 0
            ? 'policies'
            : `policies.${index}${name ? ` ("${name}")` : ''}`,
      );
    } catch (error) {
      const message = (error as Error).message;
      const colon = message.indexOf(': ');
      throw new FieldInputError([
        {
          field:
            colon > 0
              ? message.slice(0, colon).replace(/ \(".*"\)/, '')
              : 'policies',
          message: colon > 0 ? message.slice(colon + 2) : message,
        },
      ]);
    }
    // A group the catalog does not know would silently never approve anything.
    const groups = [
      ...new Set(
        policies.flatMap((p, index) =>
          p.require.flatMap((r, i) =>
            r.group
              ? [
                  {
                    ref: r.group,
                    field: `policies.${index}.require.${i}.group`,
                  },
                ]
              : [],
          ),
        ),
      ),
    ];
    if (groups.length > 0) {
      const existing = await (
        await caller.catalog()
      ).existing(groups.map(g => g.ref));
      const lower = new Set(
        [...existing].map(r => r.toLocaleLowerCase('en-US')),
      );
      const missing = groups.filter(
        g => !lower.has(g.ref.toLocaleLowerCase('en-US')),
      );
      if (missing.length > 0) {
        throw new FieldInputError(
          missing.map(m => ({
            field: m.field,
            message: `${m.ref} does not exist in the catalog`,
          })),
        );
      }
    }
    return dryRunPolicies({
      policies,
      separationOfDuties:
        input.separationOfDuties ??
        approvals.evaluator.settings.separationOfDuties,
      from: input.from,
      to: input.to,
      evaluator: approvals.evaluator,
      catalogFacts: this.options.catalogFacts,
      releases: this.options.releases,
      deployments: this.options.deployments,
      environments,
      condition: readCondition(access.rows()),
      readable: ids => this.options.visibility.readableIds(access, ids),
    });
  }

  /** The effective policies (configuration, the same for everyone). */
  policies() {
    const { settings } = this.options.approvals.evaluator;
    return {
      policies: settings.policies,
      separationOfDuties: settings.separationOfDuties,
    };
  }
}
