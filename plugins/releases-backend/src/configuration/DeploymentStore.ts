import {
  Baseline,
  BaselineItem,
  BaselineScope,
  Deployment,
  DeploymentStatus,
  Page,
} from '@backstage-itsm/plugin-releases-common';

export type NewDeployment = Omit<Deployment, 'id' | 'createdAt'>;

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
   * Records a deployment once per `source` + `externalId`: a repeat returns
   * the first record and `created: false`, also under concurrent repeats.
   */
  record(
    deployment: NewDeployment,
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
  /** Whether the release was in `deploy` at `at` (from its phase periods). */
  releasesInDeployAt(
    entityRef: string,
    at: Date,
  ): Promise<
    Array<{ releaseId: string; version: string | null; environments: string[] }>
  >;

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
