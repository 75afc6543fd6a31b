import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  createWebhookIngressModule,
  releasesEventSourcesExtensionPoint,
} from '@backstage-itsm/plugin-releases-node';
import { incidentSeverityOf, translateCDEvent } from './translate';

/** The events-service topic, and the ingress path `/api/events/http/cdevents`. */
const TOPIC = 'cdevents';

/**
 * Records CDEvents: deployments of services and incidents, of the component
 * annotated `releases.backstage-itsm.io/cdevents-service`.
 *
 * @public
 */
export const releasesModuleCdevents = createBackendModule({
  pluginId: 'releases',
  moduleId: 'cdevents',
  register(reg) {
    reg.registerInit({
      deps: {
        sources: releasesEventSourcesExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ sources, config }) {
        const incidentSeverity = incidentSeverityOf(
          config.getOptionalString('releases.events.cdevents.incidentSeverity'),
        );
        sources.addSource({
          id: 'cdevents',
          topics: [TOPIC],
          translate: event =>
            translateCDEvent(event.eventPayload, { incidentSeverity }),
        });
      },
    });
  },
});

/**
 * Opens `/api/events/http/cdevents` on the events backend for CDEvents over
 * HTTP (CloudEvents in binary or structured mode), to callers with
 * `releases.events.cdevents.webhookToken`.
 *
 * @public
 */
export const eventsModuleCdeventsWebhook = createWebhookIngressModule({
  moduleId: 'releases-cdevents-webhook',
  topic: TOPIC,
  tool: 'CDEvents',
  secretKey: 'releases.events.cdevents.webhookToken',
  // Structured-mode CloudEvents carry their own media type.
  configure: events =>
    events.addHttpPostBodyParser({
      contentType: 'application/cloudevents+json',
      parser: async (request, mediaType, topic) => {
        const bodyBuffer = request.body;
        if (!Buffer.isBuffer(bodyBuffer)) {
          throw new Error(`No raw body for an event of topic ${topic}`);
        }
        const encoding = mediaType.parameters.charset ?? 'utf-8';
        if (!Buffer.isEncoding(encoding)) {
          throw new InputError(`Unsupported charset ${encoding}`);
        }
        try {
          return {
            bodyParsed: JSON.parse(bodyBuffer.toString(encoding)),
            bodyBuffer,
            encoding,
          };
        } catch {
          throw new InputError('The CloudEvent is not valid JSON');
        }
      },
    }),
});
