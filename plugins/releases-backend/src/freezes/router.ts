import { AuditorService } from '@backstage/backend-plugin-api';
import {
  declareFreezeSchema,
  liftFreezeSchema,
  listFreezesQuerySchema,
  RuntimeFreeze,
} from '@backstage-itsm/plugin-releases-common';
import express from 'express';
import Router from 'express-promise-router';
import { audited } from '../service/audit';
import { Callers } from '../service/Callers';
import { parseInput } from '../service/validation';
import { AuthorizedFreezeService } from './AuthorizedFreezeService';

const freezeMeta = (freeze: RuntimeFreeze) => ({
  freezeId: freeze.id,
  name: freeze.name,
  environments: freeze.environments,
  startsAt: freeze.startsAt,
  endsAt: freeze.endsAt,
  state: freeze.state,
});

/** Routes of runtime freezes: parse, then ask the authorizing layer. */
export function createFreezesRouter(options: {
  callers: Callers;
  auditor: AuditorService;
  freezes: AuthorizedFreezeService;
}): express.Router {
  const { callers, auditor, freezes } = options;
  const router = Router();

  router.post('/freezes', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const input = parseInput(declareFreezeSchema, req.body);
    const freeze = await audited(
      auditor,
      { eventId: 'freeze-declare', request: req },
      () => freezes.declare(caller, input),
      freezeMeta,
    );
    res.status(201).json(freeze);
  });

  router.get('/freezes', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    const query = parseInput(listFreezesQuerySchema, req.query);
    res.json(await freezes.list(caller, query));
  });

  router.delete('/freezes/:id', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    // A body is optional: `{ reason }` says why it is lifted.
    const { reason } = parseInput(liftFreezeSchema, req.body);
    const freeze = await audited(
      auditor,
      {
        eventId: 'freeze-lift',
        request: req,
        meta: { freezeId: req.params.id },
      },
      () => freezes.lift(caller, req.params.id, reason),
      freezeMeta,
    );
    res.json(freeze);
  });

  return router;
}
