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
    /**
     * Freeze and maintenance windows (policy as code). A window is fixed
     * (`start` + `end`) or recurring (`rrule` + `duration`). A window that does
     * not parse stops the backend at start-up, naming the window and field.
     */
    freezeWindows?: Array<{
      /** Unique name, shown on the calendar and in warnings. */
      name: string;
      /** `freeze` (blocks releases) or `maintenance` (shown only). Defaults to freeze. */
      kind?: 'freeze' | 'maintenance';
      description?: string;
      /** IANA time zone the times are in, e.g. Europe/Berlin. Defaults to UTC. */
      timezone?: string;
      /** Local date-time of a fixed window's start (or a recurring window's first occurrence), e.g. 2026-12-20T00:00:00. */
      start?: string;
      /** Local date-time of a fixed window's end. */
      end?: string;
      /** RFC 5545 recurrence rule, e.g. FREQ=WEEKLY;BYDAY=FR;BYHOUR=14. */
      rrule?: string;
      /** ISO-8601 duration of each occurrence, e.g. PT66H. */
      duration?: string;
      /** Environments the window covers. Defaults to all. */
      environments?: string[];
      /** Release types that may still deploy during the window, e.g. [emergency]. */
      allow?: Array<'major' | 'minor' | 'emergency'>;
      /** Limits the window to matching catalog components; every given key must match. */
      selector?: {
        system?: string | string[];
        owner?: string | string[];
        component?: string | string[];
        lifecycle?: string | string[];
        tag?: string | string[];
      };
    }>;
    /** How releases collide over the catalog graph. */
    collisions?: {
      /** dependsOn/dependencyOf hops that make two releases collide. Defaults to 1. */
      dependencyDepth?: number;
    };
    /**
     * Approval policies (policy as code); all matching policies apply.
     * Checked at start-up; a mistake stops the backend naming the policy and field.
     */
    approvalPolicies?: Array<{
      name: string;
      description?: string;
      when?: {
        types?: Array<'major' | 'minor' | 'emergency'>;
        environments?: string[];
        riskLevels?: Array<'low' | 'medium' | 'high'>;
        selector?: {
          system?: string | string[];
          owner?: string | string[];
          component?: string | string[];
          lifecycle?: string | string[];
          tag?: string | string[];
        };
      };
      /** `{ group, count }` members of a group, or `{ owner: true, count }` members of the owning group. */
      require: Array<{ group?: string; owner?: boolean; count: number }>;
      /** Emergency releases may deploy first with break-glass; these approvals are then due. */
      reviewAfter?: boolean | { days: number };
    }>;
    /** The creator of a release cannot approve it. Defaults to true. */
    separationOfDuties?: boolean;
    /** Post-implementation review. */
    review?: {
      /** Closing a release needs a review. Defaults to true. */
      requiredToClose?: boolean;
    };
    /** Incidents reported by monitoring. */
    incidents?: {
      /** ISO-8601 duration before an incident in which a deployment is blamed. Defaults to PT24H. */
      attributionWindow?: string;
    };
    /** Risk score weights (points) and level thresholds (0–100). */
    risk?: {
      weights?: {
        major?: number;
        minor?: number;
        emergency?: number;
        perDependent?: number;
        maxDependents?: number;
        changeFailureRate?: number;
        freezeProximity?: number;
        shortLeadTime?: number;
      };
      thresholds?: { medium?: number; high?: number };
    };
    /** Demo releases for local evaluation. Never enable in production. */
    demoData?: {
      /** Seed demo releases when the releases database is empty. Defaults to false. */
      enabled?: boolean;
    };
  };
}
