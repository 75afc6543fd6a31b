import {
  BackendFeature,
  coreServices,
  createBackendModule,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { RequestValidator } from '@backstage/plugin-events-node';
import {
  EventsExtensionPoint,
  eventsExtensionPoint,
} from '@backstage/plugin-events-node/alpha';
import { timingSafeEqual } from 'node:crypto';

/**
 * Compares secrets in constant time.
 *
 * @public
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A validator for the events backend's HTTP ingress that lets through only
 * requests carrying one of the tokens as `Authorization: Bearer <token>`
 * (several tokens let a token be rotated). A refused request is answered 403
 * and logged, without the token.
 *
 * @public
 */
export function createWebhookTokenValidator(options: {
  tokens: string[];
  /** The tool, for the log, e.g. `Argo CD`. */
  tool: string;
  logger: LoggerService;
}): RequestValidator {
  const { tokens, tool, logger } = options;
  return async (request, context) => {
    const header = request.headers.authorization;
    const value = Array.isArray(header) ? header[0] : header;
    const match = /^Bearer\s+(.+)$/i.exec(value ?? '');
    if (match && tokens.some(token => sameSecret(match[1].trim(), token))) {
      return;
    }
    logger.warn(
      `Refused a ${tool} webhook: ${
        value
          ? 'its bearer token is not one configured'
          : 'it carries no bearer token'
      }`,
    );
    context.reject({ status: 403, payload: { message: 'invalid token' } });
  };
}

/**
 * How a tool's webhooks reach the events backend: the topic (the ingress path
 * `/api/events/http/<topic>`) and the secrets that let a request through.
 *
 * @public
 */
export interface WebhookIngressOptions {
  /** The module's id under the `events` plugin. */
  moduleId: string;
  /** The events-service topic; the ingress path is `/api/events/http/<topic>`. */
  topic: string;
  /** The tool, for the logs, e.g. `Argo CD`. */
  tool: string;
  /** The config key of the secret, e.g. `releases.events.argocd.webhookToken`. */
  secretKey: string;
  /** A config key listing more secrets, so that one can be rotated. */
  secretListKey?: string;
  /** The validator of the secrets; by default a bearer token compared with them. */
  createValidator?: (
    secrets: string[],
    logger: LoggerService,
  ) => RequestValidator;
  /** Anything else the ingress needs, e.g. a body parser for a media type. */
  configure?: (events: EventsExtensionPoint) => void;
}

/**
 * A module of the events backend that opens a tool's webhook ingress to the
 * requests its validator lets through. Without a configured secret it opens
 * nothing and says so at start-up: an ingress nobody can authenticate to
 * would be one anybody can write to.
 *
 * @public
 */
export function createWebhookIngressModule(
  options: WebhookIngressOptions,
): BackendFeature {
  const {
    moduleId,
    topic,
    tool,
    secretKey,
    secretListKey,
    createValidator = (tokens, logger) =>
      createWebhookTokenValidator({ tokens, tool, logger }),
    configure,
  } = options;
  return createBackendModule({
    pluginId: 'events',
    moduleId,
    register(reg) {
      reg.registerInit({
        deps: {
          config: coreServices.rootConfig,
          events: eventsExtensionPoint,
          logger: coreServices.logger,
        },
        async init({ config, events, logger }) {
          const secret = config.getOptionalString(secretKey);
          const secrets = [
            ...(secret ? [secret] : []),
            ...((secretListKey &&
              config.getOptionalStringArray(secretListKey)) ||
              []),
          ];
          if (secrets.length === 0) {
            logger.warn(
              `${secretKey} is not set: ${tool} webhooks are not received`,
            );
            return;
          }
          configure?.(events);
          events.addHttpPostIngress({
            topic,
            validator: createValidator(secrets, logger),
          });
        },
      });
    },
  });
}
