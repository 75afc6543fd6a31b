import { listUnmappedEventsQuerySchema } from '@backstage-itsm/plugin-releases-common';
import express from 'express';
import Router from 'express-promise-router';
import { Callers } from '../service/Callers';
import { parseInput } from '../service/validation';
import { AuthorizedEventService } from './AuthorizedEventService';

/** Routes of event ingestion: parse, then ask the authorizing layer. */
export function createEventsRouter(options: {
  callers: Callers;
  events: AuthorizedEventService;
}): express.Router {
  const { callers, events } = options;
  const router = Router();

  router.get('/events/unmapped', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    const query = parseInput(listUnmappedEventsQuerySchema, req.query);
    res.json(await events.unmapped(caller, query));
  });

  return router;
}
