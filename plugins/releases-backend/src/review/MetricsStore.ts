import {
  MetricsBucket,
  MetricsResponse,
  MetricsValues,
} from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { toDbTime } from '../database/time';
import { sqlDialect } from './sql';

interface Query {
  /** Components in scope; undefined means all. */
  entityRefs?: string[];
  from: string;
  to: string;
  bucket: 'week' | 'month';
  /** Environments whose deployments count as production. */
  productionEnvironments: string[];
  /**
   * The releases the reader may read (a permission condition): release-based
   * figures count only those; undefined counts every release.
   */
  releaseCondition?: (query: Knex.QueryBuilder) => void;
}

type Row = Record<string, string | number | null>;

const TOTAL = 'total';
/** Figures that do not add up over buckets. */
const MEDIANS = ['median_seconds', 'lead_median_seconds'];

/** A production change is done when it succeeded (older records: when recorded). */
const COMMIT_LEAD_END = 'coalesce(d.finished_at, d.deployed_at)';

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
/** The production environments of a query, never an empty list (which SQL cannot hold). */
const productionOf = (query: Query) =>
  query.productionEnvironments.length ? query.productionEnvironments : ['-'];
const round = (v: number | null, digits = 2) =>
  v === null || !Number.isFinite(v)
    ? null
    : Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Release KPIs computed by aggregate SQL on either database: each query groups
 * by a bucket key (or one constant key for the totals); JavaScript only joins
 * the per-bucket rows and divides.
 */
export class MetricsStore {
  constructor(private readonly knex: Knex) {}

  async metrics(query: Query): Promise<MetricsResponse> {
    const from = DateTime.fromISO(query.from, { zone: 'utc' });
    const to = DateTime.fromISO(query.to, { zone: 'utc' });
    // Each bucket's key and bounds (clipped to the range), stepped once.
    const step = query.bucket === 'week' ? { weeks: 1 } : { months: 1 };
    const bounds: Array<{ key: string; start: string; end: string }> = [];
    let bucketStart = from.startOf(query.bucket === 'week' ? 'week' : 'month');
    while (bucketStart < to) {
      const bucketEnd = bucketStart.plus(step);
      bounds.push({
        key: bucketStart.toISODate()!,
        start: DateTime.max(bucketStart, from).toISO()!,
        end: DateTime.min(bucketEnd, to).toISO()!,
      });
      bucketStart = bucketEnd;
    }

    // Every figure but the medians adds up over buckets, so the totals are
    // the buckets' sums plus one median of each kind over the whole range
    // (kept under the TOTAL key).
    const byBucket = await this.values(query, query.bucket);
    const totals: Record<string, number> = {};
    for (const [key, raw] of byBucket) {
      if (key === TOTAL) continue;
      for (const [name, value] of Object.entries(raw)) {
        if (!MEDIANS.includes(name)) {
          totals[name] = (totals[name] ?? 0) + value;
        }
      }
    }
    for (const name of MEDIANS) {
      const median = byBucket.get(TOTAL)?.[name];
      if (median !== undefined) totals[name] = median;
    }
    const buckets: MetricsBucket[] = bounds.map(({ key, start, end }) => {
      const raw = byBucket.get(key);
      return {
        start,
        end,
        ...(raw ? this.combine(raw) : this.empty()),
      };
    });
    return {
      from: from.toISO()!,
      to: to.toISO()!,
      bucket: query.bucket,
      buckets,
      totals: this.combine(totals),
    };
  }

  private empty(): MetricsValues {
    return this.combine({});
  }

