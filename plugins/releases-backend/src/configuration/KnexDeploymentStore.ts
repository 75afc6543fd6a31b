import {
  Baseline,
  BaselineItem,
  BaselineScope,
  Deployment,
  DeploymentStatus,
  Page,
} from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { isStorableText } from '../database/ReleasesDatabase';
import { fromDbTime, toDbTime } from '../database/time';
import {
  DeploymentFilter,
  DeploymentStore,
  NewDeployment,
} from './DeploymentStore';

interface DeploymentRow {
  id: string | number;
  entity_ref: string;
  environment: string;
  version: string;
  status: string;
  deployed_at: unknown;
  actor: string;
  source: string;
  external_id: string;
  release_id: string | null;
  commit: string | null;
  url: string | null;
  authorized: boolean | number;
  authorization_reason: string;
  created_at: unknown;
}

interface BaselineRow {
  id: string;
  name: string;
  scope_kind: string;
  scope_ref: string;
  created_by: string;
  created_at: unknown;
  item_count?: number | string;
}

function toDeployment(row: DeploymentRow): Deployment {
  return {
    id: String(row.id),
    entityRef: row.entity_ref,
    environment: row.environment,
    version: row.version,
    status: row.status as DeploymentStatus,
    deployedAt: fromDbTime(row.deployed_at),
    actor: row.actor,
    source: row.source,
    externalId: row.external_id,
    releaseId: row.release_id,
    commit: row.commit,
    url: row.url,
    authorized: Boolean(row.authorized),
    authorizationReason: row.authorization_reason,
    createdAt: fromDbTime(row.created_at),
  };
}

function toBaseline(row: BaselineRow): Baseline {
  return {
    id: row.id,
    name: row.name,
    scope: { [row.scope_kind]: row.scope_ref } as BaselineScope,
    createdBy: row.created_by,
    createdAt: fromDbTime(row.created_at),
    itemCount: Number(row.item_count ?? 0),
  };
}

async function countOf(query: Knex.QueryBuilder): Promise<number> {
  const [{ count }] = await query
    .clone()
    .clearSelect()
    .clearOrder()
    .count<Array<{ count: number | string }>>({ count: '*' });
  return Number(count);
}

export class KnexDeploymentStore implements DeploymentStore {
  constructor(private readonly knex: Knex) {}

  async record(
    deployment: NewDeployment,
  ): Promise<{ deployment: Deployment; created: boolean }> {
    return this.knex.transaction(async tx => {
      const deployedAt = toDbTime(deployment.deployedAt);
      const inserted: DeploymentRow[] = await tx('deployments')
        .insert({
          entity_ref: deployment.entityRef,
          environment: deployment.environment,
          version: deployment.version,
          status: deployment.status,
          deployed_at: deployedAt,
          actor: deployment.actor,
          source: deployment.source,
          external_id: deployment.externalId,
          release_id: deployment.releaseId,
          commit: deployment.commit,
          url: deployment.url,
          authorized: deployment.authorized,
          authorization_reason: deployment.authorizationReason,
          created_at: new Date(),
        })
        .onConflict(['source', 'external_id'])
        .ignore()
        .returning('*');

      const created = inserted.length === 1;
      if (created && deployment.status === 'succeeded') {
        // Move the current version forward, never back: a late report of an
        // older deployment leaves a newer current version in place.
        await tx.raw(
          `INSERT INTO current_versions (entity_ref, environment, deployment_id, deployed_at)
           VALUES (?, ?, ?, ?)
           ON CONFLICT (entity_ref, environment) DO UPDATE
             SET deployment_id = excluded.deployment_id, deployed_at = excluded.deployed_at
             WHERE current_versions.deployed_at < excluded.deployed_at
                OR (current_versions.deployed_at = excluded.deployed_at
                    AND current_versions.deployment_id < excluded.deployment_id)`,
          [
            deployment.entityRef,
            deployment.environment,
            Number(inserted[0].id),
            deployedAt,
          ],
        );
      }

      // A repeat answers with the first report, as it was recorded.
      const row: DeploymentRow = created
        ? inserted[0]
        : await tx('deployments')
            .where({
              source: deployment.source,
              external_id: deployment.externalId,
            })
            .first();
      return { deployment: toDeployment(row), created };
    });
  }

