import {
  DeploymentStatus,
  IncidentSeverity,
} from '@backstage-itsm/plugin-releases-common';
import { EventParams } from '@backstage/plugin-events-node';

/**
 * Which catalog component an event is about.
 *
 * @public
 */
export interface EventSubject {
  /**
   * Annotations that identify the component, tried in order: the first one
   * some component carries decides (e.g. `github.com/project-slug` with
   * `acme/shop`). Values compare case-insensitively.
   */
  annotations: Array<{ key: string; value: string }>;
  /**
   * A component's name or entity ref: picks one among several that carry the
   * same annotation (a monorepo), or names it outright when none does.
   */
  name?: string;
}

/**
 * A deployment as a tool reports it. The plugin records it through the same
 * write path and validation as `POST /deployments`.
 *
 * @public
 */
export interface DeploymentEventReport {
  /**
   * The environment as the tool names it; it must be a configured
   * environment (case-insensitively) or one of the aliases in
   * `releases.events.environmentAliases`.
   */
  environment: string;
  /** Other names of the same environment, tried after `environment` (e.g. GitLab's tier). */
  environmentAlternatives?: string[];
  version: string;
  status: DeploymentStatus;
  /**
   * Unique within the source for one deployment: later reports under it move
   * the deployment forward through its states (queued → in_progress →
   * succeeded, failed or cancelled), never back.
   */
  externalId: string;
  /** When the tool says it happened (ISO-8601), kept as reported. */
  reportedAt?: string;
  /** When the deployed commit was made (ISO-8601): DORA's lead time for changes starts there. */
  committedAt?: string;
  commit?: string;
  url?: string;
}

/**
 * An incident as a tool reports it. The plugin records it through the same
 * write path as `POST /incidents`: once per `externalId`; a later report
 * with `resolvedAt` resolves it.
 *
 * @public
 */
export interface IncidentEventReport {
  /**
   * The environment as the tool names it; without one, the plugin's
   * `releases.events.incidentEnvironment` (by default the first gated
   * environment).
   */
  environment?: string;
  environmentAlternatives?: string[];
  severity: IncidentSeverity;
  title: string;
  externalId: string;
  /** ISO-8601. */
  openedAt: string;
  /** ISO-8601, once resolved. */
  resolvedAt?: string;
  url?: string;
}

/**
 * What one event reports. `ignored` is for events that carry nothing to
 * record by design (e.g. a deployment marked inactive); `unmapped` is for
 * events the source cannot read: they are counted and listed for
 * administrators with the reason, never dropped silently.
 *
 * @public
 */
export type ReleasesEventTranslation =
  | {
      type: 'deployment';
      subject: EventSubject;
      deployment: DeploymentEventReport;
    }
  | { type: 'incident'; subject: EventSubject; incident: IncidentEventReport }
  | { type: 'ignored'; reason: string }
  | {
      type: 'unmapped';
      reason: string;
      /** What the event was about, in a few words, for the list. */
      summary?: string;
    };

/**
 * A source of deployment and incident events: a tool's webhook, received
 * through Backstage's events backend. The plugin subscribes to its topics,
 * maps each report to a catalog component, and records it as the plugin
 * itself, with `source` = the source's id and actor `external:<id>`. A
 * source's id is reserved: REST callers may not report under it.
 *
 * @public
 */
export interface ReleasesEventSource {
  /** e.g. `github`; lower-case letters, digits and dashes. */
  id: string;
  /** Topics of the events service, e.g. `github.deployment_status`. */
  topics: string[];
  /**
   * Reads one event into what it reports (an event may carry several, e.g.
   * an Alertmanager notification with several alerts). It throws for
   * nothing: a payload it cannot read is `unmapped`, with the reason.
   */
  translate(
    event: EventParams,
  ): ReleasesEventTranslation[] | Promise<ReleasesEventTranslation[]>;
}
