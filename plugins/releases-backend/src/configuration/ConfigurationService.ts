import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  BaselineDiff,
  BaselineDiffEntry,
  BaselineItem,
  BaselineScope,
  Deployment,
  DriftFlag,
  RecordDeploymentRequest,
  VersionCell,
  VersionsMatrix,
  VersionsRow,
} from '@backstage-itsm/plugin-releases-common';
import { randomUUID } from 'node:crypto';
import semver from 'semver';
import { CatalogLookup, normalizeEntityRef } from '../catalog/CatalogLookup';
import { EnvironmentConfig, requireEnvironment } from '../config';
import { ReleaseStore } from '../releases/ReleaseStore';
import { DeploymentStore } from './DeploymentStore';

/** Scopes large enough to matter are paged; a baseline snapshots at most this many components. */
const MAX_BASELINE_COMPONENTS = 2000;

type ParsedDeployment = Omit<RecordDeploymentRequest, 'deployedAt'> & {
  deployedAt?: string;
};

export interface Scope {
  entityRef?: string;
  system?: string;
  owner?: string;
}

/** Is `a` a later version than `b`? Semantic versions compare as such, anything else by time. */
function isAhead(a: VersionCell, b: VersionCell): boolean {
  if (
    semver.valid(a.version, { loose: true }) &&
    semver.valid(b.version, { loose: true })
  ) {
    return semver.gt(a.version, b.version, { loose: true });
  }
  return Date.parse(a.deployedAt) > Date.parse(b.deployedAt);
}

export class ConfigurationService {
  constructor(
    private readonly deployments: DeploymentStore,
    private readonly releases: ReleaseStore,
    private readonly catalog: CatalogLookup,
    private readonly environments: EnvironmentConfig[],
  ) {}

  async recordDeployment(
    input: ParsedDeployment,
    actor: string,
    credentials: BackstageCredentials,
  ): Promise<{ deployment: Deployment; created: boolean }> {
    const entityRef = normalizeEntityRef(
      input.entityRef,
      'component',
      'entityRef',
    );
    const environment = requireEnvironment(
      this.environments,
      input.environment,
    );
    await this.catalog.assertExist(
      [{ ref: entityRef, field: 'entityRef' }],
      credentials,
    );

    const deployedAt = input.deployedAt
      ? new Date(input.deployedAt)
      : new Date();
    if (input.releaseId) {
      const release = await this.releases.get(input.releaseId);
      if (!release) {
        throw new InputError(
          `releaseId: no release with id ${input.releaseId}`,
        );
      }
      if (!release.components.some(c => c.entityRef === entityRef)) {
        throw new InputError(
          `releaseId: release ${release.id} does not contain ${entityRef}`,
        );
      }
    }

    const { authorized, reason, releaseId } = await this.authorize(
      entityRef,
      environment,
      input.version,
      deployedAt,
      input.releaseId,
    );

    return this.deployments.record({
      entityRef,
      environment: environment.name,
      version: input.version,
      status: input.status,
      deployedAt: deployedAt.toISOString(),
      actor,
      source: input.source,
      externalId: input.externalId,
      releaseId: input.releaseId ?? releaseId ?? null,
      commit: input.commit ?? null,
      url: input.url ?? null,
      authorized,
      authorizationReason: reason,
    });
  }

