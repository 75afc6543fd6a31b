import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  FieldChange,
  Page,
  Release,
  ReleaseEvent,
  ReleaseEventType,
  ReleasePhase,
  ReleaseType,
} from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { RowsRead, RowsWithRelease } from './rowsWithRelease';
import { isStorableText } from '../database/ReleasesDatabase';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../database/time';
import { withIsoTimes } from '../database/isoTimes';
import { pageWithTotal, rowsOfEach } from '../database/pages';
import { eachAloneOnFailure, NextBatch } from '../database/NextBatch';
import { StaleRevisionError } from './errors';
import { ApprovalRow, toDecision } from '../approvals/ApprovalStore';
import {
  EventMeta,
  InDeployRelease,
  NewRelease,
  PageRequest,
  ReleaseChange,
  ReleaseFilter,
  ReleasePatch,
  ReleaseScope,
  ReleaseStore,
  TransactionStep,
} from './ReleaseStore';

/**
 * SQLite: a scope of at most this many releases (under the list's phase and
 * window) is named by id in the list query; a larger one stays a semi-join.
 * Within SQLite's limit on bound parameters.
 */
const MAX_NAMED_SCOPE_IDS = 500;

interface ReleaseRow {
  id: string;
  title: string;
  description: string;
  type: string;
  phase: string;
  planned_start: unknown;
  planned_end: unknown;
  actual_start: unknown;
  actual_end: unknown;
  owner: string;
  created_by: string;
  environments: string;
  revision: number;
  approval_round: number;
  break_glass_at: unknown;
  break_glass_reason: string | null;
  break_glass_by: string | null;
  break_glass_due_at: unknown;
  break_glass_obligation: string | null;
  owner_changed_by: string | null;
  outcome: string | null;
  risk: string | null;
  rollback_plan: string | null;
  standard_change: string | null;
  standard_change_status: string | null;
  created_at: unknown;
  updated_at: unknown;
  /** See `readReleases`: parsed JSON on PostgreSQL. */
  components_json?: Array<[string, string | null]> | string;
}

interface ComponentRow {
  release_id: string;
  entity_ref: string;
  version: string | null;
  position: number;
}

interface EventRow {
  id: string | number;
  release_id: string;
  type: string;
  actor: string;
  at: unknown;
  reason: string | null;
  changes: string;
}

/** Release fields in the order the history shows them, with their column. */
const SCALAR_COLUMNS: Array<[keyof ReleasePatch, string]> = [
  ['title', 'title'],
  ['description', 'description'],
  ['type', 'type'],
  ['phase', 'phase'],
  ['plannedStart', 'planned_start'],
  ['plannedEnd', 'planned_end'],
  ['actualStart', 'actual_start'],
  ['actualEnd', 'actual_end'],
  ['owner', 'owner'],
  ['ownerChangedBy', 'owner_changed_by'],
  ['environments', 'environments'],
  ['approvalRound', 'approval_round'],
  ['outcome', 'outcome'],
  ['risk', 'risk'],
  ['rollbackPlan', 'rollback_plan'],
];

const TIME_FIELDS = new Set<keyof ReleasePatch>([
  'plannedStart',
  'plannedEnd',
  'actualStart',
  'actualEnd',
]);

function toColumnValue(field: keyof ReleasePatch, value: unknown): unknown {
  if (value === null || value === undefined) {
    return null;
  }
  if (TIME_FIELDS.has(field)) {
    return toDbTime(value as string);
  }
  if (
    field === 'environments' ||
    field === 'risk' ||
    field === 'rollbackPlan'
  ) {
    return JSON.stringify(value);
  }
  return value;
}

export class KnexReleaseStore implements ReleaseStore {
  private readonly isPg: boolean;
  private readonly inDeployReads: NextBatch<string, InDeployRelease[]>;

  constructor(private readonly knex: Knex) {
    this.isPg = knex.client.config.client === 'pg';
    this.inDeployReads = new NextBatch(
      eachAloneOnFailure(entityRefs => this.readInDeploy(entityRefs)),
    );
  }

