import {
  AuditorService,
  AuthService,
  HttpAuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import Router from 'express-promise-router';
import { ApprovalService } from '../approvals/ApprovalService';
import { DeploymentGate } from '../approvals/DeploymentGate';
import { createApprovalsRouter } from '../approvals/router';
import { CalendarService } from '../calendar/CalendarService';
import { FeedTokenStore } from '../calendar/FeedTokenStore';
import { FreezeWindow } from '../calendar/freezeWindows';
import { createCalendarRouter } from '../calendar/router';
import { ImpactAnalyzer } from '../catalog/ImpactAnalyzer';
import { EnvironmentConfig } from '../config';
import { ConfigurationService } from '../configuration/ConfigurationService';
import { DeploymentStore } from '../configuration/DeploymentStore';
import { createConfigurationRouter } from '../configuration/router';
import { ReleaseAuthorizer } from '../permissions/ReleaseAuthorizer';
import { StaleRevisionError } from '../releases/errors';
import { ReleaseService } from '../releases/ReleaseService';
import { ReleaseStore } from '../releases/ReleaseStore';
import { createReleasesRouter } from '../releases/router';
import { MetricsStore } from '../review/MetricsStore';
import { ReviewStore } from '../review/ReviewStore';
import { createReviewRouter } from '../review/router';

export interface RouterOptions {
  config: RootConfigService;
  logger: LoggerService;
  auth: AuthService;
  /** This plugin's public URL, for feed links. */
  externalBaseUrl: string;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: ReleaseAuthorizer;
  releaseService: ReleaseService;
  releaseStore: ReleaseStore;
  environments: EnvironmentConfig[];
  configurationService: ConfigurationService;
  deploymentStore: DeploymentStore;
  impactAnalyzer: ImpactAnalyzer;
  calendarService: CalendarService;
  feedTokenStore: FeedTokenStore;
  freezeWindows: FreezeWindow[];
  approvalService: ApprovalService;
  deploymentGate: DeploymentGate;
  reviewStore: ReviewStore;
  metricsStore: MetricsStore;
  incidentAttributionWindowMs: number;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { config, logger, httpAuth, environments } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/environments', async (req, res) => {
    await httpAuth.credentials(req);
    res.json({ items: environments });
  });

  router.use(
    createReleasesRouter({
      httpAuth,
      auditor: options.auditor,
      authorizer: options.authorizer,
      service: options.releaseService,
      store: options.releaseStore,
      planChecker: options.calendarService,
      announcer: options.approvalService,
    }),
  );

  router.use(
    createApprovalsRouter({
      auth: options.auth,
      httpAuth,
      auditor: options.auditor,
      authorizer: options.authorizer,
      approvals: options.approvalService,
      gate: options.deploymentGate,
      releases: options.releaseStore,
      deployments: options.deploymentStore,
      environments,
    }),
  );

  router.use(
    createCalendarRouter({
      auth: options.auth,
      httpAuth,
      authorizer: options.authorizer,
      calendar: options.calendarService,
      configuration: options.configurationService,
      feedTokens: options.feedTokenStore,
      windows: options.freezeWindows,
      appBaseUrl: config.getOptionalString('app.baseUrl') ?? '',
      feedBaseUrl: options.externalBaseUrl,
    }),
  );

  router.use(
    createConfigurationRouter({
      auth: options.auth,
      httpAuth,
      auditor: options.auditor,
      authorizer: options.authorizer,
      service: options.configurationService,
      store: options.deploymentStore,
      impact: options.impactAnalyzer,
    }),
  );

  router.use(
    createReviewRouter({
      auth: options.auth,
      httpAuth,
      auditor: options.auditor,
      authorizer: options.authorizer,
      releases: options.releaseStore,
      reviews: options.reviewStore,
      metrics: options.metricsStore,
      configuration: options.configurationService,
      environments,
      attributionWindowMs: options.incidentAttributionWindowMs,
    }),
  );

  // A stale revision answers with the current release so the client can
  // show what changed and retry without another round trip.
  router.use(
    (
      error: Error,
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error instanceof StaleRevisionError) {
        res.status(409).json({
          error: { name: 'ConflictError', message: error.message },
          request: { method: _req.method, url: _req.originalUrl },
          response: { statusCode: 409 },
          currentRevision: error.current.revision,
          current: error.current,
        });
        return;
      }
      next(error);
    },
  );
  router.use(MiddlewareFactory.create({ config, logger }).error());
  return router;
}
