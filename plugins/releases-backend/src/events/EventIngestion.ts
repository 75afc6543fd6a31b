import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  recordDeploymentSchema,
  recordIncidentSchema,
} from '@backstage-itsm/plugin-releases-common';
import {
  EventSubject,
  ReleasesEventSource,
  ReleasesEventTranslation,
} from '@backstage-itsm/plugin-releases-node';
import { EventParams, EventsService } from '@backstage/plugin-events-node';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { EnvironmentConfig } from '../config';
import { ConfigurationService } from '../configuration/ConfigurationService';
import { ReviewService } from '../review/ReviewService';
import { parseInput } from '../service/validation';
import { EventsConfig } from './eventsConfig';
import { UnmappedEventStore } from './UnmappedEventStore';

/** Errors that say what is wrong with the event, not with the plugin. */
const REPORT_ERRORS = new Set(['InputError', 'ConflictError', 'NotFoundError']);

type Outcome =
  | { kind: 'recorded' }
  | { kind: 'ignored'; reason: string }
  | { kind: 'unmapped'; reason: string; summary?: string };

const lower = (s: string) => s.toLocaleLowerCase('en-US');

/**
 * Records what outside tools report through Backstage's events backend:
 * each source's events are translated, mapped to a catalog component and an
 * environment, validated as `POST /deployments` and `POST /incidents`
 * validate, and recorded through the same services, as the plugin itself
 * (actor `external:<source>`). An event that cannot be recorded is kept with
 * the reason for administrators and logged; nothing is dropped silently.
 */
export class EventIngestion {
  constructor(
    private readonly options: {
      sources: ReleasesEventSource[];
      configuration: ConfigurationService;
      review: ReviewService;
      catalogFacts: CatalogFacts;
      environments: EnvironmentConfig[];
      config: EventsConfig;
      unmapped: UnmappedEventStore;
      auditor: AuditorService;
      logger: LoggerService;
      clock?: () => Date;
    },
  ) {}

  /** The ids of the installed sources: no REST caller may report under them. */
  sourceIds(): string[] {
    return this.options.sources.map(s => s.id);
  }

  async subscribe(events: EventsService): Promise<void> {
    for (const source of this.options.sources) {
      await events.subscribe({
        // One subscriber per source across replicas: the events backend
        // hands each event to one of them.
        id: `event-source-${source.id}`,
        topics: source.topics,
        onEvent: event => this.handle(source, event),
      });
    }
  }

  /** Handles one event of a source; never throws. */
  async handle(source: ReleasesEventSource, event: EventParams): Promise<void> {
    let translations: ReleasesEventTranslation[];
    try {
      translations = await source.translate(event);
    } catch (error) {
      await this.keepUnmapped(source, event, {
        reason: `the ${source.id} source could not read the event: ${
          isError(error) ? error.message : String(error)
        }`,
      });
      return;
    }
    if (translations.length === 0) {
      await this.keepUnmapped(source, event, {
        reason: 'the event reports no deployment and no incident',
      });
    }
    for (const translation of translations) {
      let outcome: Outcome;
      try {
        outcome = await this.record(source, event, translation);
      } catch (error) {
        const report = isError(error) && REPORT_ERRORS.has(error.name);
        if (!report) {
          this.options.logger.error(
            `Could not record an event of ${source.id} on ${event.topic}`,
            isError(error) ? error : undefined,
          );
        }
        outcome = {
          kind: 'unmapped',
          reason: `${report ? '' : 'could not be recorded: '}${
            isError(error) ? error.message : String(error)
          }`,
          summary: summaryOf(translation),
        };
      }
      if (outcome.kind === 'ignored') {
        this.options.logger.debug(
          `Ignored an event of ${source.id} on ${event.topic}: ${outcome.reason}`,
        );
      } else if (outcome.kind === 'unmapped') {
        await this.keepUnmapped(source, event, outcome);
      }
    }
  }

  private async record(
    source: ReleasesEventSource,
    event: EventParams,
    translation: ReleasesEventTranslation,
  ): Promise<Outcome> {
    if (translation.type === 'ignored') {
      return { kind: 'ignored', reason: translation.reason };
    }
    if (translation.type === 'unmapped') {
      return { kind: 'unmapped', ...translation };
    }
    const summary = summaryOf(translation);
    const entity = await this.component(translation.subject);
    if ('reason' in entity) {
      return { kind: 'unmapped', reason: entity.reason, summary };
    }
    const report =
      translation.type === 'deployment'
        ? translation.deployment
        : translation.incident;
    const environment = this.environment(
      [report.environment, ...(report.environmentAlternatives ?? [])].filter(
        (e): e is string => Boolean(e),
      ),
      translation.type,
    );
    if (environment.kind !== 'environment') {
      return { ...environment, summary };
    }
    const actor = `external:${source.id}`;
    const auditMeta = {
      source: source.id,
      topic: event.topic,
      externalId: report.externalId,
      entityRef: entity.entityRef,
    };
    if (translation.type === 'deployment') {
      const { deployment } = translation;
      const input = parseInput(recordDeploymentSchema, {
        entityRef: entity.entityRef,
        environment: environment.name,
        version: deployment.version,
        status: deployment.status,
        deployedAt: deployment.reportedAt,
        committedAt: deployment.committedAt,
        source: source.id,
        externalId: deployment.externalId,
        commit: deployment.commit,
        url: deployment.url,
      });
      await this.audited('deployment-event', auditMeta, async () => {
        const result = await this.options.configuration.recordDeployment(
          input,
          actor,
          this.options.catalogFacts.local(),
        );
        return {
          deploymentId: result.deployment.id,
          created: result.created,
          status: result.deployment.status,
          authorized: result.deployment.authorized,
        };
      });
      return { kind: 'recorded' };
    }
    const { incident } = translation;
    const input = parseInput(recordIncidentSchema, {
      entityRef: entity.entityRef,
      environment: environment.name,
      severity: incident.severity,
      title: incident.title,
      openedAt: incident.openedAt,
      resolvedAt: incident.resolvedAt,
      url: incident.url,
      source: source.id,
      externalId: incident.externalId,
    });
    await this.audited('incident-event', auditMeta, async () => {
      const result = await this.options.review.recordIncident(
        input,
        this.options.catalogFacts.local(),
      );
      return {
        incidentId: result.incident.id,
        created: result.created,
        deploymentId: result.incident.deploymentId,
      };
    });
    return { kind: 'recorded' };
  }

