import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  FreezeSelector,
  Page,
  ReleaseType,
  RuntimeFreeze,
} from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { isStorableText } from '../database/ReleasesDatabase';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../database/time';
import { conflictOn } from '../service/errors';
import { NextBatch } from '../database/NextBatch';
import { inForceDuring } from './occurrences';

interface FreezeRow {
  id: string;
  name: string;
  reason: string;
  environments: string;
  selector: string | null;
  allow: string;
  starts_at: unknown;
  ends_at: unknown;
  active_until: unknown;
  declared_by: string;
  declared_at: unknown;
  lifted_by: string | null;
  lifted_at: unknown;
  lift_reason: string | null;
}

export type NewRuntimeFreeze = Pick<
  RuntimeFreeze,
  | 'id'
  | 'name'
  | 'reason'
  | 'environments'
  | 'selector'
  | 'allow'
  | 'startsAt'
  | 'endsAt'
  | 'declaredBy'
  | 'declaredAt'
>;

/** Its state at `now`. */
function stateOf(row: FreezeRow, now: number): RuntimeFreeze['state'] {
  if (row.lifted_at !== null && row.lifted_at !== undefined) {
    return 'lifted';
  }
  if (Date.parse(fromDbTime(row.starts_at)) > now) {
    return 'scheduled';
  }
  const end = fromDbTimeOrNull(row.ends_at);
  return end !== null && Date.parse(end) <= now ? 'ended' : 'active';
}

/** Runtime freezes that may be in force or scheduled at once. */
export const MAX_CURRENT_RUNTIME_FREEZES = 100;

/** Serialises declarations across replicas (PostgreSQL advisory lock key). */
const DECLARE_LOCK_KEY = 7_311_402;

/**
 * Freezes declared at runtime. Nothing is cached: the gate asks this store
 * on every decision (one indexed range query), so a freeze declared or
 * lifted through any replica holds on every replica from the next request.
 * Rows are never deleted; lifting records who, when and why.
 */
