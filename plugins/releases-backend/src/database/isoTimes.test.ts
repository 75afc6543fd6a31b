import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { withIsoTimes } from './isoTimes';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from './time';

jest.setTimeout(60_000);

const INSTANTS = [
  '2026-12-01T14:23:48.123Z',
  '2026-12-01T14:23:48.000Z',
  '2026-12-01T14:23:48.100Z',
  '1999-12-31T23:59:59.999Z',
  '2031-02-28T00:00:00.010Z',
];

async function createTable(knex: Knex) {
  await knex.schema.createTable('iso_times', table => {
    table.integer('id').primary();
    table.timestamp('at', { useTz: true });
    table.timestamp('maybe', { useTz: true }).nullable();
    table.integer('n');
    table.text('label');
  });
  await knex('iso_times').insert(
    INSTANTS.map((at, id) => ({
      id,
      at: toDbTime(at),
      maybe: id % 2 ? null : toDbTime(at),
      n: id,
      label: `row ${id}`,
    })),
  );
}

describe('withIsoTimes', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'reads instants as the wire writes them, as the default reading does, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const pg = knex.client.config.client === 'pg';
      await createTable(knex);
      // On PostgreSQL, microseconds the database itself wrote: truncated to
      // milliseconds, as the Date reading does.
      await knex('iso_times').insert({
        id: 99,
        at: pg
          ? knex.raw(`'2026-12-01 14:23:48.123987+00'::timestamptz`)
          : toDbTime('2026-12-01T14:23:48.123Z'),
        n: 99,
        label: 'micro',
      });

      const plain = await knex('iso_times').orderBy('id');
      const iso = await withIsoTimes(knex, knex('iso_times')).orderBy('id');

      expect(iso.length).toBe(plain.length);
      for (const [i, row] of iso.entries()) {
        expect(fromDbTime(row.at)).toBe(fromDbTime(plain[i].at));
        expect(fromDbTimeOrNull(row.maybe)).toBe(
          fromDbTimeOrNull(plain[i].maybe),
        );
        // Other types read as they always do.
        expect(row.n).toEqual(plain[i].n);
        expect(row.label).toBe(plain[i].label);
      }
      expect(iso.map(r => fromDbTime(r.at))).toEqual([
        ...INSTANTS,
        '2026-12-01T14:23:48.123Z',
      ]);
      // PostgreSQL hands the wire's strings, not Dates; SQLite is left alone.
      expect(typeof iso[0].at).toBe(pg ? 'string' : typeof plain[0].at);
      expect(iso[0].at).toEqual(pg ? INSTANTS[0] : plain[0].at);

      // A session outside UTC reads the same instants.
      const shifted = await knex.transaction(async tx => {
        if (pg) {
          await tx.raw(`SET LOCAL TIME ZONE 'America/St_Johns'`);
        }
        return withIsoTimes(knex, tx('iso_times'))
          .whereIn('id', [0, 1, 2, 3, 4])
          .orderBy('id');
      });
      expect(shifted.map(r => fromDbTime(r.at))).toEqual(INSTANTS);
      await knex.schema.dropTable('iso_times');
    },
  );
});

describe('fromDbTime', () => {
  it('reads every form a database hands back', () => {
    const at = '2026-12-01T14:23:48.123Z';
    expect(fromDbTime(new Date(at))).toBe(at);
    expect(fromDbTime(Date.parse(at))).toBe(at);
    expect(fromDbTime(String(Date.parse(at)))).toBe(at);
    expect(fromDbTime(at)).toBe(at);
    expect(fromDbTime('2026-12-01T15:23:48.123+01:00')).toBe(at);
    expect(fromDbTimeOrNull(null)).toBeNull();
    expect(() => fromDbTime({})).toThrow(TypeError);
  });
});
