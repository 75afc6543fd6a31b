export interface Config {
  /** Configuration of the releases plugin (release management). */
  releases?: {
    /**
     * Environments that releases target and deployments report to, in promotion order.
     * Defaults to development, staging and production (gated).
     */
    environments?: Array<{
      /** Name used in the API, e.g. `production`. Lower-case letters, digits, `-` and `_`. */
      name: string;
      /** Promotion order; lower comes first. Defaults to the position in this list. */
      order?: number;
      /** Changes to a gated environment need a release in the `deploy` phase. */
      gated?: boolean;
    }>;
    /** Demo releases for local evaluation. Never enable in production. */
    demoData?: {
      /** Seed demo releases when the releases database is empty. Defaults to false. */
      enabled?: boolean;
    };
  };
}
