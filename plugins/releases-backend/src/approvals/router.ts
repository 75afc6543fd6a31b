import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  approvalDecisionSchema,
  gateQuerySchema,
  policyDryRunSchema,
  releaseApprovePermission,
  releaseReadPermission,
  policyDryRunPermission,
} from '@backstage-itsm/plugin-releases-common';
import express from 'express';
import Router from 'express-promise-router';
import { EnvironmentConfig } from '../config';
import { DeploymentStore } from '../configuration/DeploymentStore';
import { ReleaseAuthorizer } from '../permissions/ReleaseAuthorizer';
import { ReleaseStore } from '../releases/ReleaseStore';
import { audited } from '../service/audit';
import { catalogCredentialsFor, userRefOf } from '../service/credentials';
import { parseInput } from '../service/validation';
import { ApprovalService } from './ApprovalService';
import { DeploymentGate } from './DeploymentGate';
import { dryRunPolicies } from './dryRun';
import { parsePolicies } from './policies';

export function createApprovalsRouter(options: {
  auth: AuthService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: ReleaseAuthorizer;
  approvals: ApprovalService;
  gate: DeploymentGate;
  releases: ReleaseStore;
  deployments: DeploymentStore;
  environments: EnvironmentConfig[];
}): express.Router {
  const { auth, httpAuth, auditor, authorizer, approvals, gate, releases } =
    options;
  const router = Router();

  async function loadRelease(id: string, credentials: BackstageCredentials) {
    const release = await releases.get(id);
    if (!release) {
      throw new NotFoundError(`No release with id ${id}`);
    }
    await authorizer.assertAllowedOn(
      releaseReadPermission,
      release,
      credentials,
    );
    return release;
  }

  router.get('/releases/:id/approvals', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const release = await loadRelease(req.params.id, credentials);
    res.json(
      await approvals.evaluate(release, credentials, {
        viewer: userRefOf(credentials),
      }),
    );
  });

  router.post('/releases/:id/approvals', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const release = await loadRelease(req.params.id, credentials);
    await authorizer.assertAllowedOn(
      releaseApprovePermission,
      release,
      credentials,
    );
    const input = parseInput(approvalDecisionSchema, req.body);
    const result = await audited(
      auditor,
      {
        eventId: 'release-approval',
        request: req,
        meta: { releaseId: release.id, decision: input.decision },
      },
      () =>
        approvals.decide(
          release.id,
          input,
          credentials.principal.userEntityRef,
          credentials,
        ),
      r => ({ decisionId: r.decision.id, status: r.approvals.status }),
    );
    res.status(201).json(result);
  });

  router.get('/approvals/inbox', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    // The inbox lists releases: only those the caller may read.
    const condition = await authorizer.listFilter(
      releaseReadPermission,
      credentials,
    );
    const items = await approvals.inbox(
      credentials.principal.userEntityRef,
      credentials,
      condition,
    );
    res.json({ items, totalCount: items.length });
  });

  router.get('/gate', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseInput(gateQuerySchema, req.query);
    res.json(
      await gate.check(query, () => catalogCredentialsFor(auth, credentials)),
    );
  });

  router.get('/policies', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({
      policies: approvals.policies.policies,
      separationOfDuties: approvals.policies.separationOfDuties,
    });
  });

  router.post('/policies/dry-run', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await authorizer.assertAllowed(policyDryRunPermission, credentials);
    const input = parseInput(policyDryRunSchema, req.body);
    if (Date.parse(input.to) <= Date.parse(input.from)) {
      throw new InputError('to: must be after from');
    }
    if (Date.parse(input.to) - Date.parse(input.from) > 400 * 86400000) {
      throw new InputError('to: the range may span at most 400 days');
    }
    let policies;
    try {
      policies = parsePolicies(
        req.body.policies,
        options.environments.map(e => e.name),
        (index, name) =>
          index < 0
            ? 'policies'
            : `policies.${index}${name ? ` ("${name}")` : ''}`,
      );
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    res.json(
      await dryRunPolicies({
        policies,
        separationOfDuties:
          input.separationOfDuties ?? approvals.policies.separationOfDuties,
        from: input.from,
        to: input.to,
        approvals,
        releases,
        deployments: options.deployments,
        environments: options.environments,
        credentials,
      }),
    );
  });

  return router;
}