  /** Per bucket: the additive figures (counts and sums) and the median. */
  private async values(query: Query, bucket: 'week' | 'month') {
    const sql = sqlDialect(this.knex);
    const key = (column: string) => sql.bucket(column, bucket);
    const group = (column: string) => sql.bucketGroup(column, bucket);
    const groupByKey = (column: string) => (q: Knex.QueryBuilder) =>
      q.groupByRaw(group(column));
    const pg = this.knex.client.config.client === 'pg';
    /**
     * Grouped per bucket. On PostgreSQL also the median of `seconds` over the
     * rows where `present` is set, per bucket and (bucket null) over the
     * whole range, in the same query.
     */
    const perBucketWithMedian =
      (column: string, seconds: string, present: string, as: string) =>
      (q: Knex.QueryBuilder) => {
        if (!pg) {
          groupByKey(column)(q);
          return;
        }
        q.select(
          this.knex.raw(
            `percentile_cont(0.5) within group (order by ${seconds}) filter (where ${present} is not null) as ${as}`,
          ),
        ).groupByRaw(`grouping sets ((${group(column)}), ())`);
      };
    const { from, to, scope, scoped } = this.range(query);
    const k = this.knex;
    const condition = query.releaseCondition;

    // Release frequency and lead time count each release once, in the
    // bucket of its first entry into deploy. With a scope, the component
    // rows carry that time and the release's creation, in their per-component
    // index, so the index entries alone answer (a release with several
    // components in scope collapses to one row); without one, the releases'
    // own index on that time does.
    const readable = (alias: string) => (q: Knex.QueryBuilder) => {
      if (condition) {
        q.whereExists(
          k('releases')
            .select(k.raw('1'))
            .whereRaw(`releases.id = ${alias}.release_id`)
            .where(condition),
        );
      }
    };
    const releasesQuery = scoped
      ? k
          .from(
            k('release_components')
              .distinct('release_id', 'first_deployed_at', 'release_created_at')
              .modify(scope('entity_ref'))
              .where('first_deployed_at', '>=', from)
              .where('first_deployed_at', '<', to)
              .as('rc'),
          )
          .modify(readable('rc'))
          .select(
            k.raw(`${key('rc.first_deployed_at')} as bucket`),
            k.raw('count(*) as releases'),
            k.raw(
              `sum(${sql.secondsBetween(
                'rc.first_deployed_at',
                'rc.release_created_at',
              )}) as lead_seconds`,
            ),
          )
          .modify(groupByKey('rc.first_deployed_at'))
      : k('releases')
          .where('releases.first_deployed_at', '>=', from)
          .where('releases.first_deployed_at', '<', to)
          .modify(q => {
            if (condition) q.where(condition);
          })
          .select(
            k.raw(`${key('releases.first_deployed_at')} as bucket`),
            k.raw('count(*) as releases'),
            k.raw(
              `sum(${sql.secondsBetween(
                'releases.first_deployed_at',
                'releases.created_at',
              )}) as lead_seconds`,
            ),
          )
          .modify(groupByKey('releases.first_deployed_at'));

    const deploymentsQuery = k('deployments as d')
      .where('d.status', 'succeeded')
      .whereIn('d.environment', productionOf(query))
      .where('d.deployed_at', '>=', from)
      .where('d.deployed_at', '<', to)
      .modify(scope('d.entity_ref'))
      .select(
        k.raw(`${key('d.deployed_at')} as bucket`),
        k.raw('count(*) as deployments'),
        k.raw(
          'sum(case when d.incident_count > 0 then 1 else 0 end) as with_incident',
        ),
        k.raw(
          'sum(case when d.committed_at is not null then 1 else 0 end) as with_commit',
        ),
        k.raw(
          `sum(case when d.committed_at is not null then ${sql.secondsBetween(
            COMMIT_LEAD_END,
            'd.committed_at',
          )} else 0 end) as commit_lead_seconds`,
        ),
      )
      .modify(
        perBucketWithMedian(
          'd.deployed_at',
          sql.secondsBetween(COMMIT_LEAD_END, 'd.committed_at'),
          'd.committed_at',
          'lead_median_seconds',
        ),
      );

    // Reviews likewise: with a scope, the component rows carry the review's
    // time and outcome in their index.
    const reviewsQuery = scoped
      ? k
          .from(
            k('release_components')
              .distinct('release_id', 'reviewed_at', 'review_outcome')
              .modify(scope('entity_ref'))
              .where('reviewed_at', '>=', from)
              .where('reviewed_at', '<', to)
              .as('rv'),
          )
          .modify(readable('rv'))
          .select(
            k.raw(`${key('rv.reviewed_at')} as bucket`),
            k.raw('count(*) as reviewed'),
            k.raw(
              "sum(case when rv.review_outcome = 'successful' then 1 else 0 end) as successful",
            ),
          )
          .modify(groupByKey('rv.reviewed_at'))
      : k('release_reviews as rv')
          .where('rv.reviewed_at', '>=', from)
          .where('rv.reviewed_at', '<', to)
          .modify(q => {
            if (condition) {
              q.join('releases', 'releases.id', 'rv.release_id').where(
                condition,
              );
            }
          })
          .select(
            k.raw(`${key('rv.reviewed_at')} as bucket`),
            k.raw('count(*) as reviewed'),
            k.raw(
              "sum(case when rv.outcome = 'successful' then 1 else 0 end) as successful",
            ),
          )
          .modify(groupByKey('rv.reviewed_at'));

    // Incidents after a release count only releases the reader may read.
    const readableRelease = condition
      ? k('releases')
          .select(k.raw('1'))
          .whereRaw('releases.id = i.release_id')
          .where(condition)
      : undefined;
    const incidentsQuery = k('incidents as i')
      .where('i.opened_at', '>=', from)
      .where('i.opened_at', '<', to)
      .modify(scope('i.entity_ref'))
      .select(
        k.raw(`${key('i.opened_at')} as bucket`),
        k.raw('count(*) as incidents'),
        readableRelease
          ? k.raw(
              'sum(case when exists ? then 1 else 0 end) as after_release',
              [readableRelease],
            )
          : k.raw(
              'sum(case when i.release_id is not null then 1 else 0 end) as after_release',
            ),
        k.raw(
          'sum(case when i.resolved_at is not null then 1 else 0 end) as resolved',
        ),
        k.raw(
          `sum(case when i.resolved_at is not null then ${sql.secondsBetween(
            'i.resolved_at',
            'i.opened_at',
          )} else 0 end) as recovery_seconds`,
        ),
      )
      .modify(
        perBucketWithMedian(
          'i.opened_at',
          sql.secondsBetween('i.resolved_at', 'i.opened_at'),
          'i.resolved_at',
          'median_seconds',
        ),
      );

    // PostgreSQL computes the medians (per bucket and over the range) in the
    // same aggregate queries, and answers the four in one statement; SQLite,
    // which has no ordered-set aggregates, ranks the durations in separate
    // queries.
    const aggregates = [
      releasesQuery,
      deploymentsQuery,
      reviewsQuery,
      incidentsQuery,
    ];
    const results: Row[][] = pg
      ? await this.inOneStatement(aggregates)
      : await Promise.all([
          ...aggregates,
          this.medians(query, bucket, 'recovery'),
          this.medians(query, bucket, 'changes'),
          this.medians(query, undefined, 'recovery'),
          this.medians(query, undefined, 'changes'),
        ]);

    const byKey = new Map<string, Record<string, number>>();
    for (const rows of results) {
      for (const row of rows) {
        const bucketKey = row.bucket === null ? TOTAL : String(row.bucket);
        const entry = byKey.get(bucketKey) ?? {};
        for (const [name, value] of Object.entries(row)) {
          // A median of no durations is no median (not zero).
          if (name === 'bucket' || (value === null && MEDIANS.includes(name))) {
            continue;
          }
          entry[name] = num(value);
        }
        byKey.set(bucketKey, entry);
      }
    }
    return byKey;
  }

