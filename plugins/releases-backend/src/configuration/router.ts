import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  BaselineDiffEntry,
  baselineCreatePermission,
  baselineDiffQuerySchema,
  createBaselineSchema,
  Deployment,
  deploymentCreatePermission,
  deploymentReadPermission,
  impactQuerySchema,
  listDeploymentsQuerySchema,
  pageQuerySchema,
  recordDeploymentSchema,
  VersionsRow,
  versionsQuerySchema,
} from '@backstage-itsm/plugin-releases-common';
import express from 'express';
import Router from 'express-promise-router';
import { ImpactAnalyzer } from '../catalog/ImpactAnalyzer';
import { normalizeEntityRef } from '../catalog/CatalogLookup';
import { ReleaseAuthorizer } from '../permissions/ReleaseAuthorizer';
import { audited } from '../service/audit';
import { actorOf, catalogCredentialsFor } from '../service/credentials';
import { EXPORT_MAX_ROWS, ExportColumn, sendExport } from '../service/export';
import { parseInput } from '../service/validation';
import { ConfigurationService } from './ConfigurationService';
import { DeploymentStore } from './DeploymentStore';

const deploymentColumns: ExportColumn<Deployment>[] = [
  { header: 'id', value: d => d.id },
  { header: 'entityRef', value: d => d.entityRef },
  { header: 'environment', value: d => d.environment },
  { header: 'version', value: d => d.version },
  { header: 'status', value: d => d.status },
  { header: 'deployedAt', value: d => d.deployedAt },
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
  auth: AuthService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: ReleaseAuthorizer;
  service: ConfigurationService;
  store: DeploymentStore;
  impact: ImpactAnalyzer;
}): express.Router {
  const { auth, httpAuth, auditor, authorizer, service, store, impact } =
    options;
  const router = Router();

  const catalogCredentials = (credentials: BackstageCredentials) =>
    catalogCredentialsFor(auth, credentials);

  router.post('/deployments', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorizer.assertAllowed(deploymentCreatePermission, credentials);
    const input = parseInput(recordDeploymentSchema, req.body);
    const { deployment, created } = await audited(
      auditor,
      {
        eventId: 'deployment-record',
        request: req,
        meta: { source: input.source, externalId: input.externalId },
      },
      async () =>
        service.recordDeployment(
          input,
          actorOf(credentials),
          await catalogCredentials(credentials),
        ),
      result => ({
        deploymentId: result.deployment.id,
        created: result.created,
        authorized: result.deployment.authorized,
      }),
    );
    res.status(created ? 201 : 200).json(deployment);
  });

  router.get('/deployments', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorizer.assertAllowed(deploymentReadPermission, credentials);
    const query = parseInput(listDeploymentsQuerySchema, req.query);
    const entityRefs = await service.resolveScope(
      query,
      await catalogCredentials(credentials),
    );
    const page = query.format
      ? { limit: EXPORT_MAX_ROWS, offset: 0 }
      : { limit: query.limit, offset: query.offset };
    const result = await store.list(
      {
        entityRefs,
        environment: query.environment,
        status: query.status,
        authorized: query.authorized,
        from: query.from,
        to: query.to,
      },
      page,
    );
    if (query.format) {
      sendExport(res, {
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
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorizer.assertAllowed(deploymentReadPermission, credentials);
    const query = parseInput(versionsQuerySchema, req.query);
    const page = query.format
      ? { limit: EXPORT_MAX_ROWS, offset: 0 }
      : { limit: query.limit, offset: query.offset };
    const matrix = await service.versions(
      query,
      page,
      await catalogCredentials(credentials),
    );
    if (query.format) {
      const cells = matrix.rows.flatMap((row: VersionsRow) =>
        matrix.environments
          .filter(env => row.environments[env.name])
          .map(env => ({
            entityRef: row.entityRef,
            ...row.environments[env.name],
          })),
      );
      sendExport(res, {
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
    res.json(matrix);
  });

  router.post('/baselines', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await authorizer.assertAllowed(baselineCreatePermission, credentials);
    const input = parseInput(createBaselineSchema, req.body);
    const scope = Object.fromEntries(
      Object.entries(input.scope).filter(([, v]) => v !== undefined),
    ) as { entityRef: string } | { system: string } | { owner: string };
    const baseline = await audited(
      auditor,
      { eventId: 'baseline-create', request: req, meta: { name: input.name } },
      () =>
        service.createBaseline(
          input.name,
          scope,
          actorOf(credentials),
          credentials,
        ),
      b => ({ baselineId: b.id, items: b.itemCount }),
    );
    res.status(201).json(baseline);
  });

  router.get('/baselines', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorizer.assertAllowed(deploymentReadPermission, credentials);
    const page = parseInput(pageQuerySchema, req.query);
    res.json(await store.listBaselines(page));
  });

  router.get('/baselines/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorizer.assertAllowed(deploymentReadPermission, credentials);
    const found = await store.getBaseline(req.params.id);
    if (!found) {
      throw new NotFoundError(`No baseline with id ${req.params.id}`);
    }
    res.json({ ...found.baseline, items: found.items });
  });

  router.get('/baselines/:id/diff', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorizer.assertAllowed(deploymentReadPermission, credentials);
    const query = parseInput(baselineDiffQuerySchema, req.query);
    const diff = await service.diffBaseline(
      req.params.id,
      query.against,
      await catalogCredentials(credentials),
    );
    if (query.format) {
      sendExport<BaselineDiffEntry>(res, {
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
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseInput(impactQuerySchema, req.query);
    const ref = normalizeEntityRef(query.entityRef, 'component', 'entityRef');
    res.json(
      await impact.analyze(
        ref,
        query.depth,
        await catalogCredentials(credentials),
      ),
    );
  });

  return router;
}
