import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  createReleaseSchema,
  listReleasesQuerySchema,
  pageQuerySchema,
  Release,
  releaseCreatePermission,
  releaseReadPermission,
  releaseTransitionPermission,
  releaseUpdatePermission,
  transitionRequestSchema,
  updateReleaseSchema,
} from '@backstage-itsm/plugin-releases-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { CalendarService } from '../calendar/CalendarService';
import { ReleaseAuthorizer } from '../permissions/ReleaseAuthorizer';
import { audited } from '../service/audit';
import { parseInput } from '../service/validation';
import { ReleaseService } from './ReleaseService';
import { ReleaseStore } from './ReleaseStore';

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

export function createReleasesRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: ReleaseAuthorizer;
  service: ReleaseService;
  store: ReleaseStore;
  /** Freezes and collisions, returned as warnings when a plan is saved. */
  planChecker?: Pick<CalendarService, 'checkPlan'>;
  /** Tells approvers about a release that awaits them. */
  announcer?: {
    announce(
      release: Release,
      credentials: BackstageCredentials,
    ): Promise<void>;
  };
}): express.Router {
  const {
    httpAuth,
    auditor,
    authorizer,
    service,
    store,
    planChecker,
    announcer,
  } = options;
  const router = Router();

  async function withWarnings(
    release: Release,
    credentials: BackstageCredentials,
  ) {
    const warnings = planChecker
      ? await planChecker.checkPlan(release, credentials)
      : [];
    return { ...release, warnings };
  }

  router.get('/releases', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const query = parseInput(listReleasesQuerySchema, req.query);
    const condition = await authorizer.listFilter(
      releaseReadPermission,
      credentials,
    );
    res.json(await service.list(query, credentials, condition));
  });

  router.post('/releases', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await authorizer.assertAllowed(releaseCreatePermission, credentials);
    const input = parseInput(createReleaseSchema, req.body);
    const release = await audited(
      auditor,
      { eventId: 'release-create', request: req },
      () =>
        service.create(input, credentials.principal.userEntityRef, credentials),
      releaseMeta,
    );
    await announcer?.announce(release, credentials);
    res.status(201).json(await withWarnings(release, credentials));
  });

  router.get('/releases/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const release = await service.get(req.params.id);
    await authorizer.assertAllowedOn(
      releaseReadPermission,
      release,
      credentials,
    );
    res.json(release);
  });

  router.patch('/releases/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const current = await service.get(req.params.id);
    await authorizer.assertAllowedOn(
      releaseUpdatePermission,
      current,
      credentials,
    );
    const input = parseInput(updateReleaseSchema, req.body);
    const release = await audited(
      auditor,
      {
        eventId: 'release-update',
        request: req,
        meta: { releaseId: current.id, fields: Object.keys(input) },
      },
      () =>
        service.update(
          current.id,
          input,
          credentials.principal.userEntityRef,
          credentials,
        ),
      releaseMeta,
    );
    if (release.approvalRound !== current.approvalRound) {
      await announcer?.announce(release, credentials);
    }
    res.json(await withWarnings(release, credentials));
  });

  router.post('/releases/:id/transitions', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const current = await service.get(req.params.id);
    await authorizer.assertAllowedOn(
      releaseTransitionPermission,
      current,
      credentials,
    );
    const input = parseInput(transitionRequestSchema, req.body);
    const release = await audited(
      auditor,
      {
        eventId: 'release-transition',
        request: req,
        meta: { releaseId: current.id, from: current.phase, to: input.to },
      },
      () =>
        service.transition(
          current.id,
          input.to,
          input.reason,
          credentials.principal.userEntityRef,
          credentials,
        ),
      releaseMeta,
    );
    res.json(release);
  });

  router.get('/releases/:id/events', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const release = await service.get(req.params.id);
    await authorizer.assertAllowedOn(
      releaseReadPermission,
      release,
      credentials,
    );
    const page = parseInput(eventsQuerySchema, req.query);
    res.json(await store.listEvents(release.id, page));
  });

  return router;
}
