import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  listIncidentsQuerySchema,
  metricsQuerySchema,
  recordIncidentSchema,
  releaseReadPermission,
  releaseUpdatePermission,
  reviewRequestSchema,
  incidentCreatePermission,
} from '@backstage-itsm/plugin-releases-common';
import express from 'express';
import Router from 'express-promise-router';
import { normalizeEntityRef } from '../catalog/CatalogLookup';
import { EnvironmentConfig, requireEnvironment } from '../config';
import { ConfigurationService } from '../configuration/ConfigurationService';
import { actorOf, catalogCredentialsFor } from '../service/credentials';
import { ReleaseAuthorizer } from '../permissions/ReleaseAuthorizer';
import { ReleaseStore } from '../releases/ReleaseStore';
import { audited } from '../service/audit';
import { parseInput } from '../service/validation';
import { MetricsStore } from './MetricsStore';
import { ReviewStore } from './ReviewStore';

export function createReviewRouter(options: {
  auth: AuthService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: ReleaseAuthorizer;
  releases: ReleaseStore;
  reviews: ReviewStore;
  metrics: MetricsStore;
  configuration: ConfigurationService;
  environments: EnvironmentConfig[];
  attributionWindowMs: number;
}): express.Router {
  const {
    auth,
    httpAuth,
    auditor,
    authorizer,
    releases,
    reviews,
    metrics,
    configuration,
  } = options;
  const router = Router();
  const production = options.environments.filter(e => e.gated).map(e => e.name);

  const catalogCredentials = (credentials: BackstageCredentials) =>
    catalogCredentialsFor(auth, credentials);

  router.get('/releases/:id/review', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const release = await releases.get(req.params.id);
    if (!release)
      throw new NotFoundError(`No release with id ${req.params.id}`);
    await authorizer.assertAllowedOn(
      releaseReadPermission,
      release,
      credentials,
    );
    const review = await reviews.getReview(release.id);
    if (!review)
      throw new NotFoundError(
        `Release ${release.id} has no post-implementation review yet`,
      );
    res.json(review);
  });

  router.post('/releases/:id/review', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const release = await releases.get(req.params.id);
    if (!release)
      throw new NotFoundError(`No release with id ${req.params.id}`);
    await authorizer.assertAllowedOn(
      releaseUpdatePermission,
      release,
      credentials,
    );
    const input = parseInput(reviewRequestSchema, req.body);
    if (release.phase !== 'review') {
      throw new ConflictError(
        `release ${release.id} is in ${release.phase}; a post-implementation review is recorded in the review phase`,
      );
    }
    const actions = input.actions.map((a, i) => ({
      description: a.description,
      owner: a.owner.includes(':')
        ? a.owner
        : normalizeEntityRef(a.owner, 'user', `actions.${i}.owner`),
    }));
    const review = {
      releaseId: release.id,
      outcome: input.outcome,
      wentWell: input.wentWell,
      wentWrong: input.wentWrong,
      actions,
      reviewedBy: credentials.principal.userEntityRef,
      reviewedAt: new Date().toISOString(),
    };
    const saved = await audited(
      auditor,
      {
        eventId: 'release-review',
        request: req,
        meta: { releaseId: release.id, outcome: input.outcome },
      },
      () => reviews.saveReview(review, 'review'),
      ok => ({ saved: ok }),
    );
    if (!saved) {
      throw new ConflictError(
        `release ${release.id} left the review phase meanwhile; reload it`,
      );
    }
    res.status(201).json(review);
  });

  router.post('/incidents', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorizer.assertAllowed(incidentCreatePermission, credentials);
    const input = parseInput(recordIncidentSchema, req.body);
    const entityRef = normalizeEntityRef(
      input.entityRef,
      'component',
      'entityRef',
    );
    requireEnvironment(options.environments, input.environment);
    if (
      input.resolvedAt &&
      Date.parse(input.resolvedAt) < Date.parse(input.openedAt)
    ) {
      throw new InputError('resolvedAt: must not be before openedAt');
    }
    await configuration.assertEntityExists(
      entityRef,
      await catalogCredentials(credentials),
    );
    const { incident, created } = await audited(
      auditor,
      {
        eventId: 'incident-record',
        request: req,
        meta: {
          source: input.source,
          externalId: input.externalId,
          actor: actorOf(credentials),
        },
      },
      () =>
        reviews.recordIncident(
          {
            entityRef,
            environment: input.environment,
            severity: input.severity,
            title: input.title,
            openedAt: new Date(input.openedAt).toISOString(),
            resolvedAt: input.resolvedAt
              ? new Date(input.resolvedAt).toISOString()
              : null,
            url: input.url ?? null,
            source: input.source,
            externalId: input.externalId,
          },
          options.attributionWindowMs,
        ),
      r => ({
        incidentId: r.incident.id,
        created: r.created,
        deploymentId: r.incident.deploymentId,
      }),
    );
    res.status(created ? 201 : 200).json(incident);
  });

  router.get('/incidents', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseInput(listIncidentsQuerySchema, req.query);
    const entityRefs = await configuration.resolveScope(
      query,
      await catalogCredentials(credentials),
    );
    res.json(
      await reviews.listIncidents(
        {
          entityRefs,
          releaseId: query.releaseId,
          environment: query.environment,
          from: query.from,
          to: query.to,
        },
        { limit: query.limit, offset: query.offset },
      ),
    );
  });

  router.get('/metrics', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseInput(metricsQuerySchema, req.query);
    const entityRefs = await configuration.resolveScope(
      query,
      await catalogCredentials(credentials),
    );
    res.json(
      await metrics.metrics({
        entityRefs,
        from: query.from,
        to: query.to,
        bucket: query.bucket,
        productionEnvironments: production,
      }),
    );
  });

  return router;
}
