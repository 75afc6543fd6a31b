import { IncidentSeverity } from '@backstage-itsm/plugin-releases-common';
import { ReleasesEventTranslation } from '@backstage-itsm/plugin-releases-node';

/** A PagerDuty v3 webhook payload about an incident. */
interface WebhookPayload {
  event?: {
    id?: string;
    event_type?: string;
    resource_type?: string;
    occurred_at?: string;
    data?: {
      id?: string;
      type?: string;
      html_url?: string;
      title?: string;
      created_at?: string;
      status?: string;
      urgency?: string;
      service?: { id?: string; summary?: string };
      priority?: { summary?: string } | null;
    };
  };
}

/** Priorities by name (P1 is the most urgent), as PagerDuty ships them. */
const PRIORITIES: Record<string, IncidentSeverity> = {
  P1: 'critical',
  P2: 'high',
  P3: 'medium',
  P4: 'low',
  P5: 'low',
};

const text = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/**
 * Reads a PagerDuty v3 webhook: `incident.triggered` opens an incident of
 * the component annotated `pagerduty.com/service-id` with the incident's
 * service, `incident.resolved` resolves it; other incident events change
 * nothing the plugin records. The severity is the incident's priority
 * (P1 critical, P2 high, P3 medium, P4 and P5 low), else its urgency.
 *
 * @public
 */
export function translatePagerDutyWebhook(
  raw: unknown,
  options: { environment?: string } = {},
): ReleasesEventTranslation[] {
  const event = (raw as WebhookPayload | undefined)?.event;
  const incident = event?.data;
  const type = text(event?.event_type);
  if (!event || !type || !incident) {
    return [
      {
        type: 'unmapped',
        reason:
          'not a PagerDuty v3 webhook: it needs event.event_type and event.data',
      },
    ];
  }
  const summary = `${type} ${incident.id ?? ''} ${incident.title ?? ''}`.trim();
  if (type !== 'incident.triggered' && type !== 'incident.resolved') {
    return [
      {
        type: 'ignored',
        reason: `${summary}: ${type} changes nothing recorded`,
      },
    ];
  }
  const id = text(incident.id);
  const service = text(incident.service?.id);
  const openedAt = text(incident.created_at) ?? text(event.occurred_at);
  if (!id || !service || !openedAt) {
    return [
      {
        type: 'unmapped',
        reason: 'the incident has no id, service.id or created_at',
        summary,
      },
    ];
  }
  let host = 'pagerduty';
  try {
    host = new URL(incident.html_url ?? '').host || host;
  } catch {
    // The incident id is unique within its PagerDuty account either way.
  }
  const severity =
    PRIORITIES[text(incident.priority?.summary) ?? ''] ??
    (incident.urgency === 'low' ? 'low' : 'high');
  return [
    {
      type: 'incident',
      subject: {
        annotations: [{ key: 'pagerduty.com/service-id', value: service }],
      },
      incident: {
        environment: options.environment,
        severity,
        title: (text(incident.title) ?? `PagerDuty incident ${id}`).slice(
          0,
          500,
        ),
        externalId: `${host}/incidents/${id}`,
        openedAt,
        resolvedAt:
          type === 'incident.resolved' ? text(event.occurred_at) : undefined,
        url: text(incident.html_url),
      },
    },
  ];
}
