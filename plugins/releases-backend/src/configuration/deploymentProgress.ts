import {
  Deployment,
  DeploymentStatus,
} from '@backstage-itsm/plugin-releases-common';
import { FieldConflictError } from '../service/errors';

/** How far along a state is: a deployment only ever moves to a later stage. */
const STAGE: Record<DeploymentStatus, number> = {
  queued: 0,
  in_progress: 1,
  succeeded: 2,
  failed: 2,
  cancelled: 2,
  rolled_back: 2,
};
const FINAL_STAGE = 2;

/** One report of a deployment, as parsed, with the refs resolved. */
export interface DeploymentReport {
  entityRef: string;
  environment: string;
  version: string;
  status: DeploymentStatus;
  /** The reporter's time (ISO), when given. */
  reportedAt?: string;
  /** Named by the reporter; undefined when the server derives it. */
  releaseId?: string;
  commit?: string;
  url?: string;
  committedAt?: string;
}

/** What the deploy gate decided about a report, at the server's time. */
export interface DeploymentVerdict {
  at: string;
  authorized: boolean;
  reason: string;
  releaseId: string | null;
}

/** What a later report changes in a recorded deployment. */
export interface DeploymentChanges {
  status: DeploymentStatus;
  startedAt: string | null;
  finishedAt: string | null;
  /** The reporter's time of the state it moves to (the stored one when not given). */
  reportedAt: string | null;
  url: string | null;
  committedAt: string | null;
  /** Set when the deployment leaves `queued`: the gate decides again, now. */
  decision?: {
    deployedAt: string;
    authorized: boolean;
    authorizationReason: string;
    releaseId: string | null;
  };
}

/** The server's times of a deployment first reported in this state. */
export function initialTimes(
  status: DeploymentStatus,
  at: string,
): { startedAt: string | null; finishedAt: string | null } {
  return {
    startedAt: status === 'in_progress' ? at : null,
    finishedAt: STAGE[status] === FINAL_STAGE ? at : null,
  };
}

type Difference = [field: string, stored: string | null | undefined];

/** Fields the report names with another value than the record has. */
function differences(
  pairs: Array<[string, string | null | undefined, string | undefined]>,
): Difference[] {
  return pairs
    .filter(([, stored, given]) => given !== undefined && given !== stored)
    .map(([field, stored]) => [field, stored]);
}

function conflict(differing: Difference[], hint: string): FieldConflictError {
  return new FieldConflictError(
    differing.map(([field, stored]) => ({
      field,
      message: `differs from the report first recorded under this source and externalId${
        stored !== undefined && stored !== null ? ` (${stored})` : ''
      }; ${hint}`,
    })),
  );
}

/**
 * What a repeated report (same source and externalId) does to the recorded
 * deployment. What was deployed never changes: a different component,
 * environment, version, commit or release is a 409. The state moves forward
 * only — queued → in_progress → a final state — and a late report of an
 * earlier state changes nothing; a second, different final state is a 409.
 * A repeat of the same state must be the same report as the one that moved
 * the deployment there (409 otherwise), as before there were states.
 * Returns undefined when nothing changes.
 */
export function progressOf(
  stored: Deployment,
  report: DeploymentReport,
  verdict: DeploymentVerdict,
): DeploymentChanges | undefined {
  const newId = 'a new deployment needs a new externalId';
  const identity = differences([
    ['entityRef', stored.entityRef, report.entityRef],
    ['environment', stored.environment, report.environment],
    ['version', stored.version, report.version],
    ['releaseId', stored.releaseId, report.releaseId],
    ['commit', stored.commit, report.commit],
  ]);
  if (identity.length > 0) {
    throw conflict(identity, newId);
  }
  if (report.status === stored.status) {
    const details = differences([
      ['deployedAt', stored.reportedAt, report.reportedAt],
      ['url', stored.url, report.url],
      ['committedAt', stored.committedAt, report.committedAt],
    ]);
    if (details.length > 0) {
      throw conflict(details, newId);
    }
    return undefined;
  }
  const from = STAGE[stored.status];
  const to = STAGE[report.status];
  if (to < from) {
    // Events arrive out of order: the later state stands.
    return undefined;
  }
  if (to === from) {
    throw conflict(
      [['status', stored.status]],
      'a deployment ends once; a new one needs a new externalId',
    );
  }
  return {
    status: report.status,
    startedAt:
      stored.startedAt ?? (report.status === 'in_progress' ? verdict.at : null),
    finishedAt: to === FINAL_STAGE ? verdict.at : null,
    // A reporter stamps each state with its own time (GitLab's
    // status_changed_at): keeping the first state's time would make a retried
    // delivery of the new state differ from the record.
    reportedAt: report.reportedAt ?? stored.reportedAt,
    url: report.url ?? stored.url,
    committedAt: stored.committedAt ?? report.committedAt ?? null,
    decision:
      stored.status === 'queued'
        ? {
            deployedAt: verdict.at,
            authorized: verdict.authorized,
            authorizationReason: verdict.reason,
            releaseId: report.releaseId ?? verdict.releaseId,
          }
        : undefined,
  };
}
