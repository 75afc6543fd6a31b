import {
  calendarQuerySchema,
  createFeedTokenSchema,
  feedQuerySchema,
  listFeedTokensQuerySchema,
  planCheckSchema,
} from '@backstage-itsm/plugin-releases-common';
import { NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { Callers } from '../service/Callers';
import { parseInput } from '../service/validation';
import { AuthorizedCalendarService } from './AuthorizedCalendarService';
import { sendJsonInSlices } from '../service/sendJson';

/** Feed tokens are secrets: they never reach the access log. */
export function redactFeedToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/g, '$1[redacted]');
}

/** Routes of the calendar and its feeds: parse, then ask the authorizing layer. */
export function createCalendarRouter(options: {
  callers: Callers;
  calendar: AuthorizedCalendarService;
}): express.Router {
  const { callers, calendar } = options;
  const router = Router();

  router.get('/calendar', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    const query = parseInput(calendarQuerySchema, req.query);
    await sendJsonInSlices(res, await calendar.calendar(caller, query));
  });

  router.post('/calendar/check', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const plan = parseInput(planCheckSchema, req.body);
    const { releaseId, ...rest } = plan;
    res.json({
      warnings: await calendar.checkPlan(caller, {
        ...rest,
        id: releaseId ?? '',
      }),
    });
  });

  router.get('/freeze-windows', async (req, res) => {
    await callers.of(req, ['user', 'service']);
    res.json({ items: await calendar.windows() });
  });

  // Calendar apps cannot sign in: the feed takes a user's secret feed token,
  // or normal credentials, and nothing else.
  router.get('/calendar.ics', async (req, res) => {
    // The request is logged when it finishes: log it without its secret.
    req.originalUrl = redactFeedToken(req.originalUrl);
    req.url = redactFeedToken(req.url);
    const query = parseInput(feedQuerySchema, req.query);
    const caller = req.headers.authorization
      ? await callers.of(req, ['user', 'service'])
      : undefined;
    const ics = await calendar.feed(caller, query);
    res.type('text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', 'inline; filename="releases.ics"');
    res.send(ics);
  });

  router.post('/feed-tokens', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const { name } = parseInput(createFeedTokenSchema, req.body);
    res.status(201).json(await calendar.createFeedToken(caller, name));
  });

  router.get('/feed-tokens', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const page = parseInput(listFeedTokensQuerySchema, req.query);
    res.json(await calendar.listFeedTokens(caller, page));
  });

  router.delete('/feed-tokens/:id', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    if (!(await calendar.revokeFeedToken(caller, req.params.id))) {
      throw new NotFoundError(
        `You have no live feed token with id ${req.params.id}`,
      );
    }
    res.status(204).end();
  });

  return router;
}
