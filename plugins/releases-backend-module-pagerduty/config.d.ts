export interface Config {
  releases?: {
    events?: {
      pagerduty?: {
        /**
         * The secret of the PagerDuty v3 webhook subscription that sends to
         * `/api/events/http/pagerduty` (PagerDuty shows it once, when the
         * subscription is created). A request whose `X-PagerDuty-Signature`
         * matches no configured secret is refused (403) and logged; without
         * a secret, the ingress is not opened.
         *
         * @visibility secret
         */
        webhookSecret?: string;
        /**
         * More secrets: of further subscriptions, or the next one while a
         * secret is rotated.
         *
         * @visibility secret
         */
        webhookSecrets?: string[];
        /**
         * The environment of PagerDuty incidents (PagerDuty knows none).
         * Default: `releases.events.incidentEnvironment`.
         */
        environment?: string;
      };
    };
  };
}
