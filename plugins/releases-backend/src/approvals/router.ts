import { AuditorService } from '@backstage/backend-plugin-api';
import {
  approvalDecisionSchema,
  gateQuerySchema,
  pageQuerySchema,
  policyDryRunSchema,
} from '@backstage-itsm/plugin-releases-common';
import express from 'express';
import Router from 'express-promise-router';
import { audited } from '../service/audit';
import { Callers } from '../service/Callers';
import { parseInput } from '../service/validation';
import { AuthorizedApprovalService } from './AuthorizedApprovalService';
import { sendJsonInSlices } from '../service/sendJson';

/** Routes of approvals, the deploy gate and policies: parse, then ask the authorizing layer. */
export function createApprovalsRouter(options: {
  callers: Callers;
  auditor: AuditorService;
  approvals: AuthorizedApprovalService;
}): express.Router {
  const { callers, auditor, approvals } = options;
  const router = Router();

  router.get('/releases/:id/approvals', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    res.json(await approvals.approvals(caller, req.params.id));
  });

  router.post('/releases/:id/approvals', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const input = parseInput(approvalDecisionSchema, req.body);
    const result = await audited(
      auditor,
      {
        eventId: 'release-approval',
        request: req,
        meta: { releaseId: req.params.id, decision: input.decision },
      },
      () => approvals.decide(caller, req.params.id, input),
      r => ({
        decisionId: r.decision.id,
        status: r.approvals.status,
        created: r.created,
      }),
    );
    const { created, ...answer } = result;
    res.status(created ? 201 : 200).json(answer);
  });

  router.get('/approvals/inbox', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    await sendJsonInSlices(res, await approvals.inbox(caller));
  });

  router.get('/approvals/decided', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const page = parseInput(pageQuerySchema, req.query);
    res.json(await approvals.decided(caller, page));
  });

  router.get('/gate', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    const query = parseInput(gateQuerySchema, req.query);
    res.json(await approvals.gate(caller, query));
  });

  router.get('/policies', async (req, res) => {
    await callers.of(req, ['user', 'service']);
    res.json(approvals.policies());
  });

  router.post('/policies/dry-run', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const input = parseInput(policyDryRunSchema, req.body);
    await sendJsonInSlices(
      res,
      await approvals.dryRun(caller, {
        // Checked by the policy parser, which names each policy in its errors.
        policies: (req.body as { policies?: unknown }).policies,
        separationOfDuties: input.separationOfDuties,
        from: input.from,
        to: input.to,
      }),
    );
  });

  return router;
}
