export interface Config {
  releases?: {
    events?: {
      argocd?: {
        /**
         * The bearer token Argo CD's notification webhook sends
         * (`Authorization: Bearer <token>`) to `/api/events/http/argocd`.
         * Requests without it are refused (403) and logged; without a
         * token configured, the ingress is not opened at all.
         *
         * @visibility secret
         */
        webhookToken?: string;
      };
    };
  };
}
