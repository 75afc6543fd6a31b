import { AuditorService } from '@backstage/backend-plugin-api';
import {
  BaselineDiffEntry,
  baselineDiffQuerySchema,
  createBaselineSchema,
  Deployment,
  impactQuerySchema,
  listDeploymentsQuerySchema,
  pageQuerySchema,
  recordDeploymentSchema,
  VersionsRow,
  versionsQuerySchema,
} from '@backstage-itsm/plugin-releases-common';
import express from 'express';
import Router from 'express-promise-router';
import { audited } from '../service/audit';
import { Callers } from '../service/Callers';
import { EXPORT_MAX_ROWS, ExportColumn, sendExport } from '../service/export';
import { parseInput } from '../service/validation';
import { AuthorizedConfigurationService } from './AuthorizedConfigurationService';
import { sendJsonInSlices } from '../service/sendJson';

const deploymentColumns: ExportColumn<Deployment>[] = [
  { header: 'id', value: d => d.id },
  { header: 'entityRef', value: d => d.entityRef },
  { header: 'environment', value: d => d.environment },
  { header: 'version', value: d => d.version },
  { header: 'status', value: d => d.status },
  { header: 'deployedAt', value: d => d.deployedAt },
  { header: 'reportedAt', value: d => d.reportedAt },
  { header: 'actor', value: d => d.actor },
  { header: 'source', value: d => d.source },
  { header: 'externalId', value: d => d.externalId },
  { header: 'releaseId', value: d => d.releaseId },
  { header: 'commit', value: d => d.commit },
  { header: 'url', value: d => d.url },
  { header: 'authorized', value: d => d.authorized },
  { header: 'authorizationReason', value: d => d.authorizationReason },
];

export function createConfigurationRouter(options: {
  callers: Callers;
  auditor: AuditorService;
  configuration: AuthorizedConfigurationService;
}): express.Router {
  const { callers, auditor, configuration } = options;
  const router = Router();

  router.post('/deployments', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    const input = parseInput(recordDeploymentSchema, req.body);
    const { deployment, created } = await audited(
      auditor,
      {
        eventId: 'deployment-record',
        request: req,
        meta: { source: input.source, externalId: input.externalId },
      },
      () => configuration.record(caller, input),
      result => ({
        deploymentId: result.deployment.id,
        created: result.created,
        authorized: result.deployment.authorized,
      }),
    );
    res.status(created ? 201 : 200).json(deployment);
  });

  router.get('/deployments', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    const query = parseInput(listDeploymentsQuerySchema, req.query);
    const page = query.format
      ? { limit: EXPORT_MAX_ROWS, offset: 0 }
      : { limit: query.limit, offset: query.offset };
    const result = await configuration.list(caller, query, page);
    if (query.format) {
      await sendExport(res, {
        format: query.format,
        name:
          query.authorized === false ? 'unauthorized-changes' : 'deployments',
        rows: result.items,
        totalCount: result.totalCount,
        columns: deploymentColumns,
      });
      return;
    }
    res.json(result);
  });

  router.get('/versions', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    const query = parseInput(versionsQuerySchema, req.query);
    const page = query.format
      ? { limit: EXPORT_MAX_ROWS, offset: 0 }
      : { limit: query.limit, offset: query.offset };
    const matrix = await configuration.versions(caller, query, page);
    if (query.format) {
      const cells = matrix.rows.flatMap((row: VersionsRow) =>
        matrix.environments
          .filter(env => row.environments[env.name])
          .map(env => ({
            entityRef: row.entityRef,
            ...row.environments[env.name],
          })),
      );
      await sendExport(res, {
        format: query.format,
        name: 'versions',
        rows: cells,
        totalCount: matrix.totalCount,
        json: matrix,
        columns: [
          { header: 'entityRef', value: c => c.entityRef },
          { header: 'environment', value: c => c.environment },
          { header: 'version', value: c => c.version },
          { header: 'deployedAt', value: c => c.deployedAt },
          { header: 'actor', value: c => c.actor },
          { header: 'releaseId', value: c => c.releaseId },
          { header: 'authorized', value: c => c.authorized },
          {
            header: 'drift',
            value: c => c.drift.map(d => d.message).join(' | '),
          },
        ],
      });
      return;
    }
    await sendJsonInSlices(res, matrix);
  });

  router.post('/baselines', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const input = parseInput(createBaselineSchema, req.body);
    const scope = Object.fromEntries(
      Object.entries(input.scope).filter(([, v]) => v !== undefined),
    ) as { entityRef: string } | { system: string } | { owner: string };
    const baseline = await audited(
      auditor,
      { eventId: 'baseline-create', request: req, meta: { name: input.name } },
      () => configuration.createBaseline(caller, input.name, scope),
      b => ({ baselineId: b.id, items: b.itemCount }),
    );
    res.status(201).json(baseline);
  });

  router.get('/baselines', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    const page = parseInput(pageQuerySchema, req.query);
    res.json(await configuration.listBaselines(caller, page));
  });

  router.get('/baselines/:id', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    res.json(await configuration.getBaseline(caller, req.params.id));
  });

  router.get('/baselines/:id/diff', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    const query = parseInput(baselineDiffQuerySchema, req.query);
    const diff = await configuration.diffBaseline(
      caller,
      req.params.id,
      query.against,
    );
    if (query.format) {
      await sendExport<BaselineDiffEntry>(res, {
        format: query.format,
        name: 'baseline-diff',
        rows: diff.entries,
        totalCount: diff.entries.length,
        json: diff,
        columns: [
          { header: 'entityRef', value: e => e.entityRef },
          { header: 'environment', value: e => e.environment },
          { header: 'change', value: e => e.change },
          { header: 'before', value: e => e.before },
          { header: 'after', value: e => e.after },
        ],
      });
      return;
    }
    res.json(diff);
  });

  router.get('/impact', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    const query = parseInput(impactQuerySchema, req.query);
    await sendJsonInSlices(
      res,
      await configuration.impact(caller, query.entityRef, query.depth),
    );
  });

  return router;
}
