import { NotFoundError } from '@backstage/errors';
import {
  BaselineDiff,
  BaselineDiffEntry,
  BaselineItem,
  BaselineScope,
  Deployment,
  DriftFlag,
  RecordDeploymentRequest,
  Release,
  VersionCell,
  VersionsMatrix,
  VersionsRow,
} from '@backstage-itsm/plugin-releases-common';
import { randomUUID } from 'node:crypto';
import semver from 'semver';
import { CatalogReader } from '../catalog/CatalogFacts';
import { normalizeEntityRef } from '../catalog/refs';
import { EnvironmentConfig, requireEnvironment } from '../config';
import { DeployGate } from '../governance/DeployGate';
import { assertExist } from '../releases/ReleaseService';
import { ReleaseStore } from '../releases/ReleaseStore';
import { badField } from '../service/errors';
import { groupBy } from '../service/groupBy';
import {
  DeploymentReport,
  DeploymentVerdict,
  initialTimes,
  progressOf,
} from './deploymentProgress';
import { DeploymentStore } from './DeploymentStore';

/** Scopes large enough to matter are paged; a baseline snapshots at most this many components. */
const MAX_BASELINE_COMPONENTS = 2000;

type ParsedDeployment = Omit<
  RecordDeploymentRequest,
  'deployedAt' | 'committedAt'
> & {
  deployedAt?: string;
  committedAt?: string;
};

const isoOrUndefined = (time: string | undefined) =>
  time ? new Date(time).toISOString() : undefined;

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

/** A stored reason never names a release: readers differ in what they may read. */
const storedName = () => 'the release';

/**
 * Configuration items: deployments recorded at the server's time and
 * authorized by the deploy gate as things are at that moment, the versions
 * matrix with drift, baselines and their diffs.
 */
export class ConfigurationService {
  private readonly clock: () => Date;

  constructor(
    private readonly options: {
      deployments: DeploymentStore;
      releases: ReleaseStore;
      environments: EnvironmentConfig[];
      gate: DeployGate;
      clock?: () => Date;
    },
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Records a report once per `source` + `externalId`: the one write path of
   * deployments, for pipelines, webhook events and actions alike. The
   * server's time decides whether it was authorized (when the deployment
   * starts changing the environment) and moves the current version; the
   * reporter's times are kept beside it. Later reports under the same id
   * move the deployment forward through its states (see progressOf); a
   * repeat with a different payload is a 409.
   */
  async recordDeployment(
    input: ParsedDeployment,
    actor: string,
    catalog: CatalogReader,
    release?: Release,
  ): Promise<{ deployment: Deployment; created: boolean }> {
    const entityRef = normalizeEntityRef(
      input.entityRef,
      'component',
      'entityRef',
    );
    const environment = requireEnvironment(
      this.options.environments,
      input.environment,
    );
    await assertExist(catalog, [{ ref: entityRef, field: 'entityRef' }]);
    if (release && !release.components.some(c => c.entityRef === entityRef)) {
      throw badField('releaseId', `the release does not contain ${entityRef}`);
    }

    const at = this.clock();
    const gate = await this.options.gate.evaluate(
      {
        entityRef,
        environment,
        version: input.version,
        releaseId: release?.id,
      },
      at,
    );
    const checks = gate.checks(storedName);
    const verdict: DeploymentVerdict = {
      at: at.toISOString(),
      authorized: gate.allowed,
      reason: (gate.allowed ? checks : checks.filter(c => !c.passed))
        .map(c => c.reason)
        .join('; ')
        .slice(0, 500),
      releaseId: release?.id ?? gate.release?.id ?? null,
    };
    const report: DeploymentReport = {
      entityRef,
      environment: environment.name,
      version: input.version,
      status: input.status,
      reportedAt: isoOrUndefined(input.deployedAt),
      releaseId: release?.id,
      commit: input.commit,
      url: input.url,
      committedAt: isoOrUndefined(input.committedAt),
    };

    return this.options.deployments.record(
      {
        entityRef,
        environment: environment.name,
        version: input.version,
        status: input.status,
        deployedAt: verdict.at,
        ...initialTimes(input.status, verdict.at),
        reportedAt: report.reportedAt ?? null,
        committedAt: report.committedAt ?? null,
        actor,
        source: input.source,
        externalId: input.externalId,
        releaseId: verdict.releaseId,
        commit: input.commit ?? null,
        url: input.url ?? null,
        authorized: verdict.authorized,
        authorizationReason: verdict.reason,
      },
      stored => progressOf(stored, report, verdict),
    );
  }

