import { DeploymentStatus } from '@backstage-itsm/plugin-releases-common';
import { ReleasesEventTranslation } from '@backstage-itsm/plugin-releases-node';

/** The parts of a `deployment_status` webhook payload this module reads. */
interface DeploymentStatusPayload {
  action?: string;
  deployment_status?: {
    state?: string;
    environment?: string;
    target_url?: string;
    log_url?: string;
    environment_url?: string;
    created_at?: string;
  };
  deployment?: {
    url?: string;
    id?: number | string;
    sha?: string;
    ref?: string;
    environment?: string;
    original_environment?: string;
    production_environment?: boolean;
    payload?: unknown;
  };
  workflow_run?: {
    head_sha?: string;
    head_commit?: { id?: string; timestamp?: string } | null;
  } | null;
  repository?: { full_name?: string };
}

/** GitHub's deployment states, by the plugin's. */
const STATES: Record<string, DeploymentStatus | undefined> = {
  pending: 'queued',
  queued: 'queued',
  waiting: 'queued',
  in_progress: 'in_progress',
  success: 'succeeded',
  failure: 'failed',
  error: 'failed',
};

/** A ref that names a release (`v2.6.0`, `refs/tags/2.6.0`) rather than a branch. */
const VERSION_REF = /^(refs\/tags\/)?v?\d+(\.\d+)*([-+][\w.-]+)?$/;

const text = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/**
 * Reads a GitHub `deployment_status` webhook. The repository maps to the
 * component annotated `github.com/project-slug`; a repository with several
 * components names its component in the deployment's payload
 * (`payload.component`). The version is the deployment payload's `version`,
 * else its ref when the ref is a tag, else the short commit sha. Every
 * status of one deployment reports under the deployment's id, so that the
 * deployment moves forward as its statuses arrive.
 *
 * @public
 */
export function translateDeploymentStatus(
  raw: unknown,
): ReleasesEventTranslation[] {
  const event = (raw ?? {}) as DeploymentStatusPayload;
  const status = event.deployment_status;
  const deployment = event.deployment;
  const repository = text(event.repository?.full_name);
  if (!status || !deployment || !repository) {
    return [
      {
        type: 'unmapped',
        reason:
          'not a deployment_status event: it has no deployment_status, deployment or repository.full_name',
      },
    ];
  }
  const state = text(status.state) ?? '';
  const summary = `deployment ${deployment.id} of ${repository} (${state})`;
  if (state === 'inactive') {
    return [
      {
        type: 'ignored',
        reason: `${summary}: a later deployment to the environment replaced it`,
      },
    ];
  }
  const mapped = STATES[state];
  if (!mapped) {
    return [
      {
        type: 'unmapped',
        reason: `the deployment state "${state}" is not one GitHub documents`,
        summary,
      },
    ];
  }
  const sha = text(deployment.sha);
  const environment =
    text(status.environment) ?? text(deployment.environment) ?? '';
  const payload =
    deployment.payload && typeof deployment.payload === 'object'
      ? (deployment.payload as Record<string, unknown>)
      : {};
  const ref = text(deployment.ref);
  const version =
    text(payload.version) ??
    (ref && VERSION_REF.test(ref)
      ? ref.replace(/^refs\/tags\//, '')
      : undefined) ??
    sha?.slice(0, 7);
  if (!version || deployment.id === undefined) {
    return [
      {
        type: 'unmapped',
        reason:
          'the deployment has no id, or names no sha, ref or payload.version',
        summary,
      },
    ];
  }
  const headCommit = event.workflow_run?.head_commit;
  const committedAt =
    (headCommit &&
    sha &&
    (headCommit.id === sha || event.workflow_run?.head_sha === sha)
      ? text(headCommit.timestamp)
      : undefined) ?? text(payload.committedAt);
  let host = 'github';
  try {
    host = new URL(deployment.url ?? '').host || host;
  } catch {
    // A deployment without its API url still has an id unique to its host.
  }
  return [
    {
      type: 'deployment',
      subject: {
        annotations: [{ key: 'github.com/project-slug', value: repository }],
        name: text(payload.component),
      },
      deployment: {
        environment,
        // GitHub marks production environments: they may go by another name.
        environmentAlternatives: [
          ...new Set(
            [
              text(deployment.original_environment),
              deployment.production_environment ? 'production' : undefined,
            ].filter((e): e is string => Boolean(e) && e !== environment),
          ),
        ],
        version,
        status: mapped,
        externalId: `${host}/deployments/${deployment.id}`,
        reportedAt: text(status.created_at),
        committedAt,
        commit: sha,
        url:
          text(status.log_url) ??
          text(status.target_url) ??
          text(status.environment_url),
      },
    },
  ];
}
