/**
 * Rows of another table that one read of a release brings with it. On
 * PostgreSQL the release's page (the release, its approvals, review, roles
 * and plan) costs one statement this way instead of one per part: each part
 * is a correlated subquery over the row `releases`, aggregated as JSON, and
 * the store that owns the table parses it with its own row mapping.
 */
export interface RowsWithRelease<T> {
  /** SQL of a JSON value computed from the row `releases`. */
  json: string;
  /** The part, from that value (the driver hands JSON over parsed). */
  parse(value: unknown): T;
}

/** The parts' values, by the parts' names. */
export type RowsRead<P extends Record<string, RowsWithRelease<unknown>>> = {
  [K in keyof P]: P[K] extends RowsWithRelease<infer T> ? T : never;
};

/** A JSON array of a table's rows that belong to the release (`alias` names the table's row). */
export function rowsOfRelease(
  table: string,
  alias: string,
  options: { orderBy: string; where?: string },
): string {
  const where = [`${alias}.release_id = releases.id`, options.where]
    .filter(Boolean)
    .join(' and ');
  return `coalesce((select json_agg(${alias} order by ${options.orderBy}) from ${table} ${alias} where ${where}), '[]'::json)`;
}

/** A part's JSON value, whether the driver parsed it or not. */
export function parsedJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** The rows of `rowsOfRelease` (none for SQL null). */
export function parsedRows<Row>(value: unknown): Row[] {
  const rows = parsedJson(value);
  return Array.isArray(rows) ? (rows as Row[]) : [];
}
