import { Knex } from 'knex';

/**
 * A page of the rows `matching` selects and the number of all matching rows,
 * from one query: the total is a window count over the matching rows. Only a
 * page past the end (no rows at an offset) needs a second query to count.
 * `read` adds what to select and the order.
 */
export async function pageWithTotal<Row>(
  knex: Knex,
  matching: Knex.QueryBuilder,
  page: { limit: number; offset: number },
  read: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
): Promise<{ rows: Row[]; totalCount: number }> {
  const rows: Array<Row & { total_count: number | string }> = await read(
    matching.clone(),
  )
    .select(knex.raw('count(*) over () as total_count'))
    .limit(page.limit)
    .offset(page.offset);
  if (rows.length > 0 || page.offset === 0) {
    return {
      rows,
      totalCount: rows.length > 0 ? Number(rows[0].total_count) : 0,
    };
  }
  const [{ count }] = await matching
    .clone()
    .count<Array<{ count: number | string }>>({ count: '*' });
  return { rows, totalCount: Number(count) };
}
