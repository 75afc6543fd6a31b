import { AuditorService } from '@backstage/backend-plugin-api';
import {
  listIncidentsQuerySchema,
  metricsQuerySchema,
  recordIncidentSchema,
  reviewRequestSchema,
} from '@backstage-itsm/plugin-releases-common';
import express from 'express';
import Router from 'express-promise-router';
import { audited } from '../service/audit';
import { Callers } from '../service/Callers';
import { parseInput } from '../service/validation';
import { AuthorizedReviewService } from './AuthorizedReviewService';

/** Routes of reviews, incidents and KPIs: parse, then ask the authorizing layer. */
export function createReviewRouter(options: {
  callers: Callers;
  auditor: AuditorService;
  review: AuthorizedReviewService;
}): express.Router {
  const { callers, auditor, review } = options;
  const router = Router();

  router.get('/releases/:id/review', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    res.json(await review.getReview(caller, req.params.id));
  });

  router.post('/releases/:id/review', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const input = parseInput(reviewRequestSchema, req.body);
    const saved = await audited(
      auditor,
      {
        eventId: 'release-review',
        request: req,
        meta: { releaseId: req.params.id, outcome: input.outcome },
      },
      () => review.saveReview(caller, req.params.id, input),
      () => ({ saved: true }),
    );
    res.status(201).json(saved);
  });

  router.post('/incidents', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    const input = parseInput(recordIncidentSchema, req.body);
    const { incident, created } = await audited(
      auditor,
      {
        eventId: 'incident-record',
        request: req,
        meta: {
          source: input.source,
          externalId: input.externalId,
          actor: caller.actor,
        },
      },
      () => review.recordIncident(caller, input),
      r => ({
        incidentId: r.incident.id,
        created: r.created,
        deploymentId: r.incident.deploymentId,
      }),
    );
    res.status(created ? 201 : 200).json(incident);
  });

  router.get('/incidents', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    const query = parseInput(listIncidentsQuerySchema, req.query);
    res.json(await review.listIncidents(caller, query));
  });

  router.get('/metrics', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    const query = parseInput(metricsQuerySchema, req.query);
    res.json(await review.metrics(caller, query));
  });

  return router;
}
