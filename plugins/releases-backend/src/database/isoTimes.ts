import { Knex } from 'knex';

/** PostgreSQL's type id of `timestamp with time zone`. */
const TIMESTAMPTZ = 1184;

type TypeParsers = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown;
};

/** `2026-12-01 14:23:48.123456+00`: PostgreSQL's ISO output in UTC. */
const UTC_TEXT =
  /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;

const parsersByDriver = new WeakMap<TypeParsers, TypeParsers>();

/**
 * Reads the query's `timestamp with time zone` columns on PostgreSQL as
 * ISO-8601 strings (`2026-12-01T14:23:48.123Z`) instead of Date objects, for
 * reads whose rows go straight to the wire: the driver's Date parsing and the
 * conversion back are most of the cost of wide rows of instants. Other types
 * parse as usual; a session outside UTC or an unusual value takes the
 * driver's own parser. Elsewhere (SQLite) the query is left alone.
 * `fromDbTime` accepts either form.
 */
export function withIsoTimes<Q extends Knex.QueryBuilder>(
  knex: Knex,
  query: Q,
): Q {
  const driverTypes = (knex.client as { driver?: { types?: TypeParsers } })
    .driver?.types;
  if (knex.client.config.client !== 'pg' || !driverTypes) {
    return query;
  }
  let types = parsersByDriver.get(driverTypes);
  if (!types) {
    const parseDate = driverTypes.getTypeParser(TIMESTAMPTZ, 'text');
    const parseIso = (text: string) => {
      const utc = UTC_TEXT.exec(text);
      if (utc) {
        const millis = (utc[3] ?? '').padEnd(3, '0').slice(0, 3);
        return `${utc[1]}T${utc[2]}.${millis}Z`;
      }
      const date = parseDate(text);
      return date instanceof Date && !Number.isNaN(date.getTime())
        ? date.toISOString()
        : date;
    };
    types = {
      getTypeParser: (oid, format) =>
        oid === TIMESTAMPTZ && format !== 'binary'
          ? parseIso
          : driverTypes.getTypeParser(oid, format),
    };
    parsersByDriver.set(driverTypes, types);
  }
  return query.options({ types }) as Q;
}
