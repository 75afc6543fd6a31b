export interface Config {
  events?: {
    modules?: {
      github?: {
        /**
         * The secret of the GitHub webhook (organisation or repository) that
         * sends `deployment_status` events to `/api/events/http/github`. The
         * events backend's GitHub module refuses every request whose
         * `X-Hub-Signature-256` does not match it; without it, the module
         * opens no ingress at all.
         *
         * @visibility secret
         */
        webhookSecret?: string;
      };
    };
  };
}
