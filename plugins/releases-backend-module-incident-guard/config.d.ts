export interface Config {
  releases?: {
    incidentGuard?: {
      /**
       * Open incidents of these severities on a component block deploys of
       * it to the environment they are in (emergency releases may still
       * deploy). Default: [critical].
       */
      severities?: Array<'critical' | 'high' | 'medium' | 'low'>;
      risk?: {
        /** Risk points per open incident on a release's components in its environments. Default: 10. */
        pointsPerIncident?: number;
        /** At most this many points from open incidents. Default: 20. */
        maxPoints?: number;
      };
    };
  };
}
