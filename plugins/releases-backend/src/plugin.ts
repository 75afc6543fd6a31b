import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { isResourcePermission } from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { releasePermissions } from '@backstage-itsm/plugin-releases-common';
import {
  DeployCheck,
  ReleaseNotifier,
  ReleaseRiskFactor,
  ReleasesEventSource,
  releasesDeployGateExtensionPoint,
  releasesEventSourcesExtensionPoint,
  releasesNotifiersExtensionPoint,
  releasesRiskExtensionPoint,
} from '@backstage-itsm/plugin-releases-node';
import { registerReleaseActions } from './actions/releaseActions';
import { ApprovalService } from './approvals/ApprovalService';
import { ApprovalStore } from './approvals/ApprovalStore';
import { AuthorizedApprovalService } from './approvals/AuthorizedApprovalService';
import { readApprovalSettings } from './approvals/policies';
import { AuthorizedCalendarService } from './calendar/AuthorizedCalendarService';
import { CalendarService } from './calendar/CalendarService';
import { FeedTokenStore } from './calendar/FeedTokenStore';
import { createCatalogFacts } from './catalog/CatalogFacts';
import { readReleasesConfig } from './config';
import { AuthorizedConfigurationService } from './configuration/AuthorizedConfigurationService';
import { ConfigurationService } from './configuration/ConfigurationService';
import { KnexDeploymentStore } from './configuration/KnexDeploymentStore';
import { ReleasesDatabase } from './database/ReleasesDatabase';
import { seedDemoData } from './demo/seedDemoData';
import { AuthorizedCabService } from './cab/AuthorizedCabService';
import { readCabSettings } from './cab/boards';
import { CabService } from './cab/CabService';
import { CabStore } from './cab/CabStore';
import { AuthorizedFreezeService } from './freezes/AuthorizedFreezeService';
import { FreezeService } from './freezes/FreezeService';
import { RuntimeFreezeStore } from './freezes/RuntimeFreezeStore';
import { readRollbackPlanRules } from './governance/rollbackPlans';
import {
  readStandardChanges,
  StandardChanges,
} from './standardChanges/StandardChanges';
import { ApprovalEvaluator } from './governance/ApprovalEvaluator';
import { DeployGate } from './governance/DeployGate';
import { ReleaseGovernance } from './governance/ReleaseGovernance';
import { AuthorizedEventService } from './events/AuthorizedEventService';
import { EventIngestion } from './events/EventIngestion';
import { readEventsConfig } from './events/eventsConfig';
import { UnmappedEventStore } from './events/UnmappedEventStore';
import { NotificationAudience } from './notifications/NotificationAudience';
import { ReadDecisionStore } from './permissions/ReadDecisionStore';
import { ReleasePermissionGateway } from './permissions/ReleaseAccess';
import { ReleaseVisibility } from './permissions/ReleaseVisibility';
import {
  releasePermissionRules,
  releaseResourceLoader,
  releaseResourceRef,
} from './permissions/rules';
import { AuthorizedReleaseService } from './releases/AuthorizedReleaseService';
import { KnexReleaseStore } from './releases/KnexReleaseStore';
import { ReleaseService } from './releases/ReleaseService';
import { AuthorizedReviewService } from './review/AuthorizedReviewService';
import { MetricsStore } from './review/MetricsStore';
import { createReleasesRecords } from './review/records';
import { ReviewService } from './review/ReviewService';
import { ReviewStore } from './review/ReviewStore';
import { readRiskSettings, RiskService } from './review/RiskService';
import { Callers } from './service/Callers';
import { ReleaseEffects } from './service/ReleaseEffects';
import { createRouter } from './service/router';
import { AuthorizedNotesService } from './notes/AuthorizedNotesService';
import { NotesService } from './notes/NotesService';
import { NotesStore } from './notes/NotesStore';
import { AuthorizedPlanService } from './plans/AuthorizedPlanService';
import { ExitCriteria } from './plans/ExitCriteria';
import { readPlanSettings } from './plans/planConfig';
import { PlanService } from './plans/PlanService';
import { PlanStore } from './plans/PlanStore';
import { AuthorizedWatchService } from './watches/AuthorizedWatchService';
import { Stakeholders } from './watches/Stakeholders';
import { WatchService } from './watches/WatchService';
import { WatchStore } from './watches/WatchStore';

