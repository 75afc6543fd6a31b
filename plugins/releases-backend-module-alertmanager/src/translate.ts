import { Config } from '@backstage/config';
import {
  INCIDENT_SEVERITIES,
  IncidentSeverity,
} from '@backstage-itsm/plugin-releases-common';
import { ReleasesEventTranslation } from '@backstage-itsm/plugin-releases-node';

/**
 * The annotation naming a component's service as its alerts label it.
 *
 * @public
 */
export const ALERTMANAGER_SERVICE_ANNOTATION =
  'releases.backstage-itsm.io/alertmanager-service';

/** One alert of an Alertmanager webhook notification (version 4). */
interface Alert {
  status?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
  fingerprint?: string;
}

interface Notification {
  version?: string;
  status?: string;
  alerts?: Alert[];
}

/**
 * How alerts map to incidents.
 *
 * @public
 */
export interface AlertmanagerSettings {
  serviceLabel: string;
  environmentLabels: string[];
  /** Severity label values (lower-case), by incident severity or `ignore`. */
  severities: Record<string, IncidentSeverity | 'ignore'>;
  defaultSeverity: IncidentSeverity;
}

const DEFAULT_SEVERITIES: Record<string, IncidentSeverity | 'ignore'> = {
  critical: 'critical',
  page: 'critical',
  error: 'high',
  high: 'high',
  major: 'high',
  warning: 'medium',
  medium: 'medium',
  low: 'low',
  minor: 'low',
  info: 'ignore',
  none: 'ignore',
};

/**
 * Reads `releases.events.alertmanager` (the token aside); a mistake stops the start-up.
 *
 * @public
 */
export function readAlertmanagerSettings(config: Config): AlertmanagerSettings {
  const key = 'releases.events.alertmanager';
  const severity = (value: string, at: string) => {
    if (
      value !== 'ignore' &&
      !(INCIDENT_SEVERITIES as readonly string[]).includes(value)
    ) {
      throw new Error(
        `${at}: "${value}" must be one of ${INCIDENT_SEVERITIES.join(
          ', ',
        )} or ignore`,
      );
    }
    return value as IncidentSeverity | 'ignore';
  };
  const severities = { ...DEFAULT_SEVERITIES };
  const configured = config.getOptionalConfig(`${key}.severities`);
  for (const label of configured?.keys() ?? []) {
    severities[label.toLowerCase()] = severity(
      configured!.getString(label),
      `${key}.severities.${label}`,
    );
  }
  const defaultSeverity = severity(
    config.getOptionalString(`${key}.defaultSeverity`) ?? 'medium',
    `${key}.defaultSeverity`,
  );
  if (defaultSeverity === 'ignore') {
    throw new Error(`${key}.defaultSeverity: must be an incident severity`);
  }
  return {
    serviceLabel: config.getOptionalString(`${key}.serviceLabel`) ?? 'service',
    environmentLabels: config.getOptionalStringArray(
      `${key}.environmentLabels`,
    ) ?? ['environment', 'env'],
    severities,
    defaultSeverity,
  };
}

const text = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/**
 * Reads an Alertmanager webhook notification (payload version 4): every
 * alert in it is one incident, keyed by the alert's fingerprint and start,
 * so that a firing alert opens it and the same alert resolved resolves it
 * (and the same alert firing again later is another incident). The alert's
 * service label maps it to a component (annotated
 * `releases.backstage-itsm.io/alertmanager-service`, or named like it).
 *
 * @public
 */
export function translateAlertNotification(
  raw: unknown,
  settings: AlertmanagerSettings,
): ReleasesEventTranslation[] {
  const notification = (raw ?? {}) as Notification;
  if (notification.version !== '4' || !Array.isArray(notification.alerts)) {
    return [
      {
        type: 'unmapped',
        reason: `not an Alertmanager webhook notification of version 4 (version ${
          notification.version ?? 'missing'
        })`,
      },
    ];
  }
  return notification.alerts.map((alert): ReleasesEventTranslation => {
    const labels = alert.labels ?? {};
    const name = text(labels.alertname) ?? 'alert';
    const fingerprint = text(alert.fingerprint);
    const startsAt = text(alert.startsAt);
    const summary = `${name} (${alert.status}) ${fingerprint ?? ''}`.trim();
    if (!fingerprint || !startsAt) {
      return {
        type: 'unmapped',
        reason: 'the alert has no fingerprint or startsAt',
        summary,
      };
    }
    const label = text(labels.severity)?.toLowerCase();
    const severity = label
      ? settings.severities[label] ?? settings.defaultSeverity
      : settings.defaultSeverity;
    if (severity === 'ignore') {
      return {
        type: 'ignored',
        reason: `${summary}: its severity ${label} is not an incident`,
      };
    }
    const service = text(labels[settings.serviceLabel]);
    if (!service) {
      return {
        type: 'unmapped',
        reason: `the alert has no ${settings.serviceLabel} label naming its service`,
        summary,
      };
    }
    const environment = settings.environmentLabels
      .map(l => text(labels[l]))
      .find(Boolean);
    const resolved = alert.status === 'resolved';
    return {
      type: 'incident',
      subject: {
        annotations: [{ key: ALERTMANAGER_SERVICE_ANNOTATION, value: service }],
        name: service,
      },
      incident: {
        environment,
        severity,
        title: (
          text(alert.annotations?.summary) ??
          text(alert.annotations?.description) ??
          name
        ).slice(0, 500),
        externalId: `${fingerprint}@${startsAt}`,
        openedAt: startsAt,
        resolvedAt: resolved ? text(alert.endsAt) : undefined,
        url: text(alert.generatorURL),
      },
    };
  });
}
