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
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../database/time';
import { withIsoTimes } from '../database/isoTimes';
import {
  DeploymentFilter,
  DeploymentStore,
  NewDeployment,
  ProgressDecision,
} from './DeploymentStore';
import { initialTimes } from './deploymentProgress';
import { eachAloneOnFailure, NextBatch } from '../database/NextBatch';

const timeOrNull = (value: string | null | undefined) =>
  value ? toDbTime(value) : null;

const definedOnly = <T extends object>(values: T): Partial<T> =>
  Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined),
  ) as Partial<T>;

interface DeploymentRow {
  id: string | number;
  entity_ref: string;
  environment: string;
  version: string;
  status: string;
  deployed_at: unknown;
  started_at: unknown;
  finished_at: unknown;
  reported_at: unknown;
  committed_at: unknown;
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
    startedAt: fromDbTimeOrNull(row.started_at),
    finishedAt: fromDbTimeOrNull(row.finished_at),
    reportedAt: fromDbTimeOrNull(row.reported_at),
    committedAt: fromDbTimeOrNull(row.committed_at),
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
    progress: ProgressDecision = () => undefined,
  ): Promise<{ deployment: Deployment; created: boolean }> {
    const times = {
      ...initialTimes(deployment.status, deployment.deployedAt),
      ...definedOnly({
        startedAt: deployment.startedAt,
        finishedAt: deployment.finishedAt,
      }),
    };
    const row = {
      entity_ref: deployment.entityRef,
      environment: deployment.environment,
      version: deployment.version,
      status: deployment.status,
      deployed_at: toDbTime(deployment.deployedAt),
      started_at: timeOrNull(times.startedAt),
      finished_at: timeOrNull(times.finishedAt),
      reported_at: timeOrNull(deployment.reportedAt),
      committed_at: timeOrNull(deployment.committedAt),
      actor: deployment.actor,
      source: deployment.source,
      external_id: deployment.externalId,
      release_id: deployment.releaseId,
      commit: deployment.commit,
      url: deployment.url,
      authorized: deployment.authorized,
      authorization_reason: deployment.authorizationReason,
      created_at: new Date(),
    };
    if (this.knex.client.config.client === 'pg') {
      // A new report is one statement (atomic on its own, shared with the
      // reports sent meanwhile): the insert and the current-version move
      // together.
      const created = await this.inserts.submit(row);
      if (created) {
        return { deployment: toDeployment(created), created: true };
      }
    }
    return this.knex.transaction(async tx => {
      const inserted: DeploymentRow[] = await tx('deployments')
        .insert(row)
        .onConflict(['source', 'external_id'])
        .ignore()
        .returning('*');
      if (inserted.length === 1) {
        await this.moveCurrentVersion(tx, inserted[0]);
        return { deployment: toDeployment(inserted[0]), created: true };
      }

      // A repeat: decided against the record as it is, with the record
      // locked, so that two reports of one deployment (on any replica) are
      // applied one after the other.
      const query = tx('deployments')
        .where({
          source: deployment.source,
          external_id: deployment.externalId,
        })
        .first();
      if (this.knex.client.config.client === 'pg') {
        query.forUpdate();
      }
      const stored: DeploymentRow = await query;
      const changes = progress(toDeployment(stored));
      if (!changes) {
        return { deployment: toDeployment(stored), created: false };
      }
      const [updated]: DeploymentRow[] = await tx('deployments')
        .where({ id: stored.id })
        .update({
          status: changes.status,
          started_at: timeOrNull(changes.startedAt),
          finished_at: timeOrNull(changes.finishedAt),
          reported_at: timeOrNull(changes.reportedAt),
          url: changes.url,
          committed_at: timeOrNull(changes.committedAt),
          ...(changes.decision
            ? {
                deployed_at: toDbTime(changes.decision.deployedAt),
                authorized: changes.decision.authorized,
                authorization_reason: changes.decision.authorizationReason,
                release_id: changes.decision.releaseId,
              }
            : {}),
        })
        .returning('*');
      await this.moveCurrentVersion(tx, updated);
      return { deployment: toDeployment(updated), created: false };
    });
  }

  /**
   * PostgreSQL: inserts new reports and moves the current versions in one
   * statement (data-modifying CTEs), under the same rule as
   * moveCurrentVersion. Concurrent reports share the statement (see
   * NextBatch): each is answered after the statement committed, with its
   * stored row, or undefined when its source and external id were already
   * recorded (nothing of it was written). A batch that fails is retried
   * report by report, so that one report's error is its own.
   */
  private readonly inserts = new NextBatch<
    Record<string, unknown>,
    DeploymentRow | undefined
  >(eachAloneOnFailure(rows => this.insertAndMove(rows)));

  private async insertAndMove(
    rows: Array<Record<string, unknown>>,
  ): Promise<Array<DeploymentRow | undefined>> {
    const insert = this.knex('deployments')
      .insert(rows)
      .onConflict(['source', 'external_id'])
      .ignore()
      .returning('*')
      .toSQL();
    // Of several succeeded reports of one component and environment, the
    // latest moves it (a row may be updated once per statement).
    const result = await this.knex.raw(
      `WITH inserted AS (${insert.sql}),
       moved AS (
         INSERT INTO current_versions (entity_ref, environment, deployment_id, deployed_at)
         SELECT DISTINCT ON (entity_ref, environment) entity_ref, environment, id, deployed_at
           FROM inserted
          WHERE status = 'succeeded'
          ORDER BY entity_ref, environment, deployed_at DESC, id DESC
         ON CONFLICT (entity_ref, environment) DO UPDATE
           SET deployment_id = excluded.deployment_id, deployed_at = excluded.deployed_at
           WHERE current_versions.deployed_at < excluded.deployed_at
              OR (current_versions.deployed_at = excluded.deployed_at
                  AND current_versions.deployment_id < excluded.deployment_id)
       )
       SELECT * FROM inserted`,
      insert.bindings as Knex.RawBinding[],
    );
    const stored = new Map(
      (result.rows as DeploymentRow[]).map(row => [
        `${row.source}\u0000${row.external_id}`,
        row,
      ]),
    );
    // A report repeated within the batch was inserted once: the first
    // asking gets the row, a later one the repeat path.
    return rows.map(row => {
      const key = `${row.source}\u0000${row.external_id}`;
      const found = stored.get(key);
      stored.delete(key);
      return found;
    });
  }

  /**
   * A succeeded deployment moves the current version forward, never back: a
   * late report of an older deployment leaves a newer current version.
   */
  private async moveCurrentVersion(tx: Knex.Transaction, row: DeploymentRow) {
    if (row.status !== 'succeeded') {
      return;
    }
    await tx.raw(
      `INSERT INTO current_versions (entity_ref, environment, deployment_id, deployed_at)
       VALUES (?, ?, ?, ?)
       ON CONFLICT (entity_ref, environment) DO UPDATE
         SET deployment_id = excluded.deployment_id, deployed_at = excluded.deployed_at
         WHERE current_versions.deployed_at < excluded.deployed_at
            OR (current_versions.deployed_at = excluded.deployed_at
                AND current_versions.deployment_id < excluded.deployment_id)`,
      [
        row.entity_ref,
        row.environment,
        Number(row.id),
        toDbTime(fromDbTime(row.deployed_at)),
      ],
    );
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
    // Exports read thousands of rows: their instants come as ISO text.
    const rows: DeploymentRow[] = await withIsoTimes(this.knex, query)
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
        : await withIsoTimes(this.knex, this.knex('current_versions as cv'))
            .join('deployments as d', 'd.id', 'cv.deployment_id')
            .whereIn('cv.entity_ref', pageRefs)
            .select('d.*');
    return {
      entityRefs: pageRefs,
      totalCount,
      versions: rows.map(toDeployment),
    };
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
