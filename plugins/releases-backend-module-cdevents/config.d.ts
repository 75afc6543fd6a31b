export interface Config {
  releases?: {
    events?: {
      cdevents?: {
        /**
         * The bearer token CDEvents producers send
         * (`Authorization: Bearer <token>`) to `/api/events/http/cdevents`.
         * Requests without it are refused (403) and logged; without a
         * token configured, the ingress is not opened at all.
         *
         * @visibility secret
         */
        webhookToken?: string;
        /**
         * The severity of incidents reported by `incident.detected` events,
         * which carry none: critical, high, medium or low. Default: high.
         */
        incidentSeverity?: 'critical' | 'high' | 'medium' | 'low';
      };
    };
  };
}