  async list(
    filter: DeploymentFilter,
    page: { limit: number; offset: number },
  ): Promise<Page<Deployment>> {
    const query = this.knex<DeploymentRow>('deployments');
    if (filter.entityRefs) {
      query.whereIn('entity_ref', filter.entityRefs);
    }
    if (filter.environment) {
      query.where('environment', filter.environment);
    }
    if (filter.status) {
      query.where('status', filter.status);
    }
    if (filter.authorized !== undefined) {
      query.where('authorized', filter.authorized);
    }
    if (filter.from) {
      query.where('deployed_at', '>=', toDbTime(filter.from));
    }
    if (filter.to) {
      query.where('deployed_at', '<=', toDbTime(filter.to));
    }
    const totalCount = await countOf(query);
    const rows: DeploymentRow[] = await query
      .select('*')
      .orderBy([
        { column: 'deployed_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(page.limit)
      .offset(page.offset);
    return {
      items: rows.map(toDeployment),
      totalCount,
      limit: page.limit,
      offset: page.offset,
    };
  }

  async currentVersions(
    entityRefs: string[] | undefined,
    page: { limit: number; offset: number },
  ) {
    let pageRefs: string[];
    let totalCount: number;
    if (entityRefs) {
      const sorted = [...new Set(entityRefs)].sort();
      totalCount = sorted.length;
      pageRefs = sorted.slice(page.offset, page.offset + page.limit);
    } else {
      const refsQuery = this.knex('current_versions').distinct('entity_ref');
      const [{ count }] = await this.knex
        .from(refsQuery.clone().as('refs'))
        .count<Array<{ count: number | string }>>({ count: '*' });
      totalCount = Number(count);
      pageRefs = (
        await refsQuery
          .orderBy('entity_ref')
          .limit(page.limit)
          .offset(page.offset)
      ).map((r: { entity_ref: string }) => r.entity_ref);
    }
    const rows: DeploymentRow[] =
      pageRefs.length === 0
        ? []
        : await this.knex('current_versions as cv')
            .join('deployments as d', 'd.id', 'cv.deployment_id')
            .whereIn('cv.entity_ref', pageRefs)
            .select('d.*');
    return {
      entityRefs: pageRefs,
      totalCount,
      versions: rows.map(toDeployment),
    };
  }

  async releasesInDeployAt(entityRef: string, at: Date) {
    const rows: Array<{
      release_id: string;
      version: string | null;
      environments: string;
    }> = await this.knex('release_components as rc')
      .join('releases as r', 'r.id', 'rc.release_id')
      .join('release_phase_periods as p', 'p.release_id', 'rc.release_id')
      .where('rc.entity_ref', entityRef)
      .where('p.phase', 'deploy')
      .where('p.entered_at', '<=', at)
      .where(q => q.whereNull('p.left_at').orWhere('p.left_at', '>', at))
      .distinct('rc.release_id', 'rc.version', 'r.environments');
    return rows.map(row => ({
      releaseId: row.release_id,
      version: row.version,
      environments: JSON.parse(row.environments) as string[],
    }));
  }

  async createBaseline(
    baseline: Omit<Baseline, 'itemCount'>,
    items: BaselineItem[],
  ): Promise<Baseline> {
    const [scopeKind, scopeRef] = Object.entries(baseline.scope)[0];
    await this.knex.transaction(async tx => {
      await tx('baselines').insert({
        id: baseline.id,
        name: baseline.name,
        scope_kind: scopeKind,
        scope_ref: scopeRef,
        created_by: baseline.createdBy,
        created_at: toDbTime(baseline.createdAt),
      });
      // Chunked: SQLite limits the number of bound parameters per statement.
      await tx.batchInsert(
        'baseline_items',
        items.map(item => ({
          baseline_id: baseline.id,
          entity_ref: item.entityRef,
          environment: item.environment,
          version: item.version,
          deployment_id: Number(item.deploymentId),
          deployed_at: toDbTime(item.deployedAt),
        })),
        100,
      );
    });
    return { ...baseline, itemCount: items.length };
  }

  async listBaselines(page: {
    limit: number;
    offset: number;
  }): Promise<Page<Baseline>> {
    const totalCount = await countOf(this.knex('baselines'));
    const rows: BaselineRow[] = await this.knex('baselines as b')
      .select(
        'b.*',
        this.knex('baseline_items as i')
          .count('*')
          .where('i.baseline_id', this.knex.ref('b.id'))
          .as('item_count'),
      )
      .orderBy([
        { column: 'b.created_at', order: 'desc' },
        { column: 'b.id', order: 'desc' },
      ])
      .limit(page.limit)
      .offset(page.offset);
    return { items: rows.map(toBaseline), totalCount, ...page };
  }

  async getBaseline(id: string) {
    if (!isStorableText(id)) {
      return undefined;
    }
    const row: BaselineRow | undefined = await this.knex('baselines')
      .where({ id })
      .first();
    if (!row) {
      return undefined;
    }
    const items: Array<{
      entity_ref: string;
      environment: string;
      version: string;
      deployment_id: string | number;
      deployed_at: unknown;
    }> = await this.knex('baseline_items')
      .where({ baseline_id: id })
      .orderBy(['entity_ref', 'environment']);
    return {
      baseline: toBaseline({ ...row, item_count: items.length }),
      items: items.map(item => ({
        entityRef: item.entity_ref,
        environment: item.environment,
        version: item.version,
        deploymentId: String(item.deployment_id),
        deployedAt: fromDbTime(item.deployed_at),
      })),
    };
  }
}