  /**
   * In a gated environment a deployment is authorized only when a release
   * containing the component (at this version, where the release names one)
   * and targeting the environment was in `deploy` at that moment.
   */
  private async authorize(
    entityRef: string,
    environment: EnvironmentConfig,
    version: string,
    at: Date,
    requestedReleaseId: string | undefined,
  ): Promise<{ authorized: boolean; reason: string; releaseId?: string }> {
    if (!environment.gated) {
      return {
        authorized: true,
        reason: `${environment.name} is not a gated environment`,
      };
    }
    const candidates = (
      await this.deployments.releasesInDeployAt(entityRef, at)
    )
      .filter(c => !requestedReleaseId || c.releaseId === requestedReleaseId)
      .filter(c => c.environments.includes(environment.name));
    const match = candidates.find(
      c => c.version === null || c.version === version,
    );
    if (match) {
      return {
        authorized: true,
        reason: `release ${match.releaseId} was in deploy`,
        releaseId: match.releaseId,
      };
    }
    if (candidates.length > 0) {
      return {
        authorized: false,
        reason: `release ${candidates[0].releaseId} in deploy plans ${entityRef} at ${candidates[0].version}, not ${version}`,
      };
    }
    return {
      authorized: false,
      reason: requestedReleaseId
        ? `release ${requestedReleaseId} was not in deploy for ${
            environment.name
          } at ${at.toISOString()}`
        : `no release containing ${entityRef} was in deploy for ${
            environment.name
          } at ${at.toISOString()}`,
    };
  }

  async assertEntityExists(
    entityRef: string,
    credentials: BackstageCredentials,
  ) {
    await this.catalog.assertExist(
      [{ ref: entityRef, field: 'entityRef' }],
      credentials,
    );
  }

  /** Resolves a scope to component refs; undefined means every component. */
  async resolveScope(
    scope: Scope,
    credentials: BackstageCredentials,
  ): Promise<string[] | undefined> {
    const given = (['entityRef', 'system', 'owner'] as const).filter(
      k => scope[k],
    );
    if (given.length > 1) {
      throw new InputError(
        `${given.join(', ')}: give only one of entityRef, system or owner`,
      );
    }
    if (scope.entityRef) {
      return [normalizeEntityRef(scope.entityRef, 'component', 'entityRef')];
    }
    if (scope.system) {
      return this.catalog.componentsOfSystem(
        normalizeEntityRef(scope.system, 'system', 'system'),
        credentials,
      );
    }
    if (scope.owner) {
      return this.catalog.componentsOwnedBy(
        normalizeEntityRef(scope.owner, 'group', 'owner'),
        credentials,
      );
    }
    return undefined;
  }

  async versions(
    scope: Scope,
    page: { limit: number; offset: number },
    credentials: BackstageCredentials,
  ): Promise<VersionsMatrix> {
    const entityRefs = await this.resolveScope(scope, credentials);
    const current = await this.deployments.currentVersions(entityRefs, page);
    const plans = await this.releases.activeVersionPlans(current.entityRefs);

    const rows: VersionsRow[] = current.entityRefs.map(entityRef => {
      const cells: Record<string, VersionCell> = {};
      for (const d of current.versions.filter(v => v.entityRef === entityRef)) {
        cells[d.environment] = {
          environment: d.environment,
          version: d.version,
          deployedAt: d.deployedAt,
          actor: d.actor,
          releaseId: d.releaseId,
          deploymentId: d.id,
          authorized: d.authorized,
          drift: [],
        };
      }
      this.flagDrift(
        entityRef,
        cells,
        plans.filter(p => p.entityRef === entityRef),
      );
      return {
        entityRef,
        environments: cells,
        drifted: Object.values(cells).some(c => c.drift.length > 0),
      };
    });

    return {
      environments: this.environments,
      rows,
      totalCount: current.totalCount,
      limit: page.limit,
      offset: page.offset,
    };
  }

  private flagDrift(
    entityRef: string,
    cells: Record<string, VersionCell>,
    plans: Array<{
      releaseId: string;
      version: string;
      environments: string[];
    }>,
  ) {
    this.environments.forEach((env, index) => {
      const cell = cells[env.name];
      if (!cell) {
        return;
      }
      const flags: DriftFlag[] = cell.drift;
      if (!cell.authorized) {
        flags.push({
          kind: 'unauthorized',
          message: `${cell.version} reached ${env.name} without a release in deploy`,
        });
      }
      const previous = index > 0 ? this.environments[index - 1] : undefined;
      if (previous) {
        const before = cells[previous.name];
        if (!before) {
          flags.push({
            kind: 'ahead_of_previous_environment',
            message: `${env.name} runs ${cell.version} but ${previous.name} has no version of ${entityRef}`,
          });
        } else if (before.version !== cell.version && isAhead(cell, before)) {
          flags.push({
            kind: 'ahead_of_previous_environment',
            message: `${env.name} runs ${cell.version}, ahead of ${previous.name} (${before.version})`,
          });
        }
      }
      for (const plan of plans) {
        if (
          plan.environments.includes(env.name) &&
          plan.version !== cell.version
        ) {
          flags.push({
            kind: 'differs_from_release',
            message: `release ${plan.releaseId} plans ${plan.version} for ${env.name}, which runs ${cell.version}`,
          });
        }
      }
    });
  }

