/**
 * Records CDEvents in the releases plugin: the source module and the events
 * backend's ingress for CDEvents over HTTP.
 *
 * @packageDocumentation
 */
import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { eventsModuleCdeventsWebhook, releasesModuleCdevents } from './module';

export { eventsModuleCdeventsWebhook, releasesModuleCdevents } from './module';
export {
  CDEVENTS_SERVICE_ANNOTATION,
  purlVersion,
  translateCDEvent,
} from './translate';

/** @public */
export default createBackendFeatureLoader({
  loader: () => [releasesModuleCdevents, eventsModuleCdeventsWebhook],
});
