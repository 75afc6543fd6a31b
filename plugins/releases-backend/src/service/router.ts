import {
  AuditorService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ResponseError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { AuthorizedApprovalService } from '../approvals/AuthorizedApprovalService';
import { createApprovalsRouter } from '../approvals/router';
import { AuthorizedCalendarService } from '../calendar/AuthorizedCalendarService';
import { createCalendarRouter } from '../calendar/router';
import { CatalogFactsHealth } from '../catalog/CatalogFacts';
import { EnvironmentConfig } from '../config';
import { AuthorizedConfigurationService } from '../configuration/AuthorizedConfigurationService';
import { createConfigurationRouter } from '../configuration/router';
import { AuthorizedReleaseService } from '../releases/AuthorizedReleaseService';
import { StaleRevisionError } from '../releases/errors';
import { createReleasesRouter } from '../releases/router';
import { AuthorizedReviewService } from '../review/AuthorizedReviewService';
import { createReviewRouter } from '../review/router';
import { AuthorizedEventService } from '../events/AuthorizedEventService';
import { createEventsRouter } from '../events/router';
import { AuthorizedNotesService } from '../notes/AuthorizedNotesService';
import { createNotesRouter } from '../notes/router';
import { AuthorizedPlanService } from '../plans/AuthorizedPlanService';
import { createPlansRouter } from '../plans/router';
import { AuthorizedWatchService } from '../watches/AuthorizedWatchService';
import { createWatchesRouter } from '../watches/router';
import { AuthorizedCabService } from '../cab/AuthorizedCabService';
import { createCabRouter } from '../cab/router';
import { AuthorizedFreezeService } from '../freezes/AuthorizedFreezeService';
import { createFreezesRouter } from '../freezes/router';
import { StandardChanges } from '../standardChanges/StandardChanges';
import { createStandardChangesRouter } from '../standardChanges/router';
import { Callers } from './Callers';
import { BusyError, budgeted, WorkBudget } from './WorkBudget';

/**
 * The process runs expensive work worth about a day of one calendar's
 * months at once; one caller may use all of it while nobody else waits, and
 * have 20 more requests queued.
 */
export function defaultWorkBudget() {
  return new WorkBudget({
    capacity: 24,
    perCaller: 24,
    maxQueuedPerCaller: 20,
    cheap: 4,
  });
}

export interface RouterOptions {
  config: RootConfigService;
  logger: LoggerService;
  auditor: AuditorService;
  callers: Callers;
  environments: EnvironmentConfig[];
  releases: AuthorizedReleaseService;
  approvals: AuthorizedApprovalService;
  calendar: AuthorizedCalendarService;
  configuration: AuthorizedConfigurationService;
  review: AuthorizedReviewService;
  events: AuthorizedEventService;
  plans: AuthorizedPlanService;
  watches: AuthorizedWatchService;
  notes: AuthorizedNotesService;
  cab: AuthorizedCabService;
  freezes: AuthorizedFreezeService;
  standardChanges: StandardChanges;
  /** Admission of expensive requests; defaults to defaultWorkBudget(). */
  budget?: WorkBudget;
  /** How fresh the local catalog facts are, for /health. */
  catalogHealth(): Promise<CatalogFactsHealth>;
}

/**
 * Every route of the plugin. Each domain router parses its input and asks
 * its authorizing layer, which checks permissions before it reaches the
 * domain service and store.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { config, logger, callers, auditor } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));
  // Expensive requests wait their turn; cheap ones (the gate, a page) never do.
  router.use(budgeted(options.budget ?? defaultWorkBudget()));

  router.get('/health', async (_req, res) => {
    const catalog = await options.catalogHealth();
    res.json({
      status: 'ok',
      details: {
        catalogFacts: {
          lastSyncAt: catalog.lastSyncAt,
          lastSuccessAt: catalog.lastSuccessAt,
          entityCount: catalog.entityCount,
          stale: catalog.stale,
        },
      },
    });
  });

  router.get('/environments', async (req, res) => {
    await callers.of(req, ['user', 'service']);
    res.json({ items: options.environments });
  });

  router.use(
    createReleasesRouter({ callers, auditor, releases: options.releases }),
  );
  router.use(
    createApprovalsRouter({ callers, auditor, approvals: options.approvals }),
  );
  router.use(createCalendarRouter({ callers, calendar: options.calendar }));
  router.use(
    createConfigurationRouter({
      callers,
      auditor,
      configuration: options.configuration,
    }),
  );
  router.use(createReviewRouter({ callers, auditor, review: options.review }));
  router.use(createEventsRouter({ callers, events: options.events }));
  router.use(createPlansRouter({ callers, auditor, plans: options.plans }));
  router.use(
    createWatchesRouter({ callers, auditor, watches: options.watches }),
  );
  router.use(createNotesRouter({ callers, auditor, notes: options.notes }));
  router.use(createCabRouter({ callers, auditor, cab: options.cab }));
  router.use(
    createFreezesRouter({ callers, auditor, freezes: options.freezes }),
  );
  router.use(
    createStandardChangesRouter({
      callers,
      standardChanges: options.standardChanges,
    }),
  );

  router.use(
    (
      error: Error,
      req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      // A stale revision answers with the current release (which the caller
      // may read: the authorizing layer made sure) so the client can show
      // what changed and retry without another round trip.
      if (error instanceof StaleRevisionError) {
        res.status(409).json({
          error: {
            name: 'ConflictError',
            message: error.message,
            fields: error.fields,
          },
          request: { method: req.method, url: req.originalUrl },
          response: { statusCode: 409 },
          currentRevision: error.current.revision,
          current: error.current,
        });
        return;
      }
      if (error instanceof BusyError) {
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
        res.status(429).json({
          error: { name: 'TooManyRequestsError', message: error.message },
          request: { method: req.method, url: req.originalUrl },
          response: { statusCode: 429 },
        });
        return;
      }
      // Another backend's error body (and its stack) is not ours to pass on.
      if (error instanceof ResponseError) {
        logger.warn(`Upstream call failed: ${error.message}`);
        const status = error.response.status;
        res.status(status >= 400 && status < 500 ? status : 502).json({
          error: {
            name: status === 403 ? 'NotAllowedError' : 'UpstreamError',
            message:
              status === 403
                ? 'The catalog does not allow this caller to read what the answer needs'
                : 'A backend this plugin depends on failed; try again',
          },
          request: { method: req.method, url: req.originalUrl },
          response: {
            statusCode: status >= 400 && status < 500 ? status : 502,
          },
        });
        return;
      }
      next(error);
    },
  );
  router.use(MiddlewareFactory.create({ config, logger }).error());
  return router;
}
