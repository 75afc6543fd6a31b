import { Knex } from 'knex';
import { withIsoTimes } from './isoTimes';

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

/**
 * The rows of several queries of one shape, each with its own filter and
 * limit, each in `order`: on PostgreSQL one statement, each query a branch
 * of a UNION ALL tagged with its position and its rows put back in `order`,
 * instants as ISO text (see withIsoTimes); on SQLite, where a statement is
 * an in-process call, each query in turn.
 */
export async function rowsOfEach<Row>(
  knex: Knex,
  queries: Knex.QueryBuilder[],
  order: Array<{ column: string; order: 'asc' | 'desc' }>,
): Promise<Row[][]> {
  const ordered = queries.map(query => query.clone().orderBy(order));
  if (queries.length === 1 || knex.client.config.client !== 'pg') {
    return Promise.all(
      ordered.map(async query => (await withIsoTimes(knex, query)) as Row[]),
    );
  }
  const branches = ordered.map((query, i) =>
    query.select(knex.raw('?::integer as batch_call', [i])),
  );
  const rows: Array<Row & { batch_call: number }> = await withIsoTimes(
    knex,
    knex
      .select('*')
      .from(
        knex.raw(
          `(${branches.map(() => '?').join(' union all ')}) as batched`,
          branches,
        ),
      )
      .orderBy([{ column: 'batch_call', order: 'asc' }, ...order]),
  );
  const answers: Row[][] = queries.map(() => []);
  for (const row of rows) {
    answers[row.batch_call].push(row);
  }
  return answers;
}
