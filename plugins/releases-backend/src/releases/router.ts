import { AuditorService } from '@backstage/backend-plugin-api';
import {
  createReleaseSchema,
  listReleasesQuerySchema,
  pageQuerySchema,
  Release,
  transitionRequestSchema,
  updateReleaseSchema,
} from '@backstage-itsm/plugin-releases-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { audited } from '../service/audit';
import { Callers } from '../service/Callers';
import { parseInput } from '../service/validation';
import { AuthorizedReleaseService } from './AuthorizedReleaseService';

const eventsQuerySchema = pageQuerySchema.extend({
  order: z
    .enum(['asc', 'desc'], { error: 'must be asc or desc' })
    .default('desc'),
});

function releaseMeta(release: Release) {
  return {
    releaseId: release.id,
    phase: release.phase,
    revision: release.revision,
  };
}

/** Routes of the release lifecycle: parse, then ask the authorizing layer. */
export function createReleasesRouter(options: {
  callers: Callers;
  auditor: AuditorService;
  releases: AuthorizedReleaseService;
}): express.Router {
  const { callers, auditor, releases } = options;
  const router = Router();

  router.get('/releases', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    const query = parseInput(listReleasesQuerySchema, req.query);
    res.json(await releases.list(caller, query));
  });

  router.post('/releases', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const input = parseInput(createReleaseSchema, req.body);
    const release = await audited(
      auditor,
      { eventId: 'release-create', request: req },
      () => releases.create(caller, input),
      releaseMeta,
    );
    res.status(201).json(release);
  });

  router.get('/releases/:id', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    res.json(await releases.detail(caller, req.params.id));
  });

  router.patch('/releases/:id', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const input = parseInput(updateReleaseSchema, req.body);
    const release = await audited(
      auditor,
      {
        eventId: 'release-update',
        request: req,
        meta: { releaseId: req.params.id, fields: Object.keys(input) },
      },
      () => releases.update(caller, req.params.id, input),
      releaseMeta,
    );
    res.json(release);
  });

  router.post('/releases/:id/transitions', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const input = parseInput(transitionRequestSchema, req.body);
    const release = await audited(
      auditor,
      {
        eventId: 'release-transition',
        request: req,
        meta: { releaseId: req.params.id, to: input.to },
      },
      () => releases.transition(caller, req.params.id, input),
      releaseMeta,
    );
    res.json(release);
  });

  router.get('/releases/:id/events', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    const page = parseInput(eventsQuerySchema, req.query);
    res.json(await releases.events(caller, req.params.id, page));
  });

  return router;
}
