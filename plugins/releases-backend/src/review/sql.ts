import { Knex } from 'knex';

/**
 * The little SQL that differs between SQLite (instants as epoch milliseconds)
 * and PostgreSQL (timestamptz): bucket keys and durations.
 */
export interface SqlDialect {
  /** `YYYY-MM-DD` of the UTC week (Monday) or month start of a time column. */
  bucket(column: string, bucket: 'week' | 'month'): string;
  /**
   * What to group by for `bucket` (which is a function of it): the rows are
   * grouped on the cheapest expression, and only each group is formatted.
   */
  bucketGroup(column: string, bucket: 'week' | 'month'): string;
  /** Seconds between two time columns, `later - earlier`. */
  secondsBetween(later: string, earlier: string): string;
}

export function sqlDialect(knex: Knex): SqlDialect {
  if (knex.client.config.client === 'pg') {
    const start = (column: string, bucket: 'week' | 'month') =>
      `date_trunc('${bucket}', ${column} AT TIME ZONE 'UTC')`;
    return {
      bucket: (column, bucket) =>
        `to_char(${start(column, bucket)}, 'YYYY-MM-DD')`,
      // Grouping on the formatted text formatted every row (and sorted text);
      // a third of the KPIs' time on the bench data.
      bucketGroup: start,
      // A double, as percentile_cont takes it; EXTRACT answers numeric,
      // slower to compute, sum and sort.
      secondsBetween: (later, earlier) =>
        `date_part('epoch', ${later} - ${earlier})`,
    };
  }
  const bucketOf = (column: string, bucket: 'week' | 'month') =>
    bucket === 'month'
      ? `strftime('%Y-%m-01', ${column} / 1000, 'unixepoch')`
      : `date(${column} / 1000, 'unixepoch', '-6 days', 'weekday 1')`;
  return {
    bucket: bucketOf,
    bucketGroup: bucketOf,
    secondsBetween: (later, earlier) => `((${later} - ${earlier}) / 1000.0)`,
  };
}
