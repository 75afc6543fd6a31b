import { DeploymentStatus } from '@backstage-itsm/plugin-releases-common';
import { ReleasesEventTranslation } from '@backstage-itsm/plugin-releases-node';
import { DateTime } from 'luxon';

/** The parts of a GitLab Deployment Hook payload this module reads. */
interface DeploymentHookPayload {
  object_kind?: string;
  status?: string;
  status_changed_at?: string;
  deployment_id?: number;
  deployable_url?: string;
  environment?: string;
  environment_tier?: string;
  project?: { id?: number; path_with_namespace?: string; web_url?: string };
  short_sha?: string;
  commit_url?: string;
  ref?: string;
}

/** GitLab's deployment statuses, by the plugin's. */
const STATUSES: Record<string, DeploymentStatus | undefined> = {
  created: 'queued',
  blocked: 'queued',
  running: 'in_progress',
  success: 'succeeded',
  failed: 'failed',
  canceled: 'cancelled',
};

/** A ref that names a release (`v2.6.0`, `2.6.0`) rather than a branch. */
const VERSION_REF = /^v?\d+(\.\d+)*([-+][\w.-]+)?$/;

const text = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** `2021-04-28 21:50:00 +0200`, as GitLab writes times in webhooks, as ISO-8601. */
function isoTime(value: string | undefined): string | undefined {
  if (!value) {
    return undefined;
  }
  const parsed = DateTime.fromFormat(value, 'yyyy-MM-dd HH:mm:ss ZZZ', {
    setZone: true,
  });
  if (parsed.isValid) {
    return parsed.toUTC().toISO()!;
  }
  const iso = DateTime.fromISO(value);
  return iso.isValid ? iso.toUTC().toISO()! : undefined;
}

/**
 * Reads a GitLab Deployment Hook. The project maps to the component
 * annotated `gitlab.com/project-slug` (its `path_with_namespace`); the
 * environment is the deployment's, or its tier; the version is the ref when
 * it is a tag, else the short sha. Every status of one deployment reports
 * under the deployment's id, so that it moves forward as they arrive.
 *
 * @public
 */
export function translateDeploymentHook(
  raw: unknown,
): ReleasesEventTranslation[] {
  const event = (raw ?? {}) as DeploymentHookPayload;
  const slug = text(event.project?.path_with_namespace);
  if (
    event.object_kind !== 'deployment' ||
    !slug ||
    event.deployment_id === undefined ||
    event.project?.id === undefined
  ) {
    return [
      {
        type: 'unmapped',
        reason:
          'not a Deployment Hook: it needs object_kind "deployment", deployment_id and project.id and path_with_namespace',
      },
    ];
  }
  const summary = `deployment ${event.deployment_id} of ${slug} (${event.status})`;
  if (event.status === 'skipped') {
    return [{ type: 'ignored', reason: `${summary}: GitLab skipped it` }];
  }
  const status = STATUSES[event.status ?? ''];
  if (!status) {
    return [
      {
        type: 'unmapped',
        reason: `the deployment status "${event.status}" is not one GitLab documents`,
        summary,
      },
    ];
  }
  const ref = text(event.ref);
  const commit =
    text(event.commit_url)?.match(/\/commit\/([0-9a-f]{7,64})$/)?.[1] ??
    text(event.short_sha);
  const version =
    (ref && VERSION_REF.test(ref) ? ref : undefined) ?? text(event.short_sha);
  if (!version) {
    return [
      {
        type: 'unmapped',
        reason: 'the deployment names no ref or sha',
        summary,
      },
    ];
  }
  let host = 'gitlab';
  try {
    host = new URL(event.project.web_url ?? '').host || host;
  } catch {
    // The project id is unique on its instance either way.
  }
  const environment = text(event.environment) ?? '';
  const tier = text(event.environment_tier);
  return [
    {
      type: 'deployment',
      subject: {
        annotations: [{ key: 'gitlab.com/project-slug', value: slug }],
      },
      deployment: {
        environment,
        environmentAlternatives: tier && tier !== environment ? [tier] : [],
        version,
        status,
        externalId: `${host}/projects/${event.project.id}/deployments/${event.deployment_id}`,
        reportedAt: isoTime(event.status_changed_at),
        commit,
        url: text(event.deployable_url),
      },
    },
  ];
}
