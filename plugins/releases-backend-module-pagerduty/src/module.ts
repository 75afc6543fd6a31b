import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  createWebhookIngressModule,
  releasesEventSourcesExtensionPoint,
} from '@backstage-itsm/plugin-releases-node';
import { createPagerDutySignatureValidator } from './signature';
import { translatePagerDutyWebhook } from './translate';

/** The events-service topic, and the ingress path `/api/events/http/pagerduty`. */
const TOPIC = 'pagerduty';

/**
 * Records PagerDuty incidents of the component annotated
 * `pagerduty.com/service-id`, opened when triggered and resolved when
 * resolved.
 *
 * @public
 */
export const releasesModulePagerduty = createBackendModule({
  pluginId: 'releases',
  moduleId: 'pagerduty',
  register(reg) {
    reg.registerInit({
      deps: {
        sources: releasesEventSourcesExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ sources, config }) {
        const environment = config.getOptionalString(
          'releases.events.pagerduty.environment',
        );
        sources.addSource({
          id: 'pagerduty',
          topics: [TOPIC],
          translate: event =>
            translatePagerDutyWebhook(event.eventPayload, { environment }),
        });
      },
    });
  },
});

/**
 * Opens `/api/events/http/pagerduty` on the events backend for PagerDuty's
 * v3 webhooks, checking their signature against
 * `releases.events.pagerduty.webhookSecret` (and `webhookSecrets`).
 *
 * @public
 */
export const eventsModulePagerdutyWebhook = createWebhookIngressModule({
  moduleId: 'releases-pagerduty-webhook',
  topic: TOPIC,
  tool: 'PagerDuty',
  secretKey: 'releases.events.pagerduty.webhookSecret',
  secretListKey: 'releases.events.pagerduty.webhookSecrets',
  createValidator: (secrets, logger) =>
    createPagerDutySignatureValidator({ secrets, logger }),
});
