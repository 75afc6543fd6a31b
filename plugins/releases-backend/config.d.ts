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
      /**
       * `freeze` (blocks releases), `maintenance` (shown only) or `allow`
       * (deploys to its environments happen only inside its occurrences, as
       * Argo CD sync windows; `allow` types may still deploy outside them).
       * Defaults to freeze.
       */
      kind?: 'freeze' | 'maintenance' | 'allow';
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
    /** The local copy of the catalog facts the plugin reads on its hot paths. */
    catalog?: {
      /**
       * ISO-8601 duration between two syncs of the local copy with the
       * catalog, from PT5S to PT1H. A catalog change shows up within about
       * one interval plus the time a sync takes; when no sync has succeeded
       * for two intervals, health reports the facts stale. Defaults to PT30S.
       * A value out of range stops the backend at start-up naming this key.
       */
      refreshInterval?: string;
    };
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
    /**
     * Change Advisory Boards. A release a board's `when` matches needs the
     * board's approval, given by its chair in a meeting (an approval rule
     * like those of the approval policies). Checked at start-up; a mistake
     * stops the backend naming the board and key.
     */
    cab?: {
      /** ISO-8601 duration before a meeting when its agenda is announced to the members. Defaults to P1D. */
      agendaLeadTime?: string;
      boards?: Array<{
        /** Unique name; its letters and digits also make the meeting ids. */
        name: string;
        description?: string;
        /** The members: notified when an agenda is ready, may add items by hand. */
        group: string;
        /** Who records decisions and minutes. Defaults to `group`. */
        chair?: string;
        /** RFC 5545 recurrence of the meetings in `timezone`, e.g. FREQ=WEEKLY;BYDAY=TH;BYHOUR=14. */
        rrule: string;
        /** Local date-time the recurrence counts from, e.g. 2026-01-01T14:00:00. */
        start?: string;
        /** ISO-8601 duration of each meeting, up to PT24H. Defaults to PT1H. */
        duration?: string;
        /** IANA time zone of the meetings. Defaults to UTC. */
        timezone?: string;
        /** Which releases need the board, as approval policies say it. Defaults to all. */
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
      }>;
    };
    /**
     * Standard changes: low-risk, repeated changes pre-approved once. A
     * release created with `standardChange: <name>` whose conditions hold
     * needs no approval and skips the CAB; otherwise it is a normal change
     * and says why. A template must give `components` or `selector`.
     */
    standardChanges?: Array<{
      /** Unique name, as `POST /releases` takes it. */
      name: string;
      description?: string;
      /** The components it may touch (refs; short names are components in the default namespace). */
      components?: string[];
      /** The catalog components it may touch; every given key must match. */
      selector?: {
        system?: string | string[];
        owner?: string | string[];
        component?: string | string[];
        lifecycle?: string | string[];
        tag?: string | string[];
      };
      /** The environments it may target. Defaults to all. */
      environments?: string[];
      /** The largest risk level it allows. Defaults to low. */
      maxRiskLevel?: 'low' | 'medium' | 'high';
      /** What the engineer checks before deploying it. */
      checklist?: string[];
    }>;
    /** Rollback plans. */
    rollbackPlans?: {
      /**
       * Releases that must carry a rollback plan before they enter deploy:
       * one matching entry suffices; in an entry every given key must match.
       */
      requiredWhen?: Array<{
        types?: Array<'major' | 'minor' | 'emergency'>;
        riskLevels?: Array<'low' | 'medium' | 'high'>;
        environments?: string[];
      }>;
    };
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
    /**
     * The roles a release needs, each held by a catalog user or group.
     * Defaults to release-manager, change-manager, qa-lead and
     * operations-contact, none required. Checked at start-up with the
     * checklists and exit criteria; a mistake stops the backend naming the key.
     */
    roles?: Array<{
      /** Lower-case letters, digits and `-`, e.g. `qa-lead`; `PUT /releases/:id/roles` names it. */
      id: string;
      /** Shown to people, e.g. `QA lead`. */
      title: string;
      /** The release cannot leave `plan` while nobody holds the role. Defaults to false. */
      requiredToLeavePlan?: boolean;
      /** Filled when a release is created: with its owning group or its creator. */
      default?: 'owner' | 'creator';
    }>;
    /**
     * Checklists per release type, applied when a release of that type is
     * created (in the same transaction): its tasks and milestones.
     */
    checklists?: {
      [type: string]: {
        tasks?: Array<{
          title: string;
          /** The phase the task belongs to: it must be done or skipped before the release leaves it. */
          phase: 'plan' | 'design' | 'build' | 'test' | 'deploy' | 'review';
          /** `owner` (the owning group), `creator`, or a user or group ref such as `group:default/qa`. */
          assignee?: string;
          /** Due this many days (negative: before) from the planned start or end. */
          due?: { from: 'plannedStart' | 'plannedEnd'; days: number };
        }>;
        milestones?: Array<{
          /** The phase whose planned end this is. */
          phase: 'plan' | 'design' | 'build' | 'test' | 'deploy' | 'review';
          due: { from: 'plannedStart' | 'plannedEnd'; days: number };
          /** Days of slack after the planned end before the milestone is late. Defaults to 0. */
          bufferDays?: number;
        }>;
      };
    };
    /**
     * What must hold before a release may leave each phase (moving forward;
     * stepping back or cancelling needs nothing). A refused move answers 409
     * listing each unmet criterion.
     */
    exitCriteria?: {
      [phase: string]: {
        /** The phase's tasks must be done or skipped (with a reason). Defaults to true. */
        tasks?: boolean;
        /** Named sign-offs, one per name per round; an edit of what was signed off starts a new round. */
        signoffs?: Array<{
          /** Unique across phases, e.g. `QA` or `UAT`. */
          name: string;
          /** Given by the holder of this role (any member, when a group holds it)... */
          role?: string;
          /** ...or by any member of this group. */
          group?: string;
          /** The release types that need it. Defaults to all. */
          types?: Array<'major' | 'minor' | 'emergency'>;
        }>;
        /** A successful deployment of the release's versions to this environment (pre-production, before `test → deploy`). */
        deployment?: {
          environment: string;
          types?: Array<'major' | 'minor' | 'emergency'>;
        };
      };
    };
    /** Status updates of releases. */
    statusUpdates?: {
      /** The role whose holder posts them. Defaults to release-manager. */
      role?: string;
    };
    /**
     * How events of outside tools (GitHub, GitLab, Argo CD, CDEvents,
     * Alertmanager, PagerDuty modules, through the events backend) map to
     * this plugin's terms. Each tool's own settings (secrets, tokens) are
     * in its module's config.
     */
    events?: {
      /**
       * Other names of configured environments, e.g. `{ prod: production }`
       * (case-insensitive); each target must be a configured environment.
       */
      environmentAliases?: { [alias: string]: string };
      /**
       * Environments whose events are ignored (not recorded, not listed as
       * unmapped), as patterns where `*` matches anything, e.g. `pr-*`.
       */
      ignoredEnvironments?: string[];
      /**
       * The environment of incidents from tools that name none. Defaults to
       * the first gated environment, else the last configured one.
       */
      incidentEnvironment?: string;
      /**
       * How long events that could not be recorded stay listed for
       * administrators (`GET /events/unmapped`), as an ISO-8601 duration.
       * Defaults to P30D.
       */
      unmappedRetention?: string;
    };
    /** Demo releases for local evaluation. Never enable in production. */
    demoData?: {
      /** Seed demo releases when the releases database is empty. Defaults to false. */
      enabled?: boolean;
    };
  };
}
