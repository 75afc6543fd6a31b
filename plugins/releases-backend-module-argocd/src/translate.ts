import { DeploymentStatus } from '@backstage-itsm/plugin-releases-common';
import { ReleasesEventTranslation } from '@backstage-itsm/plugin-releases-node';

/**
 * The body of the documented `backstage-deployment` notification template
 * (see the README): one sync operation of an Argo CD Application.
 */
interface SyncNotification {
  app?: string;
  namespace?: string;
  environment?: string;
  phase?: string;
  revision?: string;
  version?: string;
  startedAt?: string;
  finishedAt?: string;
  commitTime?: string;
  url?: string;
}

/** Sync operation phases, by the plugin's deployment states. */
const PHASES: Record<string, DeploymentStatus | undefined> = {
  Running: 'in_progress',
  Succeeded: 'succeeded',
  Failed: 'failed',
  Error: 'failed',
  Terminating: 'cancelled',
};

/** Go templates print `<no value>` for a missing map key (an absent label). */
const text = (value: unknown) =>
  typeof value === 'string' &&
  value.trim() !== '' &&
  value.trim() !== '<no value>'
    ? value.trim()
    : undefined;

/** An ISO-8601 time, or Go's default `2006-01-02 15:04:05 -0700 MST` form. */
function isoTime(value: unknown): string | undefined {
  const given = text(value);
  if (!given) {
    return undefined;
  }
  const goForm =
    /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)? ([+-]\d\d)(\d\d)/.exec(given);
  const candidate = goForm
    ? `${goForm[1]}T${goForm[2]}${goForm[3] ?? ''}${goForm[4]}:${goForm[5]}`
    : given;
  const at = Date.parse(candidate);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

/**
 * Reads a notification of the documented Argo CD template. The Application
 * maps to the component annotated `argocd/app-name`; its environment comes
 * from the Application's `environment` label; its version from the
 * Application's `releases.backstage-itsm.io/version` annotation, else the
 * synced revision. Each sync operation is one deployment (keyed by the
 * Application and the operation's start), moving forward as its phases
 * arrive.
 *
 * @public
 */
export function translateSyncNotification(
  raw: unknown,
): ReleasesEventTranslation[] {
  const event = (raw ?? {}) as SyncNotification;
  const app = text(event.app);
  const startedAt = text(event.startedAt);
  if (!app || !startedAt) {
    return [
      {
        type: 'unmapped',
        reason:
          'not a notification of the backstage-deployment template: it needs app and startedAt',
      },
    ];
  }
  const summary = `sync of ${app} started ${startedAt} (${event.phase})`;
  const status = PHASES[event.phase ?? ''];
  if (!status) {
    return [
      {
        type: 'unmapped',
        reason: `the sync phase "${event.phase}" is not one Argo CD documents`,
        summary,
      },
    ];
  }
  const environment = text(event.environment);
  if (!environment) {
    return [
      {
        type: 'unmapped',
        reason: `the Application ${app} has no environment label`,
        summary,
      },
    ];
  }
  const revision = text(event.revision);
  const version = text(event.version) ?? revision?.slice(0, 7);
  if (!version) {
    return [
      {
        type: 'unmapped',
        reason: 'the sync names no revision and the Application no version',
        summary,
      },
    ];
  }
  const namespace = text(event.namespace) ?? 'argocd';
  return [
    {
      type: 'deployment',
      subject: { annotations: [{ key: 'argocd/app-name', value: app }] },
      deployment: {
        environment,
        version,
        status,
        externalId: `${namespace}/${app}@${startedAt}`,
        reportedAt: isoTime(event.finishedAt) ?? isoTime(startedAt),
        committedAt: isoTime(event.commitTime),
        commit: revision,
        url: text(event.url),
      },
    },
  ];
}
