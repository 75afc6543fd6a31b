import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { isResourcePermission } from '@backstage/plugin-permission-common';
import { releasePermissions } from '@backstage-itsm/plugin-releases-common';
import { ApprovalService } from './approvals/ApprovalService';
import { ApprovalStore } from './approvals/ApprovalStore';
import { DeploymentGate } from './approvals/DeploymentGate';
import { NotificationsNotifier } from './approvals/NotificationsNotifier';
import { readApprovalSettings } from './approvals/policies';
import { CalendarService } from './calendar/CalendarService';
import { FeedTokenStore } from './calendar/FeedTokenStore';
import { CatalogLookup } from './catalog/CatalogLookup';
import { ImpactAnalyzer } from './catalog/ImpactAnalyzer';
import { ConfigurationService } from './configuration/ConfigurationService';
import { KnexDeploymentStore } from './configuration/KnexDeploymentStore';
import { readReleasesConfig } from './config';
import { ReleasesDatabase } from './database/ReleasesDatabase';
import { seedDemoData } from './demo/seedDemoData';
import { ReleaseAuthorizer } from './permissions/ReleaseAuthorizer';
import {
  releasePermissionRules,
  releaseResourceRef,
} from './permissions/rules';
import { KnexReleaseStore } from './releases/KnexReleaseStore';
import { ReleaseService } from './releases/ReleaseService';
import { MetricsStore } from './review/MetricsStore';
import { ReviewStore } from './review/ReviewStore';
import { readRiskSettings, RiskService } from './review/RiskService';
import { createRouter } from './service/router';

/**
 * The releases backend plugin: release lifecycle, history and permissions.
 *
 * @public
 */
export const releasesPlugin = createBackendPlugin({
  pluginId: 'releases',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        auth,
        discovery,
        auditor,
        scheduler,
        permissions,
        permissionsRegistry,
        catalog,
        notifications,
      }) {
        const releasesConfig = readReleasesConfig(config);
        const db = await ReleasesDatabase.create({ database });
        const releaseStore = new KnexReleaseStore(db.knex);

        permissionsRegistry.addResourceType({
          resourceRef: releaseResourceRef,
          permissions: releasePermissions.filter(p => isResourcePermission(p)),
          rules: Object.values(releasePermissionRules),
          getResources: ids => releaseStore.getMany(ids),
        });
        permissionsRegistry.addPermissions(
          releasePermissions.filter(p => !isResourcePermission(p)),
        );

        const deploymentStore = new KnexDeploymentStore(db.knex);
        const catalogLookup = new CatalogLookup(catalog);
        const approvalStore = new ApprovalStore(db.knex);
        const approvalService = new ApprovalService(
          readApprovalSettings(
            config,
            releasesConfig.environments.map(e => e.name),
          ),
          releaseStore,
          approvalStore,
          catalog,
          () => auth.getOwnServiceCredentials(),
          new NotificationsNotifier(notifications, logger),
        );
        const calendarService = new CalendarService(
          releaseStore,
          catalog,
          releasesConfig.freezeWindows,
          releasesConfig.collisionDependencyDepth,
        );
        const reviewStore = new ReviewStore(db.knex);
        const impactAnalyzer = new ImpactAnalyzer(catalog);
        const riskService = new RiskService(
          readRiskSettings(config),
          impactAnalyzer,
          reviewStore,
          calendarService,
          releasesConfig.environments.filter(e => e.gated).map(e => e.name),
        );
        const releaseService = new ReleaseService(
          releaseStore,
          catalogLookup,
          releasesConfig.environments,
          undefined,
          {
            checkDeployGate: (release, reason, credentials) =>
              approvalService.checkDeployGate(release, reason, credentials),
            lastDecision: (releaseId, round) =>
              approvalStore.lastDecisionInRound(releaseId, round),
          },
          {
            checkCloseGate: async release => {
              if (
                releasesConfig.reviewRequiredToClose &&
                !(await reviewStore.getReview(release.id))
              ) {
                throw new ConflictError(
                  `to: release ${release.id} needs a post-implementation review before it can be closed`,
                );
              }
            },
            assessRisk: (release, credentials) =>
              riskService.assess(release, credentials),
          },
        );
        const configurationService = new ConfigurationService(
          deploymentStore,
          releaseStore,
          catalogLookup,
          releasesConfig.environments,
        );

        // Risk follows a moving world; one replica at a time refreshes it.
        await scheduler.scheduleTask({
          id: 'releases-refresh-stale-risks',
          frequency: { minutes: 30 },
          timeout: { minutes: 15 },
          initialDelay: { seconds: 15 },
          scope: 'global',
          fn: async () => {
            const refreshed = await releaseService.refreshStaleRisks(
              await auth.getOwnServiceCredentials(),
            );
            logger.info(`Reassessed the risk of ${refreshed} open releases`);
          },
        });

        if (releasesConfig.demoData) {
          await seedDemoData({
            store: releaseStore,
            deployments: deploymentStore,
            approvals: approvalStore,
            reviews: reviewStore,
            logger,
          });
        }

        httpRouter.use(
          await createRouter({
            config,
            logger,
            auth,
            externalBaseUrl: await discovery.getExternalBaseUrl('releases'),
            httpAuth,
            auditor,
            authorizer: new ReleaseAuthorizer(
              permissions,
              permissionsRegistry.getPermissionRuleset(releaseResourceRef),
            ),
            releaseService,
            releaseStore,
            environments: releasesConfig.environments,
            configurationService,
            deploymentStore,
            impactAnalyzer,
            reviewStore,
            metricsStore: new MetricsStore(db.knex),
            incidentAttributionWindowMs:
              releasesConfig.incidentAttributionWindowMs,
            calendarService,
            approvalService,
            deploymentGate: new DeploymentGate(
              releaseStore,
              releasesConfig.environments,
              calendarService,
              catalog,
            ),
            feedTokenStore: new FeedTokenStore(db.knex),
            freezeWindows: releasesConfig.freezeWindows,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // Checked by the route itself: a secret feed token or normal credentials.
        httpRouter.addAuthPolicy({
          path: '/calendar.ics',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