  async list(filter: ReleaseFilter, page: PageRequest): Promise<Page<Release>> {
    const base = this.knex<ReleaseRow>('releases');
    // PostgreSQL reads the scope's ids inside the list's statement (see
    // applyFilter); SQLite, in process, reads them first.
    this.applyFilter(
      base,
      filter,
      this.isPg ? undefined : await this.scopeIds(filter),
    );

    const order = page.order ?? 'desc';
    const { rows, totalCount } = await pageWithTotal<ReleaseRow>(
      this.knex,
      base,
      page,
      q =>
        this.readReleases(q).orderBy([
          { column: 'planned_start', order },
          { column: 'id', order },
        ]),
    );

    return {
      items: await this.hydrate(this.knex, rows),
      totalCount,
      limit: page.limit,
      offset: page.offset,
    };
  }

  async get(id: string): Promise<Release | undefined> {
    return (await this.getMany([id]))[0];
  }

  async getWith<P extends Record<string, RowsWithRelease<unknown>>>(
    id: string,
    parts: P,
  ): Promise<{ release: Release; parts?: RowsRead<P> } | undefined> {
    if (!this.isPg) {
      const release = await this.get(id);
      return release && { release };
    }
    if (!isStorableText(id)) {
      return undefined;
    }
    const names = Object.keys(parts) as Array<keyof P & string>;
    const query = this.readReleases(this.knex('releases').where({ id }));
    names.forEach((name, index) =>
      query.select(this.knex.raw(`${parts[name].json} as part_${index}`)),
    );
    const rows: Array<ReleaseRow & Record<string, unknown>> = await query;
    if (rows.length === 0) {
      return undefined;
    }
    const [release] = await this.hydrate(this.knex, rows);
    const read = {} as RowsRead<P>;
    names.forEach((name, index) => {
      read[name] = parts[name].parse(
        rows[0][`part_${index}`],
      ) as RowsRead<P>[typeof name];
    });
    return { release, parts: read };
  }

  async getMany(ids: string[]): Promise<Release[]> {
    const keys = [...new Set(ids.filter(isStorableText))];
    if (keys.length === 0) {
      return [];
    }
    const rows: ReleaseRow[] = [];
    // Bounded statements: SQLite limits bound parameters.
    for (let i = 0; i < keys.length; i += 500) {
      rows.push(
        ...(await this.readReleases(
          this.knex('releases').whereIn('id', keys.slice(i, i + 500)),
        )),
      );
    }
    return this.hydrate(this.knex, rows);
  }

