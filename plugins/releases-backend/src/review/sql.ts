import { Knex } from 'knex';

/**
 * The little SQL that differs between SQLite (instants as epoch milliseconds)
 * and PostgreSQL (timestamptz): bucket keys and durations.
 */
export interface SqlDialect {
  /** `YYYY-MM-DD` of the UTC week (Monday) or month start of a time column. */
  bucket(column: string, bucket: 'week' | 'month'): string;
  /** Seconds between two time columns, `later - earlier`. */
  secondsBetween(later: string, earlier: string): string;
}

export function sqlDialect(knex: Knex): SqlDialect {
  if (knex.client.config.client === 'pg') {
    return {
      bucket: (column, bucket) =>
        `to_char(date_trunc('${bucket}', ${column} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`,
      secondsBetween: (later, earlier) =>
        `EXTRACT(EPOCH FROM (${later} - ${earlier}))`,
    };
  }
  return {
    bucket: (column, bucket) =>
      bucket === 'month'
        ? `strftime('%Y-%m-01', ${column} / 1000, 'unixepoch')`
        : `date(${column} / 1000, 'unixepoch', '-6 days', 'weekday 1')`,
    secondsBetween: (later, earlier) => `((${later} - ${earlier}) / 1000.0)`,
  };
}
