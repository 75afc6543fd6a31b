import { AuditorService } from '@backstage/backend-plugin-api';
import {
  addCabItemSchema,
  cabDecisionSchema,
  cabMinutesSchema,
  listCabMeetingsQuerySchema,
} from '@backstage-itsm/plugin-releases-common';
import express from 'express';
import Router from 'express-promise-router';
import { audited } from '../service/audit';
import { Callers } from '../service/Callers';
import { parseInput } from '../service/validation';
import { AuthorizedCabService } from './AuthorizedCabService';

/** Routes of CAB boards and meetings: parse, then ask the authorizing layer. */
export function createCabRouter(options: {
  callers: Callers;
  auditor: AuditorService;
  cab: AuthorizedCabService;
}): express.Router {
  const { callers, auditor, cab } = options;
  const router = Router();

  router.get('/cab/boards', async (req, res) => {
    await callers.of(req, ['user', 'service']);
    res.json(cab.boards());
  });

  router.get('/cab/meetings', async (req, res) => {
    await callers.of(req, ['user', 'service']);
    const query = parseInput(listCabMeetingsQuerySchema, req.query);
    res.json(cab.meetings(query));
  });

  router.get('/cab/meetings/:id', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    res.json(await cab.meeting(caller, req.params.id));
  });

  router.post('/cab/meetings/:id/items', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const input = parseInput(addCabItemSchema, req.body);
    const { item, created } = await audited(
      auditor,
      {
        eventId: 'cab-item-add',
        request: req,
        meta: { meetingId: req.params.id, releaseId: input.releaseId },
      },
      () => cab.addItem(caller, req.params.id, input),
      r => ({ releaseId: r.item.release.id, created: r.created }),
    );
    res.status(created ? 201 : 200).json(item);
  });

  router.post(
    '/cab/meetings/:id/items/:releaseId/decision',
    async (req, res) => {
      const caller = await callers.of(req, ['user']);
      const input = parseInput(cabDecisionSchema, req.body);
      const { created, ...answer } = await audited(
        auditor,
        {
          eventId: 'cab-decision',
          request: req,
          meta: {
            meetingId: req.params.id,
            releaseId: req.params.releaseId,
            decision: input.decision,
          },
        },
        () => cab.decide(caller, req.params.id, req.params.releaseId, input),
        r => ({
          decisionId: r.decision.id,
          status: r.approvals.status,
          created: r.created,
        }),
      );
      res.status(created ? 201 : 200).json(answer);
    },
  );

  router.put('/cab/meetings/:id/minutes', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const { text } = parseInput(cabMinutesSchema, req.body);
    res.json(
      await audited(
        auditor,
        {
          eventId: 'cab-minutes',
          request: req,
          meta: { meetingId: req.params.id, length: text.length },
        },
        () => cab.setMinutes(caller, req.params.id, text),
        meeting => ({ meetingId: meeting.id }),
      ),
    );
  });

  return router;
}
