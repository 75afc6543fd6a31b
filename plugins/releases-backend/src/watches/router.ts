import { AuditorService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  createWatchSchema,
  pageQuerySchema,
  statusUpdateSchema,
} from '@backstage-itsm/plugin-releases-common';
import express from 'express';
import Router from 'express-promise-router';
import { audited } from '../service/audit';
import { Callers } from '../service/Callers';
import { parseInput } from '../service/validation';
import { AuthorizedWatchService } from './AuthorizedWatchService';

/** Routes of watches and status updates: parse, then ask the authorizing layer. */
export function createWatchesRouter(options: {
  callers: Callers;
  auditor: AuditorService;
  watches: AuthorizedWatchService;
}): express.Router {
  const { callers, auditor, watches } = options;
  const router = Router();

  router.post('/watches', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const input = parseInput(createWatchSchema, req.body);
    const { watch, created } = await audited(
      auditor,
      {
        eventId: 'watch-create',
        request: req,
        meta: input.releaseId
          ? { releaseId: input.releaseId }
          : { entityRef: input.entityRef ?? null },
      },
      () => watches.watch(caller, input),
      r => ({ watchId: r.watch.id, created: r.created }),
    );
    res.status(created ? 201 : 200).json(watch);
  });

  router.get('/watches', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const page = parseInput(pageQuerySchema, req.query);
    res.json(await watches.watches(caller, page));
  });

  router.delete('/watches/:id', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    await audited(
      auditor,
      {
        eventId: 'watch-delete',
        request: req,
        meta: { watchId: req.params.id },
      },
      async () => {
        if (!(await watches.unwatch(caller, req.params.id))) {
          throw new NotFoundError(`You have no watch with id ${req.params.id}`);
        }
      },
      () => ({ watchId: req.params.id }),
    );
    res.status(204).end();
  });

  router.post('/releases/:id/updates', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const input = parseInput(statusUpdateSchema, req.body);
    const update = await audited(
      auditor,
      {
        eventId: 'release-status-update',
        request: req,
        meta: { releaseId: req.params.id, health: input.health },
      },
      () => watches.postUpdate(caller, req.params.id, input),
      u => ({ releaseId: u.releaseId, updateId: u.id }),
    );
    res.status(201).json(update);
  });

  router.get('/releases/:id/updates', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    const page = parseInput(pageQuerySchema, req.query);
    res.json(await watches.updates(caller, req.params.id, page));
  });

  return router;
}