export class RuntimeFreezeStore {
  constructor(
    private readonly knex: Knex,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private toFreeze(row: FreezeRow): RuntimeFreeze {
    const selector = row.selector
      ? (JSON.parse(row.selector) as FreezeSelector)
      : undefined;
    return {
      id: row.id,
      name: row.name,
      reason: row.reason,
      environments: JSON.parse(row.environments),
      ...(selector ? { selector } : {}),
      allow: JSON.parse(row.allow) as ReleaseType[],
      startsAt: fromDbTime(row.starts_at),
      endsAt: fromDbTimeOrNull(row.ends_at),
      declaredBy: row.declared_by,
      declaredAt: fromDbTime(row.declared_at),
      liftedBy: row.lifted_by,
      liftedAt: fromDbTimeOrNull(row.lifted_at),
      liftReason: row.lift_reason,
      state: stateOf(row, this.clock().getTime()),
    };
  }

  /**
   * Records a freeze, unless as many as `MAX_CURRENT_RUNTIME_FREEZES` are
   * already in force or scheduled (409): the gate reads every freeze in
   * force on each decision, so their number must stay bounded. Concurrent
   * declarations on any replica are counted one after the other.
   */
  async declare(freeze: NewRuntimeFreeze): Promise<RuntimeFreeze> {
    await this.knex.transaction(async tx => {
      if (this.knex.client.config.client === 'pg') {
        await tx.raw('SELECT pg_advisory_xact_lock(?)', [DECLARE_LOCK_KEY]);
      }
      const [{ count }] = await this.current(tx('runtime_freezes')).count<
        Array<{ count: number | string }>
      >({ count: '*' });
      if (Number(count) >= MAX_CURRENT_RUNTIME_FREEZES) {
        throw new ConflictError(
          `${MAX_CURRENT_RUNTIME_FREEZES} runtime freezes are already in force or scheduled: lift one before declaring another`,
        );
      }
      await tx('runtime_freezes').insert({
        id: freeze.id,
        name: freeze.name,
        reason: freeze.reason,
        environments: JSON.stringify(freeze.environments),
        selector: freeze.selector ? JSON.stringify(freeze.selector) : null,
        allow: JSON.stringify(freeze.allow),
        starts_at: toDbTime(freeze.startsAt),
        ends_at: freeze.endsAt ? toDbTime(freeze.endsAt) : null,
        active_until: freeze.endsAt ? toDbTime(freeze.endsAt) : null,
        declared_by: freeze.declaredBy,
        declared_at: toDbTime(freeze.declaredAt),
      });
    });
    return (await this.get(freeze.id))!;
  }

  /** Narrows a query to the freezes in force or ahead now (not ended, not lifted). */
  private current(query: Knex.QueryBuilder): Knex.QueryBuilder {
    const now = this.clock();
    return query.where(q =>
      q.whereNull('active_until').orWhere('active_until', '>', now),
    );
  }

  async get(id: string): Promise<RuntimeFreeze | undefined> {
    if (!isStorableText(id)) {
      return undefined;
    }
    const row: FreezeRow | undefined = await this.knex('runtime_freezes')
      .where({ id })
      .first();
    return row ? this.toFreeze(row) : undefined;
  }

  /** `current`: in force or ahead (not ended, not lifted); `all`: every one, newest start first. */
  async list(
    state: 'current' | 'all',
    page: { limit: number; offset: number },
  ): Promise<Page<RuntimeFreeze>> {
    const base = this.knex('runtime_freezes');
    if (state === 'current') {
      this.current(base);
    }
    const [{ count }] = await base
      .clone()
      .count<Array<{ count: number | string }>>({ count: '*' });
    const rows: FreezeRow[] = await base
      .clone()
      .select('*')
      .orderBy([
        { column: 'starts_at', order: state === 'current' ? 'asc' : 'desc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(page.limit)
      .offset(page.offset);
    return {
      items: rows.map(row => this.toFreeze(row)),
      totalCount: Number(count),
      limit: page.limit,
      offset: page.offset,
    };
  }

  /**
   * Freezes in force at `at`, read after the call: the gate asks on every
   * decision. Concurrent calls share one indexed range query over their
   * instants (see NextBatch), each answered with the freezes in force at
   * its own instant.
   */
  activeAt(at: Date): Promise<RuntimeFreeze[]> {
    return this.inForceReads.submit(at);
  }

  private readonly inForceReads = new NextBatch<Date, RuntimeFreeze[]>(
    async instants => {
      const times = instants.map(at => at.getTime());
      // Every freeze in force: no page limit where the gate decides.
      const rows: FreezeRow[] = await this.inForceQuery(
        new Date(Math.min(...times)),
        new Date(Math.max(...times) + 1),
      );
      const read = rows.map(row => this.toFreeze(row));
      return times.map(at =>
        read.filter(f => inForceDuring(f, new Date(at), new Date(at + 1))),
      );
    },
  );

  /** Freezes in force at some time in [from, to), by start (the first 1,000: what a calendar shows). */
  async between(from: Date, to: Date): Promise<RuntimeFreeze[]> {
    const rows: FreezeRow[] = await this.inForceQuery(from, to).limit(1000);
    return rows.map(row => this.toFreeze(row));
  }

  /**
   * The query of the freezes in force at some time in [from, to), by start,
   * then id: freezes declared in the same instant come in one order on every
   * read (PostgreSQL gave ties in the order of each statement's plan).
   */
  private inForceQuery(from: Date, to: Date) {
    return this.knex('runtime_freezes')
      .where('starts_at', '<', to)
      .where(q =>
        q
          .whereNull('active_until')
          .orWhere(inner =>
            inner
              .where('active_until', '>', from)
              .whereRaw('active_until > starts_at'),
          ),
      )
      .orderBy([
        { column: 'starts_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
  }

  /**
   * Lifts a freeze now: it stops blocking from the next request. A lifted
   * or ended freeze cannot be lifted (409); a scheduled one is cancelled.
   */
  async lift(
    id: string,
    by: string,
    reason: string | undefined,
  ): Promise<RuntimeFreeze> {
    return this.knex.transaction(async tx => {
      const query = tx('runtime_freezes').where({ id }).first();
      if (this.knex.client.config.client === 'pg') {
        query.forUpdate();
      }
      const row: FreezeRow | undefined = isStorableText(id)
        ? await query
        : undefined;
      if (!row) {
        throw new NotFoundError(`No runtime freeze with id ${id}`);
      }
      const now = this.clock();
      const current = this.toFreeze(row);
      if (current.state === 'lifted') {
        throw conflictOn(
          'id',
          `the freeze "${current.name}" was already lifted by ${current.liftedBy} at ${current.liftedAt}`,
        );
      }
      if (current.state === 'ended') {
        throw conflictOn(
          'id',
          `the freeze "${current.name}" already ended at ${current.endsAt}`,
        );
      }
      await tx('runtime_freezes')
        .where({ id })
        .update({
          lifted_by: by,
          lifted_at: now,
          lift_reason: reason ?? null,
          active_until: now,
        });
      return this.toFreeze(await tx('runtime_freezes').where({ id }).first());
    });
  }
}