  async idsMatching(
    ids: string[],
    condition: ReleaseFilter['condition'],
  ): Promise<Set<string>> {
    const keys = [...new Set(ids.filter(isStorableText))];
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += 500) {
      const query = this.knex('releases')
        .whereIn('releases.id', keys.slice(i, i + 500))
        .select('releases.id');
      if (condition) {
        query.where(condition);
      }
      for (const row of (await query) as Array<{ id: string }>) {
        found.add(row.id);
      }
    }
    return found;
  }

  async count(): Promise<number> {
    const [{ count }] = await this.knex('releases').count<
      Array<{ count: number | string }>
    >({ count: '*' });
    return Number(count);
  }

  /**
   * The releases in deploy that contain the component, newest plan first
   * (at most 20), with their current round's decisions on PostgreSQL: the
   * gate asks on every decision and every recorded deployment, so concurrent
   * calls share one statement (see NextBatch and rowsOfEach).
   */
  inDeployFor(entityRef: string): Promise<InDeployRelease[]> {
    return this.inDeployReads.submit(entityRef);
  }

  private async readInDeploy(
    entityRefs: string[],
  ): Promise<InDeployRelease[][]> {
    const answers = await rowsOfEach<
      ReleaseRow & { decisions_json?: ApprovalRow[] }
    >(
      this.knex,
      entityRefs.map(entityRef => this.inDeployQuery(entityRef)),
      [
        { column: 'planned_start', order: 'desc' },
        { column: 'id', order: 'desc' },
      ],
    );
    // Hydrated together (one read of components on SQLite), then split.
    const rows = answers.flat();
    const releases = await this.hydrate(this.knex, rows);
    const found = rows.map((row, index) => ({
      release: releases[index],
      decisions: row.decisions_json?.map(toDecision),
    }));
    let start = 0;
    return answers.map(answer => found.slice(start, (start += answer.length)));
  }

  private inDeployQuery(entityRef: string) {
    const query = this.readReleases(this.knex('releases'));
    if (this.isPg) {
      // The decisions of the current round in the same statement: the gate
      // asks for them next, and a round trip costs more than the rows.
      query.select(
        this.knex.raw(
          `coalesce((select json_agg(json_build_object('id', a.id, 'release_id', a.release_id, 'round', a.round, 'approver', a.approver, 'on_behalf_of', a.on_behalf_of, 'decision', a.decision, 'comment', a.comment, 'decided_at', a.decided_at) order by a.id desc) from approvals a where a.release_id = releases.id and a.round = releases.approval_round), '[]'::json) as decisions_json`,
        ),
      );
    }
    return (
      query
        // The component rows carry the release's phase (same transaction): the
        // (entity, phase) index names the few releases in deploy, however long
        // the component's history.
        .whereIn(
          'releases.id',
          this.knex('release_components')
            .select('release_id')
            .where({ entity_ref: entityRef, phase: 'deploy' }),
        )
        .where('releases.phase', 'deploy')
        .limit(20)
    );
  }

  async activeVersionPlans(entityRefs: string[]) {
    if (entityRefs.length === 0) {
      return [];
    }
    const rows: Array<{
      entity_ref: string;
      release_id: string;
      title: string;
      version: string;
      environments: string;
    }> = await this.knex('release_components as rc')
      .join('releases as r', 'r.id', 'rc.release_id')
      .whereIn('rc.entity_ref', entityRefs)
      // The component rows carry the release's phase (same transaction), so
      // the plan starts from their (entity, phase) index, not from every
      // release of the components.
      .whereIn('rc.phase', ['deploy', 'review'])
      .whereNotNull('rc.version')
      .select(
        'rc.entity_ref',
        'rc.release_id',
        'r.title',
        'rc.version',
        'r.environments',
      );
    return rows.map(row => ({
      entityRef: row.entity_ref,
      releaseId: row.release_id,
      title: row.title,
      version: row.version,
      environments: JSON.parse(row.environments) as string[],
    }));
  }

  async create(
    release: NewRelease,
    event: EventMeta,
    alongside: TransactionStep[] = [],
  ): Promise<Release> {
    return this.knex.transaction(async tx => {
      await tx('releases').insert({
        id: release.id,
        title: release.title,
        description: release.description,
        type: release.type,
        phase: release.phase,
        planned_start: toDbTime(release.plannedStart),
        planned_end: toDbTime(release.plannedEnd),
        actual_start: null,
        actual_end: null,
        owner: release.owner,
        created_by: release.createdBy,
        owner_changed_by: null,
        environments: JSON.stringify(release.environments),
        risk: release.risk ? JSON.stringify(release.risk) : null,
        rollback_plan: release.rollbackPlan
          ? JSON.stringify(release.rollbackPlan)
          : null,
        ...standardChangeColumns(release.standardChange ?? null),
        first_deployed_at: release.phase === 'deploy' ? event.at : null,
        revision: 1,
        created_at: event.at,
        updated_at: event.at,
      });
      await this.insertComponents(tx, release.id, release.components);
      await tx('release_phase_periods').insert({
        release_id: release.id,
        phase: release.phase,
        entered_at: event.at,
        left_at: null,
      });
      await this.syncScopeRows(tx, release.id);
      const created = (await this.load(tx, release.id))!;
      await this.insertEvent(tx, release.id, event, {
        title: { before: null, after: created.title },
        type: { before: null, after: created.type },
        phase: { before: null, after: created.phase },
        plannedStart: { before: null, after: created.plannedStart },
        plannedEnd: { before: null, after: created.plannedEnd },
        owner: { before: null, after: created.owner },
        components: { before: null, after: created.components },
        environments: { before: null, after: created.environments },
        ...(created.rollbackPlan
          ? { rollbackPlan: { before: null, after: created.rollbackPlan } }
          : {}),
        ...(created.standardChange
          ? { standardChange: { before: null, after: created.standardChange } }
          : {}),
        ...(await runSteps(tx, alongside, { before: null, after: created })),
      });
      return created;
    });
  }

  async update(
    id: string,
    change: ReleaseChange,
  ): Promise<{ release: Release; changes: Record<string, FieldChange> }> {
    return this.knex.transaction(async tx => {
      const current = await this.load(tx, id, { lock: true });
      if (!current) {
        throw new NotFoundError(`No release with id ${id}`);
      }
      if (
        change.expectedRevision !== undefined &&
        change.expectedRevision !== current.revision
      ) {
        throw new StaleRevisionError(change.expectedRevision, current);
      }
      if (
        change.expectedPhase !== undefined &&
        change.expectedPhase !== current.phase
      ) {
        throw new ConflictError(
          `release ${id} moved to phase ${current.phase} meanwhile; reload it`,
        );
      }
      if (change.expectedDecisions) {
        // A decision locks the release row too (ApprovalStore.record), so
        // it is either seen here or waits for this change and sees it.
        const { round, lastDecisionId } = change.expectedDecisions;
        const [{ last }] = await tx('approvals')
          .where({ release_id: id, round })
          .max<Array<{ last: string | number | null }>>({ last: 'id' });
        const lastNow =
          last === null || last === undefined ? null : String(last);
        if (current.approvalRound !== round || lastNow !== lastDecisionId) {
          throw new ConflictError(
            `release ${id} received an approval decision meanwhile; reload it and try again`,
          );
        }
      }

      const changes = diff(current, change.set);
      if (Object.keys(changes).length === 0) {
        return { release: current, changes };
      }

      const columns: Record<string, unknown> = {
        revision: current.revision + 1,
        updated_at: change.event.at,
      };
      for (const [field, column] of SCALAR_COLUMNS) {
        if (field in changes) {
          columns[column] = toColumnValue(field, change.set[field]);
        }
      }
      if ('phase' in changes && change.set.phase === 'deploy') {
        columns.first_deployed_at = tx.raw('coalesce(first_deployed_at, ?)', [
          change.event.at,
        ]);
      }
      if ('standardChange' in changes) {
        Object.assign(
          columns,
          standardChangeColumns(change.set.standardChange ?? null),
        );
      }
      if ('breakGlass' in changes) {
        const breakGlass = change.set.breakGlass;
        columns.break_glass_at = breakGlass ? toDbTime(breakGlass.at) : null;
        columns.break_glass_reason = breakGlass?.reason ?? null;
        columns.break_glass_by = breakGlass?.by ?? null;
        columns.break_glass_due_at = breakGlass?.dueAt
          ? toDbTime(breakGlass.dueAt)
          : null;
        columns.break_glass_obligation = breakGlass
          ? JSON.stringify(breakGlass.owed)
          : null;
      }
      // The revision guard makes a lost update impossible even where the
      // database does not support row locks.
      const updated = await tx('releases')
        .where({ id, revision: current.revision })
        .update(columns);
      if (updated !== 1) {
        throw new ConflictError(`release ${id} changed meanwhile; reload it`);
      }
      if ('phase' in changes) {
        await tx('release_phase_periods')
          .where({ release_id: id })
          .whereNull('left_at')
          .update({ left_at: change.event.at });
        await tx('release_phase_periods').insert({
          release_id: id,
          phase: change.set.phase,
          entered_at: change.event.at,
          left_at: null,
        });
      }
      if ('components' in changes) {
        await tx('release_components').where({ release_id: id }).delete();
        await this.insertComponents(tx, id, change.set.components!);
      }
      await this.syncScopeRows(tx, id);
      const after = (await this.load(tx, id))!;
      Object.assign(
        changes,
        await runSteps(tx, change.alongside ?? [], { before: current, after }),
      );
      await this.insertEvent(tx, id, change.event, changes);
      return { release: after, changes };
    });
  }

  async breakGlassWithoutObligation(): Promise<Release[]> {
    const rows: ReleaseRow[] = await this.knex('releases')
      .whereNotNull('break_glass_at')
      .whereNull('break_glass_obligation')
      .limit(10_000);
    return this.hydrate(this.knex, rows);
  }

  async recordObligation(
    id: string,
    owed: NonNullable<Release['breakGlass']>['owed'],
    dueAt: string | null,
  ): Promise<void> {
    await this.knex('releases')
      .where({ id })
      .whereNull('break_glass_obligation')
      .update({
        break_glass_obligation: JSON.stringify(owed),
        break_glass_due_at: dueAt ? toDbTime(dueAt) : null,
      });
  }

  async setRisk(id: string, risk: Release['risk']): Promise<void> {
    await this.knex('releases')
      .where({ id })
      .update({ risk: risk ? JSON.stringify(risk) : null });
  }

  async listEvents(
    releaseId: string,
    page: PageRequest,
  ): Promise<Page<ReleaseEvent>> {
    const base = this.knex<EventRow>('release_events').where({
      release_id: releaseId,
    });
    const [{ count }] = await base
      .clone()
      .count<Array<{ count: number | string }>>({ count: '*' });
    const order = page.order ?? 'desc';
    const rows: EventRow[] = await base
      .clone()
      .select('*')
      .orderBy('id', order)
      .limit(page.limit)
      .offset(page.offset);
    return {
      items: rows.map(row => ({
        id: String(row.id),
        releaseId: row.release_id,
        type: row.type as ReleaseEventType,
        actor: row.actor,
        at: fromDbTime(row.at),
        reason: row.reason,
        changes: JSON.parse(row.changes),
      })),
      totalCount: Number(count),
      limit: page.limit,
      offset: page.offset,
    };
  }

  /**
   * SQLite: the ids of the releases in every scope of the filter, read from
   * the scopes' own index entries first, when there are few enough to name,
   * so the list fetches the releases by primary key. Undefined: no scope, or
   * too many ids (the semi-join is used then). PostgreSQL computes the same
   * ids inside the list's statement (applyFilter).
   */
  private async scopeIds(filter: ReleaseFilter): Promise<string[] | undefined> {
    if (!filter.scopes?.length) {
      return undefined;
    }
    let ids: Set<string> | undefined;
    for (const scope of filter.scopes) {
      const inScope = this.scopeQuery(scope, filter);
      if (!inScope) {
        return [];
      }
      const rows: Array<{ id: string }> = await this.knex
        .from(inScope.as('in_scope'))
        .distinct({ id: 'in_scope.release_id' })
        .limit(MAX_NAMED_SCOPE_IDS + 1);
      if (rows.length > MAX_NAMED_SCOPE_IDS) {
        return undefined;
      }
      const found = new Set(rows.map(r => r.id));
      ids = ids ? new Set([...ids].filter(id => found.has(id))) : found;
    }
    return [...(ids ?? [])];
  }

  /** The ids of a scope's releases (by component, union by owner) under the filter's phase and window, as a subquery. */
  private scopeQuery(scope: ReleaseScope, filter: ReleaseFilter) {
    // The component rows carry the phase and the planned window, so the
    // scope's own index entries answer the filters as well.
    const inScope: Knex.QueryBuilder[] = [];
    if (scope.entityRefs.length > 0) {
      inScope.push(
        this.knex('release_components')
          .select('release_id')
          .whereIn('entity_ref', scope.entityRefs)
          .modify(rows => phaseAndWindow(rows, filter, '')),
      );
    }
    if (scope.owners.length > 0) {
      inScope.push(
        this.knex('releases as owned')
          .select({ release_id: 'owned.id' })
          .whereIn('owned.owner', scope.owners)
          .modify(rows => phaseAndWindow(rows, filter, 'owned.')),
      );
    }
    if (inScope.length === 0) {
      return undefined;
    }
    const [first, ...rest] = inScope;
    return rest.length > 0 ? first.union(rest) : first;
  }

  private applyFilter(
    query: Knex.QueryBuilder,
    filter: ReleaseFilter,
    scopeIds?: string[],
  ) {
    if (scopeIds) {
      if (scopeIds.length === 0) {
        query.whereRaw('1 = 0');
      } else {
        query.whereIn('releases.id', scopeIds);
      }
    }
    for (const scope of scopeIds ? [] : filter.scopes ?? []) {
      // The database starts from the scope's index entries rather than
      // filtering every release: cost follows the scope, not the table.
      const inScope = this.scopeQuery(scope, filter);
      if (!inScope) {
        query.whereRaw('1 = 0');
      } else if (this.isPg) {
        // The ids as an array computed once, before the outer scan: the
        // releases are then fetched by primary key however many the planner
        // guesses the scope holds (as a semi-join, it read all 20,000
        // releases to hash-join 67 of them), in the same round trip.
        query.whereRaw('releases.id = any(array(?))', [inScope]);
      } else {
        // SQLite: a semi-join, for scopes too large to name (scopeIds).
        query.whereIn('releases.id', inScope);
      }
    }
    if (filter.types?.length) {
      query.whereIn('releases.type', filter.types);
    }
    // With a scope, its rows above already hold the phase and the window
    // (kept in the release's transaction). Repeating them on the releases
    // would let PostgreSQL start from the time index of every release in
    // the window (8,546 rows for a month at large scale) instead of from the
    // scope (185 rows).
    if (!filter.scopes?.length) {
      phaseAndWindow(query, filter, 'releases.');
    }
    if (filter.q) {
      const escaped = filter.q.toLowerCase().replace(/[\\%_]/g, m => `\\${m}`);
      query.whereRaw(`LOWER(releases.title) LIKE ? ESCAPE '\\'`, [
        `%${escaped}%`,
      ]);
    }
    if (filter.breakGlass !== undefined) {
      if (filter.breakGlass) {
        query.whereNotNull('releases.break_glass_at');
      } else {
        query.whereNull('releases.break_glass_at');
      }
    }
    if (filter.condition) {
      query.where(filter.condition);
    }
    const excluded = (filter.excluding ?? []).filter(isStorableText);
    if (excluded.length > 0) {
      query.whereNotIn('releases.id', excluded);
    }
  }

  private async load(
    db: Knex | Knex.Transaction,
    id: string,
    options?: { lock?: boolean },
  ): Promise<Release | undefined> {
    const query = db<ReleaseRow>('releases').where({ id });
    if (options?.lock && this.isPg) {
      query.forUpdate();
    }
    const rows = await query;
    return (await this.hydrate(db, rows))[0];
  }

  /**
   * Release rows as the reads outside a transaction take them: instants as
   * ISO text on PostgreSQL (`withIsoTimes`) and, there, the release's
   * components as a column of its row, in their order (`[[entityRef,
   * version], …]`): one round trip per read of releases instead of two.
   * PostgreSQL evaluates the column only for the rows a page keeps. SQLite,
   * in process, reads the components with a second query (`hydrate`).
   */
  private readReleases(query: Knex.QueryBuilder): Knex.QueryBuilder {
    const selected = withIsoTimes(this.knex, query).select('releases.*');
    return this.isPg
      ? selected.select(
          this.knex.raw(
            `coalesce((select json_agg(json_build_array(rc.entity_ref, rc.version) order by rc.position) from release_components rc where rc.release_id = releases.id), '[]'::json) as components_json`,
          ),
        )
      : selected;
  }

  private async hydrate(
    db: Knex | Knex.Transaction,
    rows: ReleaseRow[],
  ): Promise<Release[]> {
    if (rows.length === 0) {
      return [];
    }
    const toComponent = (
      entityRef: string,
      version: string | null,
    ): Release['components'][number] =>
      version === null ? { entityRef } : { entityRef, version };
    const componentsByRelease = new Map<string, Release['components']>();
    if (rows.every(row => row.components_json !== undefined)) {
      // Read with the releases (see readReleases).
      for (const row of rows) {
        const pairs: Array<[string, string | null]> =
          typeof row.components_json === 'string'
            ? JSON.parse(row.components_json)
            : row.components_json ?? [];
        componentsByRelease.set(
          row.id,
          pairs.map(([entityRef, version]) => toComponent(entityRef, version)),
        );
      }
    } else {
      // Only what a release shows: the rows' copies of the release's phase
      // and times are for reads that start from a component.
      const componentRows: ComponentRow[] = await db<ComponentRow>(
        'release_components',
      )
        .whereIn(
          'release_id',
          rows.map(r => r.id),
        )
        .select('release_id', 'entity_ref', 'version', 'position')
        .orderBy([
          { column: 'release_id', order: 'asc' },
          { column: 'position', order: 'asc' },
        ]);
      for (const row of componentRows) {
        const list = componentsByRelease.get(row.release_id) ?? [];
        list.push(toComponent(row.entity_ref, row.version));
        componentsByRelease.set(row.release_id, list);
      }
    }
    return rows.map(row => ({
      id: row.id,
      title: row.title,
      description: row.description,
      type: row.type as ReleaseType,
      phase: row.phase as ReleasePhase,
      plannedStart: fromDbTime(row.planned_start),
      plannedEnd: fromDbTime(row.planned_end),
      actualStart: fromDbTimeOrNull(row.actual_start),
      actualEnd: fromDbTimeOrNull(row.actual_end),
      owner: row.owner,
      createdBy: row.created_by,
      ownerChangedBy: row.owner_changed_by ?? null,
      components: componentsByRelease.get(row.id) ?? [],
      environments: JSON.parse(row.environments),
      approvalRound: Number(row.approval_round),
      breakGlass:
        row.break_glass_at === null || row.break_glass_at === undefined
          ? null
          : {
              at: fromDbTime(row.break_glass_at),
              reason: row.break_glass_reason ?? '',
              by: row.break_glass_by ?? '',
              dueAt: fromDbTimeOrNull(row.break_glass_due_at),
              owed: row.break_glass_obligation
                ? JSON.parse(row.break_glass_obligation)
                : [],
            },
      outcome: (row.outcome as Release['outcome']) ?? null,
      risk: row.risk ? JSON.parse(row.risk) : null,
      rollbackPlan: row.rollback_plan ? JSON.parse(row.rollback_plan) : null,
      standardChange: row.standard_change
        ? {
            name: row.standard_change,
            ...JSON.parse(row.standard_change_status ?? '{}'),
          }
        : null,
      revision: Number(row.revision),
      createdAt: fromDbTime(row.created_at),
      updatedAt: fromDbTime(row.updated_at),
    }));
  }

  /**
   * Keeps the release's phase, planned window, first entry into deploy and
   * creation time on its component rows, where reads that start from a
   * component find them (see the scope_reads and kpi_scope_rows
   * migrations). Runs in the release's transaction.
   */
  private async syncScopeRows(tx: Knex.Transaction, releaseId: string) {
    const of = (column: string) =>
      tx.raw(
        `(SELECT ${column} FROM releases WHERE releases.id = release_components.release_id)`,
      );
    await tx('release_components')
      .where({ release_id: releaseId })
      .update({
        phase: of('phase'),
        planned_start: of('planned_start'),
        planned_end: of('planned_end'),
        first_deployed_at: of('first_deployed_at'),
        release_created_at: of('created_at'),
      });
  }

  private async insertComponents(
    tx: Knex.Transaction,
    releaseId: string,
    components: Release['components'],
  ) {
    await tx('release_components').insert(
      components.map((component, position) => ({
        release_id: releaseId,
        entity_ref: component.entityRef,
        version: component.version ?? null,
        position,
      })),
    );
  }

  private async insertEvent(
    tx: Knex.Transaction,
    releaseId: string,
    event: EventMeta,
    changes: Record<string, FieldChange>,
  ) {
    await tx('release_events').insert({
      release_id: releaseId,
      type: event.type,
      actor: event.actor,
      at: event.at,
      reason: event.reason ?? null,
      changes: JSON.stringify(changes),
    });
  }
}

