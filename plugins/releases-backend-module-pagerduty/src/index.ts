/**
 * Records PagerDuty incidents in the releases plugin: the source module and
 * the events backend's ingress for PagerDuty's v3 webhooks, with their
 * signature checked.
 *
 * @packageDocumentation
 */
import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import {
  eventsModulePagerdutyWebhook,
  releasesModulePagerduty,
} from './module';

export {
  eventsModulePagerdutyWebhook,
  releasesModulePagerduty,
} from './module';
export { createPagerDutySignatureValidator } from './signature';
export { translatePagerDutyWebhook } from './translate';

/** @public */
export default createBackendFeatureLoader({
  loader: () => [releasesModulePagerduty, eventsModulePagerdutyWebhook],
});