/**
 * The releases backend plugin: release lifecycle, approvals, calendar,
 * configuration items, reviews and KPIs. This file only wires.
 *
 * @public
 */
export const releasesPlugin = createBackendPlugin({
  pluginId: 'releases',
  register(env) {
    const notifiers: ReleaseNotifier[] = [];
    const gateChecks: DeployCheck[] = [];
    const riskFactors: ReleaseRiskFactor[] = [];
    const eventSources: ReleasesEventSource[] = [];
    env.registerExtensionPoint(releasesNotifiersExtensionPoint, {
      addNotifier: (...added) => notifiers.push(...added.flat()),
    });
    env.registerExtensionPoint(releasesDeployGateExtensionPoint, {
      addCheck: (...added) => gateChecks.push(...added.flat()),
    });
    env.registerExtensionPoint(releasesRiskExtensionPoint, {
      addFactor: (...added) => riskFactors.push(...added.flat()),
    });
    env.registerExtensionPoint(releasesEventSourcesExtensionPoint, {
      addSource: (...added) => eventSources.push(...added.flat()),
    });
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
        signals: signalsServiceRef,
        events: eventsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
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
        signals,
        events,
        actionsRegistry,
      }) {
        const releasesConfig = readReleasesConfig(config);
        const { environments } = releasesConfig;
        const db = await ReleasesDatabase.create({ database });
        const releaseStore = new KnexReleaseStore(db.knex);
        const approvalStore = new ApprovalStore(db.knex);
        const deploymentStore = new KnexDeploymentStore(db.knex);
        const reviewStore = new ReviewStore(db.knex);
        const environmentNames = environments.map(e => e.name);
        const cabSettings = readCabSettings(config, environmentNames);
        const rollbackPlans = readRollbackPlanRules(config, environmentNames);
        const cabStore = new CabStore(db.knex);
        const runtimeFreezeStore = new RuntimeFreezeStore(db.knex);

        permissionsRegistry.addResourceType({
          resourceRef: releaseResourceRef,
          permissions: releasePermissions.filter(p => isResourcePermission(p)),
          rules: Object.values(releasePermissionRules),
          getResources: releaseResourceLoader(releaseStore),
        });
        permissionsRegistry.addPermissions(
          releasePermissions.filter(p => !isResourcePermission(p)),
        );

        const catalogFacts = await createCatalogFacts({
          knex: db.knex,
          catalog,
          auth,
          logger,
          scheduler,
          config,
        });
        const readDecisions = new ReadDecisionStore({ knex: db.knex, logger });
        const permissionGateway = new ReleasePermissionGateway({
          permissions,
          ruleset: permissionsRegistry.getPermissionRuleset(releaseResourceRef),
          readDecisions,
        });
        const callers = new Callers({
          httpAuth,
          permissions: permissionGateway,
          catalogFacts,
        });
        const visibility = new ReleaseVisibility(releaseStore);

        const calendarService = new CalendarService({
          releases: releaseStore,
          windows: releasesConfig.freezeWindows,
          dependencyDepth: releasesConfig.collisionDependencyDepth,
          runtimeFreezes: runtimeFreezeStore,
        });
        const standardChanges = new StandardChanges({
          templates: readStandardChanges(config, environmentNames),
          catalogFacts,
        });
        const evaluator = new ApprovalEvaluator({
          settings: readApprovalSettings(
            config,
            environments.map(e => e.name),
          ),
          catalogFacts,
          decisions: approvalStore,
          boards: {
            boards: cabSettings.boards,
            decisions: releaseIds => cabStore.decisionsOf(releaseIds),
          },
          standardChanges,
        });
        const planSettings = readPlanSettings(
          config,
          environments.map(e => e.name),
        );
        const planStore = new PlanStore(db.knex);
        const watchStore = new WatchStore(db.knex);
        const exitCriteria = new ExitCriteria({
          store: planStore,
          settings: planSettings,
        });
        const governance = new ReleaseGovernance({
          evaluator,
          lastDecision: (releaseId, round) =>
            approvalStore.lastDecisionInRound(releaseId, round),
          getReview: releaseId => reviewStore.getReview(releaseId),
          reviewRequiredToClose: releasesConfig.reviewRequiredToClose,
          plan: exitCriteria,
          rollbackPlans,
          boardDecided: (releaseId, round) =>
            cabStore.hasFinalDecision(releaseId, round),
        });
        const records = createReleasesRecords(reviewStore);
        const deployGate = new DeployGate({
          releasesInDeploy: entityRef => releaseStore.inDeployFor(entityRef),
          evaluator,
          freezes: calendarService,
          catalogFacts,
          records,
          checks: gateChecks,
        });
        const effects = new ReleaseEffects({
          evaluator,
          audience: new NotificationAudience({
            decisions: readDecisions,
            permissions: permissionGateway,
            catalogFacts,
          }),
          notifiers,
          catalogFacts,
          signals,
          stakeholders: new Stakeholders({
            watches: watchStore,
            roleHolders: async releaseId =>
              ((await planStore.roles([releaseId])).get(releaseId) ?? []).map(
                r => r.holder,
              ),
            catalogFacts,
          }),
          logger,
        });
        const riskService = new RiskService({
          settings: readRiskSettings(config),
          records,
          factors: riskFactors,
          logger,
          catalogFacts,
          reviews: reviewStore,
          freezes: calendarService,
          productionEnvironments: environments
            .filter(e => e.gated)
            .map(e => e.name),
        });
        const planService = new PlanService({
          store: planStore,
          settings: planSettings,
          exitCriteria,
          releases: releaseStore,
          catalogFacts,
          effects,
        });
        const releaseService = new ReleaseService({
          store: releaseStore,
          environments,
          governance,
          risk: riskService,
          standardChanges,
          effects,
          createdAlongside: release => planService.createdAlongside(release),
        });
        const approvalService = new ApprovalService({
          evaluator,
          releases: releaseStore,
          approvals: approvalStore,
          catalogFacts,
          effects,
        });
        const configurationService = new ConfigurationService({
          deployments: deploymentStore,
          releases: releaseStore,
          environments,
          gate: deployGate,
        });
        const reviewService = new ReviewService({
          reviews: reviewStore,
          metrics: new MetricsStore(db.knex),
          environments,
          attributionWindowMs: releasesConfig.incidentAttributionWindowMs,
          effects,
        });
        const eventsConfig = readEventsConfig(config, environments);
        const unmappedEvents = new UnmappedEventStore(db.knex);
        const eventIngestion = new EventIngestion({
          sources: eventSources,
          configuration: configurationService,
          review: reviewService,
          catalogFacts,
          environments,
          config: eventsConfig,
          unmapped: unmappedEvents,
          auditor,
          logger,
        });

        const watchService = new WatchService({
          store: watchStore,
          plans: planService,
          catalogFacts,
          statusUpdateRole: planSettings.statusUpdateRole,
          effects,
          calendar: calendarService,
        });
        const authorizedPlans = new AuthorizedPlanService({
          service: planService,
          releases: releaseStore,
        });

        const cabService = new CabService({
          settings: cabSettings,
          store: cabStore,
          releases: releaseStore,
          evaluator,
          rollbackPlans,
          effects,
        });
        const freezeService = new FreezeService({
          store: runtimeFreezeStore,
          environments,
          releases: releaseStore,
          catalogFacts,
          effects,
        });

        const authorizedCalendar = new AuthorizedCalendarService({
          calendar: calendarService,
          configuration: configurationService,
          feedTokens: new FeedTokenStore(db.knex),
          readDecisions,
          permissions: permissionGateway,
          catalogFacts,
          windows: releasesConfig.freezeWindows,
          appBaseUrl: config.getOptionalString('app.baseUrl') ?? '',
          feedBaseUrl: await discovery.getExternalBaseUrl('releases'),
          plans: authorizedPlans,
          meetings: cabService,
          runtimeFreezes: freezeService,
        });
        const authorizedConfiguration = new AuthorizedConfigurationService({
          service: configurationService,
          deployments: deploymentStore,
          releases: releaseStore,
          visibility,
          reporters: releasesConfig.reporters,
          eventSources: eventIngestion.sourceIds(),
        });

        // Break-glass records from before owed reviews were recorded owe
        // what the policies ask of them now, recorded once.
        const backfilled = await releaseService.recordOwedReviews(evaluator);
        if (backfilled > 0) {
          logger.info(
            `Recorded the owed review of ${backfilled} break-glass releases`,
          );
        }

        // Webhooks of outside tools, through the events backend.
        await eventIngestion.subscribe(events);
        await scheduler.scheduleTask({
          id: 'releases-prune-unmapped-events',
          frequency: { hours: 6 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 2 },
          scope: 'global',
          fn: async () => {
            const pruned = await unmappedEvents.prune(
              new Date(Date.now() - eventsConfig.unmappedRetentionMs),
            );
            if (pruned > 0) {
              logger.info(`Forgot ${pruned} unmapped events past retention`);
            }
          },
        });

        // Members hear when a CAB agenda is ready; one replica announces each.
        await scheduler.scheduleTask({
          id: 'releases-cab-agendas',
          frequency: { minutes: 5 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 30 },
          scope: 'global',
          fn: async () => {
            const announced = await cabService.announceDueAgendas();
            if (announced > 0) {
              logger.info(`Announced ${announced} CAB agendas`);
            }
          },
        });

        // Risk follows a moving world; one replica at a time refreshes it.
        await scheduler.scheduleTask({
          id: 'releases-refresh-stale-risks',
          frequency: { minutes: 30 },
          timeout: { minutes: 15 },
          initialDelay: { seconds: 15 },
          scope: 'global',
          fn: async () => {
            const refreshed = await releaseService.refreshStaleRisks();
            logger.info(`Reassessed the risk of ${refreshed} open releases`);
          },
        });

        // Stakeholders hear once when a freeze starts to cover their release.
        const freezeNoticeMinutes = 10;
        await scheduler.scheduleTask({
          id: 'releases-freeze-notices',
          frequency: { minutes: freezeNoticeMinutes },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          scope: 'global',
          fn: async () => {
            const sent = await watchService.noticeStartedFreezes(
              2 * freezeNoticeMinutes * 60 * 1000,
            );
            if (sent > 0) {
              logger.info(`Told stakeholders of ${sent} freezes that began`);
            }
          },
        });

        if (releasesConfig.demoData) {
          await seedDemoData({
            store: releaseStore,
            deployments: deploymentStore,
            approvals: approvalStore,
            reviews: reviewStore,
            evaluator,
            logger,
          });
        }

        const authorizedReleases = new AuthorizedReleaseService({
          service: releaseService,
          detail: {
            approvals: (release, viewer, decisions) =>
              approvalService.evaluate(release, viewer, decisions),
            review: async (releaseId, known) =>
              known === undefined
                ? reviewStore.getReview(releaseId)
                : known ?? undefined,
            plan: (release, known) => authorizedPlans.summary(release, known),
            roles: ids => planService.rolesOf(ids),
          },
          planWarnings: authorizedCalendar,
        });
        const authorizedApprovals = new AuthorizedApprovalService({
          approvals: approvalService,
          releases: releaseStore,
          deployments: deploymentStore,
          gate: deployGate,
          visibility,
          catalogFacts,
          environments,
        });
        // The same operations for AI agents, through the actions registry.
        registerReleaseActions({
          registry: actionsRegistry,
          auditor,
          callers,
          releases: authorizedReleases,
          approvals: authorizedApprovals,
          calendar: authorizedCalendar,
          configuration: authorizedConfiguration,
        });

        httpRouter.use(
          await createRouter({
            config,
            logger,
            auditor,
            callers,
            environments,
            catalogHealth: () => catalogFacts.health(),
            releases: authorizedReleases,
            approvals: authorizedApprovals,
            calendar: authorizedCalendar,
            configuration: authorizedConfiguration,
            cab: new AuthorizedCabService({
              service: cabService,
              releases: releaseStore,
              catalogFacts,
              planWarnings: authorizedCalendar,
              separationOfDuties: evaluator.settings.separationOfDuties,
            }),
            freezes: new AuthorizedFreezeService(freezeService),
            standardChanges,
            review: new AuthorizedReviewService({
              service: reviewService,
              releases: releaseStore,
              configuration: configurationService,
              reporting: authorizedConfiguration,
              visibility,
            }),
            events: new AuthorizedEventService({
              sources: eventSources,
              unmapped: unmappedEvents,
            }),
            plans: authorizedPlans,
            watches: new AuthorizedWatchService({
              service: watchService,
              releases: releaseStore,
              visibility,
            }),
            notes: new AuthorizedNotesService({
              service: new NotesService({
                store: new NotesStore(db.knex),
                plans: planService,
                evaluator,
                review: releaseId => reviewStore.getReview(releaseId),
              }),
              releases: releaseStore,
            }),
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
