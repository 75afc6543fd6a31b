/**
 * Records Prometheus Alertmanager alerts as incidents in the releases
 * plugin: the source module and the events backend's ingress for
 * Alertmanager's webhook receiver.
 *
 * @packageDocumentation
 */
import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import {
  eventsModuleAlertmanagerWebhook,
  releasesModuleAlertmanager,
} from './module';

export {
  eventsModuleAlertmanagerWebhook,
  releasesModuleAlertmanager,
} from './module';
export {
  ALERTMANAGER_SERVICE_ANNOTATION,
  readAlertmanagerSettings,
  translateAlertNotification,
} from './translate';
export type { AlertmanagerSettings } from './translate';

/** @public */
export default createBackendFeatureLoader({
  loader: () => [releasesModuleAlertmanager, eventsModuleAlertmanagerWebhook],
});
