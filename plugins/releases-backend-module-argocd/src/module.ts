import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  createWebhookIngressModule,
  releasesEventSourcesExtensionPoint,
} from '@backstage-itsm/plugin-releases-node';
import { translateSyncNotification } from './translate';

/** The events-service topic, and the ingress path `/api/events/http/argocd`. */
const TOPIC = 'argocd';

/**
 * Records Argo CD syncs: each notification of the documented template lands
 * as a deployment of the component annotated `argocd/app-name`.
 *
 * @public
 */
export const releasesModuleArgocd = createBackendModule({
  pluginId: 'releases',
  moduleId: 'argocd',
  register(reg) {
    reg.registerInit({
      deps: { sources: releasesEventSourcesExtensionPoint },
      async init({ sources }) {
        sources.addSource({
          id: 'argocd',
          topics: [TOPIC],
          translate: event => translateSyncNotification(event.eventPayload),
        });
      },
    });
  },
});

/**
 * Opens `/api/events/http/argocd` on the events backend for Argo CD's
 * notification webhook, to callers with `releases.events.argocd.webhookToken`.
 *
 * @public
 */
export const eventsModuleArgocdWebhook = createWebhookIngressModule({
  moduleId: 'releases-argocd-webhook',
  topic: TOPIC,
  tool: 'Argo CD',
  secretKey: 'releases.events.argocd.webhookToken',
});