  /**
   * PostgreSQL: the rows of several queries from one statement (each query's
   * rows as a JSON array in a column of one row), one round trip instead of
   * one per query. Counts, sums and medians come back as JSON numbers and
   * bucket keys as strings, as `num` and the keys expect.
   */
  private async inOneStatement(queries: Knex.QueryBuilder[]): Promise<Row[][]> {
    const parts = queries.map(q => q.toSQL());
    const result = await this.knex.raw(
      `select ${parts
        .map(
          (part, i) =>
            `(select coalesce(json_agg(q${i}), '[]'::json) from (${part.sql}) q${i}) as r${i}`,
        )
        .join(', ')}`,
      parts.flatMap(part => part.bindings as Knex.RawBinding[]),
    );
    const [row] = result.rows as Array<Record<string, Row[]>>;
    return parts.map((_, i) => row[`r${i}`]);
  }

  /**
   * Median time to recovery (incidents) or lead time for changes
   * (production deployments with a commit time): the middle one or two of
   * each bucket's sorted durations.
   */
  private async medians(
    query: Query,
    bucket: 'week' | 'month' | undefined,
    of: 'recovery' | 'changes',
  ): Promise<Row[]> {
    const sql = sqlDialect(this.knex);
    const key = (column: string) =>
      bucket ? sql.bucket(column, bucket) : `'${TOTAL}'`;
    const { from, to, scope } = this.range(query);
    const k = this.knex;
    const durations =
      of === 'recovery'
        ? k('incidents as i')
            .whereNotNull('i.resolved_at')
            .where('i.opened_at', '>=', from)
            .where('i.opened_at', '<', to)
            .modify(scope('i.entity_ref'))
            .select(
              k.raw(`${key('i.opened_at')} as bucket`),
              k.raw(
                `${sql.secondsBetween(
                  'i.resolved_at',
                  'i.opened_at',
                )} as seconds`,
              ),
            )
        : k('deployments as d')
            .where('d.status', 'succeeded')
            .whereIn('d.environment', productionOf(query))
            .whereNotNull('d.committed_at')
            .where('d.deployed_at', '>=', from)
            .where('d.deployed_at', '<', to)
            .modify(scope('d.entity_ref'))
            .select(
              k.raw(`${key('d.deployed_at')} as bucket`),
              k.raw(
                `${sql.secondsBetween(
                  COMMIT_LEAD_END,
                  'd.committed_at',
                )} as seconds`,
              ),
            );
    const ranked = k
      .from(durations.as('dur'))
      .select(
        'bucket',
        'seconds',
        k.raw('row_number() over (partition by bucket order by seconds) as rn'),
        k.raw('count(*) over (partition by bucket) as cnt'),
      )
      .as('ranked');
    return k
      .from(ranked)
      .whereRaw('rn in ((cnt + 1) / 2, (cnt + 2) / 2)')
      .select(
        'bucket',
        k.raw(
          `avg(seconds) as ${
            of === 'recovery' ? 'median_seconds' : 'lead_median_seconds'
          }`,
        ),
      )
      .groupBy('bucket');
  }