  async createBaseline(
    name: string,
    scope: BaselineScope,
    actor: string,
    credentials: BackstageCredentials,
  ) {
    const [kind, ref] = Object.entries(scope)[0] as [keyof Scope, string];
    const expectedKind = {
      entityRef: 'component',
      system: 'system',
      owner: 'group',
    }[kind];
    const normalized = normalizeEntityRef(ref, expectedKind, `scope.${kind}`);
    await this.catalog.assertExist(
      [{ ref: normalized, field: `scope.${kind}` }],
      credentials,
    );
    const items = await this.snapshot({ [kind]: normalized }, credentials);
    return this.deployments.createBaseline(
      {
        id: randomUUID(),
        name,
        scope: { [kind]: normalized } as BaselineScope,
        createdBy: actor,
        createdAt: new Date().toISOString(),
      },
      items,
    );
  }

  private async snapshot(
    scope: Scope,
    credentials: BackstageCredentials,
  ): Promise<BaselineItem[]> {
    const entityRefs = await this.resolveScope(scope, credentials);
    const current = await this.deployments.currentVersions(entityRefs, {
      limit: MAX_BASELINE_COMPONENTS,
      offset: 0,
    });
    return current.versions.map(d => ({
      entityRef: d.entityRef,
      environment: d.environment,
      version: d.version,
      deploymentId: d.id,
      deployedAt: d.deployedAt,
    }));
  }

  async diffBaseline(
    id: string,
    against: string,
    credentials: BackstageCredentials,
  ): Promise<BaselineDiff> {
    const base = await this.deployments.getBaseline(id);
    if (!base) {
      throw new NotFoundError(`No baseline with id ${id}`);
    }
    let otherItems: BaselineItem[];
    if (against === 'current') {
      otherItems = await this.snapshot(
        base.baseline.scope as Scope,
        credentials,
      );
    } else {
      const other = await this.deployments.getBaseline(against);
      if (!other) {
        throw new InputError(`against: no baseline with id ${against}`);
      }
      otherItems = other.items;
    }

    const key = (i: BaselineItem) => `${i.entityRef}|${i.environment}`;
    const before = new Map(base.items.map(i => [key(i), i]));
    const after = new Map(otherItems.map(i => [key(i), i]));
    const entries: BaselineDiffEntry[] = [];
    let unchanged = 0;
    for (const [k, item] of before) {
      const now = after.get(k);
      if (!now) {
        entries.push({
          entityRef: item.entityRef,
          environment: item.environment,
          change: 'removed',
          before: item.version,
          after: null,
        });
      } else if (now.version !== item.version) {
        entries.push({
          entityRef: item.entityRef,
          environment: item.environment,
          change: 'changed',
          before: item.version,
          after: now.version,
        });
      } else {
        unchanged++;
      }
    }
    for (const [k, item] of after) {
      if (!before.has(k)) {
        entries.push({
          entityRef: item.entityRef,
          environment: item.environment,
          change: 'added',
          before: null,
          after: item.version,
        });
      }
    }
    entries.sort(
      (a, b) =>
        a.entityRef.localeCompare(b.entityRef) ||
        a.environment.localeCompare(b.environment),
    );
    return {
      baseline: base.baseline,
      against,
      entries,
      summary: {
        added: entries.filter(e => e.change === 'added').length,
        removed: entries.filter(e => e.change === 'removed').length,
        changed: entries.filter(e => e.change === 'changed').length,
        unchanged,
      },
    };
  }
}
