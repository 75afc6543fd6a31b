export interface Config {
  events?: {
    modules?: {
      gitlab?: {
        /**
         * The secret token of the GitLab webhook (group or project) that
         * sends Deployment events to `/api/events/http/gitlab`. The events
         * backend's GitLab module refuses every request whose
         * `X-Gitlab-Token` differs; without it, the module opens no ingress.
         *
         * @visibility secret
         */
        webhookSecret?: string;
      };
    };
  };
}