  private range(query: Query) {
    const scope = (column: string) => (q: Knex.QueryBuilder) => {
      if (query.entityRefs) {
        q.whereIn(column, query.entityRefs.length ? query.entityRefs : ['-']);
      }
    };
    return {
      from: toDbTime(query.from),
      to: toDbTime(query.to),
      scope,
      scoped: query.entityRefs !== undefined,
    };
  }

  private combine(raw: Record<string, number>): MetricsValues {
    const releases = raw.releases ?? 0;
    const productionDeployments = raw.deployments ?? 0;
    const withIncident = raw.with_incident ?? 0;
    const reviewed = raw.reviewed ?? 0;
    const successful = raw.successful ?? 0;
    const resolved = raw.resolved ?? 0;
    const withCommit = raw.with_commit ?? 0;
    return {
      releases,
      productionDeployments,
      reviewedReleases: reviewed,
      successfulReleases: successful,
      changeSuccessRate: round(ratio(successful, reviewed), 4),
      productionDeploymentsWithIncident: withIncident,
      changeFailureRate: round(ratio(withIncident, productionDeployments), 4),
      incidentsAfterRelease: raw.after_release ?? 0,
      incidents: raw.incidents ?? 0,
      meanTimeToRecoveryMinutes: round(
        resolved ? (raw.recovery_seconds ?? 0) / resolved / 60 : null,
        1,
      ),
      medianTimeToRecoveryMinutes: round(
        raw.median_seconds === undefined ? null : raw.median_seconds / 60,
        1,
      ),
      meanLeadTimeHours: round(
        releases ? (raw.lead_seconds ?? 0) / releases / 3600 : null,
        1,
      ),
      deploymentsWithCommitTime: withCommit,
      meanLeadTimeForChangesHours: round(
        withCommit ? (raw.commit_lead_seconds ?? 0) / withCommit / 3600 : null,
        1,
      ),
      medianLeadTimeForChangesHours: round(
        raw.lead_median_seconds === undefined
          ? null
          : raw.lead_median_seconds / 3600,
        1,
      ),
    };
  }
}
