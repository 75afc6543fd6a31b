/**
 * Records Argo CD syncs in the releases plugin: the source module and the
 * events backend's ingress for Argo CD's notification webhook.
 *
 * @packageDocumentation
 */
import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { eventsModuleArgocdWebhook, releasesModuleArgocd } from './module';

export { eventsModuleArgocdWebhook, releasesModuleArgocd } from './module';
export { translateSyncNotification } from './translate';

/** @public */
export default createBackendFeatureLoader({
  loader: () => [releasesModuleArgocd, eventsModuleArgocdWebhook],
});
