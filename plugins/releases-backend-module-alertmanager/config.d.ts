export interface Config {
  releases?: {
    events?: {
      alertmanager?: {
        /**
         * The bearer token Alertmanager's webhook receiver sends
         * (`http_config.authorization.credentials`) to
         * `/api/events/http/alertmanager`. Requests without it are refused
         * (403) and logged; without a token configured, the ingress is not
         * opened at all.
         *
         * @visibility secret
         */
        webhookToken?: string;
        /**
         * The alert label naming the service, matched against the
         * `releases.backstage-itsm.io/alertmanager-service` annotation of
         * components, then against component names. Default: service.
         */
        serviceLabel?: string;
        /**
         * Alert labels naming the environment, tried in order; an alert
         * without one is in `releases.events.incidentEnvironment`.
         * Default: [environment, env].
         */
        environmentLabels?: string[];
        /**
         * Severity label values, by incident severity (critical, high,
         * medium, low) or `ignore` for alerts that are not incidents.
         * Merged over the defaults: critical and page are critical; error,
         * high and major high; warning and medium medium; low and minor low;
         * info and none ignored.
         */
        severities?: { [labelValue: string]: string };
        /** The incident severity of alerts without a severity label. Default: medium. */
        defaultSeverity?: 'critical' | 'high' | 'medium' | 'low';
      };
    };
  };
}
