import {
  Baseline,
  BaselineItem,
  BaselineScope,
  Deployment,
  DeploymentStatus,
  Page,
} from '@backstage-itsm/plugin-releases-common';
import { DeploymentChanges } from './deploymentProgress';

/**
 * A deployment to record. Without its times, it was first seen in its state
 * at `deployedAt`; without a commit time, none is known.
 */
export type NewDeployment = Omit<
  Deployment,
  'id' | 'createdAt' | 'reportedAt' | 'startedAt' | 'finishedAt' | 'committedAt'
> &
  Partial<
    Pick<Deployment, 'reportedAt' | 'startedAt' | 'finishedAt' | 'committedAt'>
  >;

/**
 * What a report under an existing `source` + `externalId` does to its
 * record, decided while the record is locked: changes, nothing (undefined),
 * or an error (a conflicting report).
 */
export type ProgressDecision = (
  stored: Deployment,
) => DeploymentChanges | undefined;

export interface DeploymentFilter {
  /** Deployments of any of these components (undefined: all). */
  entityRefs?: string[];
  environment?: string;
  status?: DeploymentStatus;
  authorized?: boolean;
  from?: string;
  to?: string;
}

/** The current version of a component in an environment, with its deployment. */
export type CurrentVersion = Deployment;

export interface DeploymentStore {
  /**
   * Records a deployment once per `source` + `externalId`, also under
   * concurrent repeats on any replica. A repeat (`created: false`) is
   * decided by `progress` with the record locked: it may move the
   * deployment forward (moving the current version when it succeeds), leave
   * it, or refuse; the answer is the record as it is then. Without
   * `progress`, a repeat leaves the record as it is.
   */
  record(
    deployment: NewDeployment,
    progress?: ProgressDecision,
  ): Promise<{ deployment: Deployment; created: boolean }>;
  list(
    filter: DeploymentFilter,
    page: { limit: number; offset: number },
  ): Promise<Page<Deployment>>;
  /** Components (by ref, paged) that have a current version, restricted to `entityRefs` when given. */
  currentVersions(
    entityRefs: string[] | undefined,
    page: { limit: number; offset: number },
  ): Promise<{
    entityRefs: string[];
    totalCount: number;
    versions: CurrentVersion[];
  }>;

  createBaseline(
    baseline: Omit<Baseline, 'itemCount'>,
    items: BaselineItem[],
  ): Promise<Baseline>;
  listBaselines(page: {
    limit: number;
    offset: number;
  }): Promise<Page<Baseline>>;
  getBaseline(
    id: string,
  ): Promise<{ baseline: Baseline; items: BaselineItem[] } | undefined>;
}

export type { BaselineScope };