/** Runs other domains' steps in the transaction, collecting what they add to the history. */
async function runSteps(
  tx: Knex.Transaction,
  steps: TransactionStep[],
  release: Parameters<TransactionStep>[1],
): Promise<Record<string, FieldChange>> {
  const added: Record<string, FieldChange> = {};
  for (const step of steps) {
    Object.assign(added, (await step(tx, release)) ?? {});
  }
  return added;
}

/** The fields of `patch` whose value differs from `current`, with before and after. */
/** The standard change a release was created from and its verdict, as stored. */
function standardChangeColumns(state: Release['standardChange']) {
  return {
    standard_change: state?.name ?? null,
    standard_change_status: state
      ? JSON.stringify({ qualifies: state.qualifies, reason: state.reason })
      : null,
  };
}

function diff(current: Release, patch: ReleasePatch) {
  const changes: Record<string, FieldChange> = {};
  for (const [field, after] of Object.entries(patch)) {
    if (after === undefined) {
      continue;
    }
    const before = current[field as keyof Release];
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      changes[field] = { before, after };
    }
  }
  return changes;
}

/** The phase and planned-window filters, on the rows of `prefix` (`''`, `owned.`, `releases.`). */
function phaseAndWindow(
  rows: Knex.QueryBuilder,
  filter: Pick<ReleaseFilter, 'phases' | 'from' | 'to'>,
  prefix: string,
) {
  if (filter.phases?.length) {
    rows.whereIn(`${prefix}phase`, filter.phases);
  }
  if (filter.from) {
    rows.where(`${prefix}planned_end`, '>=', toDbTime(filter.from));
  }
  if (filter.to) {
    rows.where(`${prefix}planned_start`, '<=', toDbTime(filter.to));
  }
}
