import {
  INCIDENT_SEVERITIES,
  IncidentSeverity,
} from '@backstage-itsm/plugin-releases-common';
import {
  EventSubject,
  ReleasesEventTranslation,
} from '@backstage-itsm/plugin-releases-node';

/**
 * The annotation naming a component's service id in CDEvents.
 *
 * @public
 */
export const CDEVENTS_SERVICE_ANNOTATION =
  'releases.backstage-itsm.io/cdevents-service';

interface Reference {
  id?: string;
  source?: string;
}

/** A CDEvent (spec v0.3/v0.4), alone or as the data of a structured CloudEvent. */
interface CDEvent {
  context?: { id?: string; source?: string; type?: string; timestamp?: string };
  subject?: {
    id?: string;
    source?: string;
    content?: {
      environment?: Reference;
      artifactId?: string;
      service?: Reference;
      description?: string;
      ticketURI?: string;
    };
  };
}

const text = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** `dev.cdevents.service.deployed.0.2.0` → `service.deployed`. */
const TYPE = /^dev\.cdevents\.([a-z]+)\.([a-z]+)\.\d+\.\d+\.\d+(-[\w.]+)?$/;

/**
 * The version in a package URL: its `tag` qualifier when it has one (an OCI
 * image's version is its digest, its tag is what people call it), else its
 * version: `pkg:oci/cart-service@sha256%3A0b31...?tag=3.1.0` → `3.1.0`.
 *
 * @public
 */
export function purlVersion(purl: string | undefined): string | undefined {
  const decode = (value: string) => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  const at = purl?.lastIndexOf('@') ?? -1;
  if (!purl || at < 0) {
    return undefined;
  }
  const [version, qualifiers = ''] = purl
    .slice(at + 1)
    .split('#')[0]
    .split('?');
  const tag = new URLSearchParams(qualifiers).get('tag');
  return (tag && tag.trim()) || decode(version) || undefined;
}

/** The component of a service id: annotated with it, or named like its last part. */
function serviceSubject(serviceId: string): EventSubject {
  return {
    annotations: [{ key: CDEVENTS_SERVICE_ANNOTATION, value: serviceId }],
    name: serviceId.split('/').pop(),
  };
}

/** Unwraps a structured-mode CloudEvent; a binary-mode body is the CDEvent itself. */
function cdevent(raw: unknown): CDEvent {
  const body = (raw ?? {}) as Record<string, unknown>;
  if (typeof body.specversion === 'string' && 'data' in body) {
    const data = body.data;
    if (typeof data === 'string') {
      try {
        return JSON.parse(data) as CDEvent;
      } catch {
        return {};
      }
    }
    return (data ?? {}) as CDEvent;
  }
  return body as CDEvent;
}

/**
 * Reads a CDEvent. `service.deployed` and `service.upgraded` report a
 * succeeded deployment and `service.rolledback` a rolled-back one, of the
 * service's component (annotated `releases.backstage-itsm.io/cdevents-service`
 * with the subject id, or named like its last part) to the event's
 * environment, at the version of its artifact's package URL.
 * `incident.detected` opens an incident and `incident.resolved` resolves it
 * (one incident per subject id and source). Other CDEvents are ignored.
 *
 * @public
 */
export function translateCDEvent(
  raw: unknown,
  options: { incidentSeverity: IncidentSeverity },
): ReleasesEventTranslation[] {
  const event = cdevent(raw);
  const type = TYPE.exec(text(event.context?.type) ?? '');
  const id = text(event.context?.id);
  const subjectId = text(event.subject?.id);
  if (!type || !id || !subjectId) {
    return [
      {
        type: 'unmapped',
        reason:
          'not a CDEvent: it needs context.type (dev.cdevents.<subject>.<predicate>.<version>), context.id and subject.id',
      },
    ];
  }
  const kind = `${type[1]}.${type[2]}`;
  const content = event.subject?.content ?? {};
  const environment = text(content.environment?.id);
  const timestamp = text(event.context?.timestamp);
  const summary = `${kind} ${id} of ${subjectId}`;

  if (
    ['service.deployed', 'service.upgraded', 'service.rolledback'].includes(
      kind,
    )
  ) {
    const version = purlVersion(text(content.artifactId));
    if (!environment || !version) {
      return [
        {
          type: 'unmapped',
          reason: `the ${kind} event needs subject.content.environment.id and an artifactId with a version`,
          summary,
        },
      ];
    }
    return [
      {
        type: 'deployment',
        subject: serviceSubject(subjectId),
        deployment: {
          environment,
          version,
          status: kind === 'service.rolledback' ? 'rolled_back' : 'succeeded',
          externalId: id,
          reportedAt: timestamp,
        },
      },
    ];
  }

  if (kind === 'incident.detected' || kind === 'incident.resolved') {
    const service = text(content.service?.id);
    if (!service || !timestamp) {
      return [
        {
          type: 'unmapped',
          reason: `the ${kind} event needs subject.content.service.id and context.timestamp`,
          summary,
        },
      ];
    }
    const source = text(event.subject?.source) ?? text(event.context?.source);
    return [
      {
        type: 'incident',
        subject: serviceSubject(service),
        incident: {
          environment,
          severity: options.incidentSeverity,
          title: text(content.description) ?? `Incident ${subjectId}`,
          externalId: source ? `${source}#${subjectId}` : subjectId,
          openedAt: timestamp,
          resolvedAt: kind === 'incident.resolved' ? timestamp : undefined,
          url: text(content.ticketURI),
        },
      },
    ];
  }
  return [
    { type: 'ignored', reason: `${summary}: ${kind} events record nothing` },
  ];
}

/** Reads `releases.events.cdevents.incidentSeverity`. */
export function incidentSeverityOf(
  value: string | undefined,
): IncidentSeverity {
  if (value === undefined) {
    return 'high';
  }
  if (!(INCIDENT_SEVERITIES as readonly string[]).includes(value)) {
    throw new Error(
      `releases.events.cdevents.incidentSeverity: "${value}" must be one of ${INCIDENT_SEVERITIES.join(
        ', ',
      )}`,
    );
  }
  return value as IncidentSeverity;
}