  private async audited(
    eventId: string,
    meta: Record<string, string>,
    record: () => Promise<Record<string, string | boolean | null>>,
  ) {
    const audit = await this.options.auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      meta,
    });
    try {
      await audit.success({ meta: await record() });
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  }

  /** The one component the subject names, or why there is none. */
  private async component(
    subject: EventSubject,
  ): Promise<{ entityRef: string } | { reason: string }> {
    const catalog = this.options.catalogFacts.local();
    // The local copy asks the catalog itself about a value it does not hold
    // (a component registered since the last sync, or before the first).
    let found: { key: string; value: string; refs: string[] } | undefined;
    for (const { key, value } of subject.annotations) {
      const refs = (await catalog.findByAnnotation(key, value)).filter(r =>
        lower(r).startsWith('component:'),
      );
      if (refs.length > 0) {
        found = { key, value, refs };
        break;
      }
    }
    const name = subject.name ? lower(subject.name) : undefined;
    const named = (ref: string) =>
      name !== undefined &&
      (lower(ref) === name || lower(ref).split('/').pop() === name);
    if (found) {
      if (found.refs.length === 1) {
        return { entityRef: found.refs[0] };
      }
      const picked = found.refs.filter(named);
      if (picked.length === 1) {
        return { entityRef: picked[0] };
      }
      return {
        reason: `${found.refs.length} components carry ${found.key}=${
          found.value
        } (${found.refs.slice(0, 5).join(', ')})${
          name ? ` and none is named ${subject.name}` : ''
        }; name the component in the event`,
      };
    }
    if (name) {
      const ref = name.includes(':') ? name : `component:default/${name}`;
      if ((await catalog.existing([ref])).size > 0) {
        return { entityRef: ref };
      }
    }
    const tried = subject.annotations.map(a => `${a.key}=${a.value}`);
    if (subject.name) tried.push(`the name ${subject.name}`);
    return {
      reason: `no component in the catalog carries ${
        tried.join(' or ') || 'anything the event names'
      }`,
    };
  }

  /** The configured environment the tool's names stand for, or why there is none. */
  private environment(
    names: string[],
    kind: 'deployment' | 'incident',
  ):
    | { kind: 'environment'; name: string }
    | { kind: 'ignored' | 'unmapped'; reason: string } {
    const { config, environments } = this.options;
    if (names.length === 0 && kind === 'incident') {
      return { kind: 'environment', name: config.incidentEnvironment };
    }
    for (const name of names) {
      const exact = environments.find(e => lower(e.name) === lower(name));
      const alias = config.environmentAliases.get(lower(name));
      if (exact || alias) {
        return { kind: 'environment', name: exact?.name ?? alias! };
      }
    }
    const ignored = names.find(n =>
      config.ignoredEnvironments.some(p => p.test(n)),
    );
    if (ignored) {
      return {
        kind: 'ignored',
        reason: `the environment ${ignored} is ignored (releases.events.ignoredEnvironments)`,
      };
    }
    return {
      kind: 'unmapped',
      reason: `${
        names.length
          ? `the environment ${names.map(n => `"${n}"`).join(' / ')} is`
          : 'no environment is named, which'
      } not a configured environment (${environments
        .map(e => e.name)
        .join(
          ', ',
        )}); map it in releases.events.environmentAliases or ignore it in releases.events.ignoredEnvironments`,
    };
  }

  private async keepUnmapped(
    source: ReleasesEventSource,
    event: EventParams,
    outcome: { reason: string; summary?: string },
  ) {
    this.options.logger.warn(
      `Could not record an event of ${source.id} on ${event.topic}: ${outcome.reason}`,
    );
    try {
      await this.options.unmapped.add({
        source: source.id,
        topic: event.topic,
        reason: outcome.reason,
        summary: outcome.summary,
        payload: event.eventPayload,
        at: this.options.clock?.() ?? new Date(),
      });
    } catch (error) {
      this.options.logger.error(
        `Could not keep an unmapped event of ${source.id}`,
        isError(error) ? error : undefined,
      );
    }
  }
}

/** What an event was about, in a few words. */
function summaryOf(translation: ReleasesEventTranslation): string | undefined {
  if (translation.type !== 'deployment' && translation.type !== 'incident') {
    return undefined;
  }
  const subject = [
    ...translation.subject.annotations.map(a => `${a.key}=${a.value}`),
    ...(translation.subject.name ? [translation.subject.name] : []),
  ].join(', ');
  if (translation.type === 'deployment') {
    const d = translation.deployment;
    return `deployment ${d.externalId} (${d.status}) of ${subject} at ${d.version} to ${d.environment}`;
  }
  const i = translation.incident;
  return `incident ${i.externalId} (${i.severity}) of ${subject}${
    i.environment ? ` in ${i.environment}` : ''
  }: ${i.title}`;
}
