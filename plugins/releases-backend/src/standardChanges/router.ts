import express from 'express';
import Router from 'express-promise-router';
import { Callers } from '../service/Callers';
import { StandardChanges } from './StandardChanges';

/** The standard change catalogue: configuration, the same for everyone signed in. */
export function createStandardChangesRouter(options: {
  callers: Callers;
  standardChanges: StandardChanges;
}): express.Router {
  const { callers, standardChanges } = options;
  const router = Router();

  router.get('/standard-changes', async (req, res) => {
    await callers.of(req, ['user', 'service']);
    res.json({ items: standardChanges.list() });
  });

  return router;
}
