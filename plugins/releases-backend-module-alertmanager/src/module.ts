import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  createWebhookIngressModule,
  releasesEventSourcesExtensionPoint,
} from '@backstage-itsm/plugin-releases-node';
import {
  readAlertmanagerSettings,
  translateAlertNotification,
} from './translate';

/** The events-service topic, and the ingress path `/api/events/http/alertmanager`. */
const TOPIC = 'alertmanager';

/**
 * Records Prometheus alerts: each alert of an Alertmanager notification is
 * an incident of its service's component, opened when it fires and resolved
 * when it resolves.
 *
 * @public
 */
export const releasesModuleAlertmanager = createBackendModule({
  pluginId: 'releases',
  moduleId: 'alertmanager',
  register(reg) {
    reg.registerInit({
      deps: {
        sources: releasesEventSourcesExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ sources, config }) {
        const settings = readAlertmanagerSettings(config);
        sources.addSource({
          id: 'alertmanager',
          topics: [TOPIC],
          translate: event =>
            translateAlertNotification(event.eventPayload, settings),
        });
      },
    });
  },
});

/**
 * Opens `/api/events/http/alertmanager` on the events backend for
 * Alertmanager's webhook receiver, to callers with
 * `releases.events.alertmanager.webhookToken`.
 *
 * @public
 */
export const eventsModuleAlertmanagerWebhook = createWebhookIngressModule({
  moduleId: 'releases-alertmanager-webhook',
  topic: TOPIC,
  tool: 'Alertmanager',
  secretKey: 'releases.events.alertmanager.webhookToken',
});