  /** Resolves a scope to component refs through the catalog the caller sees; undefined means every component. */
  async resolveScope(
    scope: Scope,
    catalog: CatalogReader,
  ): Promise<string[] | undefined> {
    const given = (['entityRef', 'system', 'owner'] as const).filter(
      k => scope[k],
    );
    if (given.length > 1) {
      throw badField(
        given[1],
        `give only one of entityRef, system or owner (also got ${given[0]})`,
      );
    }
    if (scope.entityRef) {
      return [normalizeEntityRef(scope.entityRef, 'component', 'entityRef')];
    }
    if (scope.system) {
      return catalog.componentsOfSystem(
        normalizeEntityRef(scope.system, 'system', 'system'),
      );
    }
    if (scope.owner) {
      return catalog.componentsOwnedBy(
        normalizeEntityRef(scope.owner, 'group', 'owner'),
      );
    }
    return undefined;
  }

  /** The matrix; releases are named through `name` (the reader may not read them all). */
  async versions(
    scope: Scope,
    page: { limit: number; offset: number },
    catalog: CatalogReader,
    visibleReleases: (ids: string[]) => Promise<Set<string>>,
  ): Promise<VersionsMatrix> {
    const entityRefs = await this.resolveScope(scope, catalog);
    const current = await this.options.deployments.currentVersions(
      entityRefs,
      page,
    );
    const plans = await this.options.releases.activeVersionPlans(
      current.entityRefs,
    );
    const visible = await visibleReleases([
      ...plans.map(p => p.releaseId),
      ...current.versions
        .map(v => v.releaseId)
        .filter((id): id is string => Boolean(id)),
    ]);

    // An export holds thousands of components: group once, not per row.
    const versionsOf = groupBy(current.versions, v => v.entityRef);
    const plansOf = groupBy(
      plans.filter(p => visible.has(p.releaseId)),
      p => p.entityRef,
    );
    const rows: VersionsRow[] = current.entityRefs.map(entityRef => {
      const cells: Record<string, VersionCell> = {};
      for (const d of versionsOf.get(entityRef) ?? []) {
        cells[d.environment] = {
          environment: d.environment,
          version: d.version,
          deployedAt: d.deployedAt,
          actor: d.actor,
          releaseId:
            d.releaseId && visible.has(d.releaseId) ? d.releaseId : null,
          deploymentId: d.id,
          authorized: d.authorized,
          drift: [],
        };
      }
      this.flagDrift(entityRef, cells, plansOf.get(entityRef) ?? []);
      return {
        entityRef,
        environments: cells,
        drifted: Object.values(cells).some(c => c.drift.length > 0),
      };
    });

    return {
      environments: this.options.environments,
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
      title: string;
      version: string;
      environments: string[];
    }>,
  ) {
    const { environments } = this.options;
    environments.forEach((env, index) => {
      const cell = cells[env.name];
      if (!cell) {
        return;
      }
      const flags: DriftFlag[] = cell.drift;
      if (!cell.authorized) {
        flags.push({
          kind: 'unauthorized',
          message: `${cell.version} reached ${env.name} without an approved release in deploy`,
        });
      }
      const previous = index > 0 ? environments[index - 1] : undefined;
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
            message: `release "${plan.title}" plans ${plan.version} for ${env.name}, which runs ${cell.version}`,
          });
        }
      }
    });
  }

  async createBaseline(
    name: string,
    scope: BaselineScope,
    actor: string,
    catalog: CatalogReader,
  ) {
    const [kind, ref] = Object.entries(scope)[0] as [keyof Scope, string];
    const expectedKind = {
      entityRef: 'component',
      system: 'system',
      owner: 'group',
    }[kind];
    const normalized = normalizeEntityRef(ref, expectedKind, `scope.${kind}`);
    await assertExist(catalog, [{ ref: normalized, field: `scope.${kind}` }]);
    const items = await this.snapshot({ [kind]: normalized }, catalog);
    return this.options.deployments.createBaseline(
      {
        id: randomUUID(),
        name,
        scope: { [kind]: normalized } as BaselineScope,
        createdBy: actor,
        createdAt: this.clock().toISOString(),
      },
      items,
    );
  }

  private async snapshot(
    scope: Scope,
    catalog: CatalogReader,
  ): Promise<BaselineItem[]> {
    const entityRefs = await this.resolveScope(scope, catalog);
    const current = await this.options.deployments.currentVersions(entityRefs, {
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
    catalog: CatalogReader,
  ): Promise<BaselineDiff> {
    const base = await this.options.deployments.getBaseline(id);
    if (!base) {
      throw new NotFoundError(`No baseline with id ${id}`);
    }
    let otherItems: BaselineItem[];
    if (against === 'current') {
      otherItems = await this.snapshot(base.baseline.scope as Scope, catalog);
    } else {
      const other = await this.options.deployments.getBaseline(against);
      if (!other) {
        throw badField('against', `no baseline with id ${against}`);
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
