import fc from 'fast-check';
import { Knex } from 'knex';
import { ReleasesDatabase } from '../database/ReleasesDatabase';
import { createTestDatabases } from '../__testUtils__/databases';
import { toDbTime } from '../database/time';
import { inForceDuring } from './occurrences';
import { RuntimeFreezeStore } from './RuntimeFreezeStore';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const T0 = Date.parse('2026-12-01T00:00:00.000Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(T0 + hours * HOUR);

/** A freeze as declared, and when (if ever) it is lifted, in hours from T0. */
const freezeArbitrary = fc.record({
  starts: fc.integer({ min: 0, max: 100 }),
  lasts: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
  liftedAfter: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
});
const rangeArbitrary = fc
  .tuple(fc.integer({ min: -10, max: 180 }), fc.integer({ min: 1, max: 80 }))
  .map(([from, length]) => ({ from, to: from + length }));

describe.each(databases.eachSupportedId())(
  'runtime freezes read over a wider range, on %p',
  databaseId => {
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await ReleasesDatabase.migrate(knex);
    });

    /** Declares the freezes (and lifts those lifted), in a table of their own. */
    const declareAll = async (
      freezes: Array<{
        starts: number;
        lasts: number | null;
        liftedAfter: number | null;
      }>,
    ) => {
      await knex('runtime_freezes').delete();
      let now = at(-1);
      const store = new RuntimeFreezeStore(knex, () => now);
      for (const [index, f] of freezes.entries()) {
        now = at(-1);
        const declared = await store.declare({
          id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
          name: `Freeze ${index}`,
          reason: 'property',
          environments: ['production'],
          allow: [],
          startsAt: at(f.starts).toISOString(),
          endsAt:
            f.lasts === null ? null : at(f.starts + f.lasts).toISOString(),
          declaredBy: 'user:default/erin',
          declaredAt: now.toISOString(),
        });
        const liftAt = f.liftedAfter;
        // A lift after the end is refused (409): the freeze ended.
        if (
          liftAt !== null &&
          (f.lasts === null || liftAt < f.starts + f.lasts)
        ) {
          now = at(liftAt);
          await store.lift(declared.id, 'user:default/erin', undefined);
        }
      }
      return store;
    };

    it('inForceDuring picks from a wider read exactly the freezes between() reads for the range', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(freezeArbitrary, { minLength: 1, maxLength: 8 }),
          rangeArbitrary,
          fc.integer({ min: 0, max: 50 }),
          fc.integer({ min: 0, max: 50 }),
          async (freezes, range, widerBefore, widerAfter) => {
            const store = await declareAll(freezes);
            const from = at(range.from);
            const to = at(range.to);
            const wide = await store.between(
              at(range.from - widerBefore),
              at(range.to + widerAfter),
            );
            const narrow = await store.between(from, to);
            expect(
              wide.filter(f => inForceDuring(f, from, to)).map(f => f.id),
            ).toEqual(narrow.map(f => f.id));
          },
        ),
        { numRuns: 60 },
      );
    });

    it('answers concurrent gate reads together, each with the freezes in force at its own instant', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(freezeArbitrary, { minLength: 1, maxLength: 8 }),
          // Instants in hours from T0, some a millisecond off a boundary.
          fc.array(
            fc.tuple(
              fc.integer({ min: -10, max: 180 }),
              fc.constantFrom(-1, 0, 1, 1_800_000),
            ),
            { minLength: 1, maxLength: 12 },
          ),
          async (freezes, instants) => {
            const store = await declareAll(freezes);
            const times = instants.map(
              ([hours, offset]) => new Date(at(hours).getTime() + offset),
            );
            const together = await Promise.all(
              times.map(t => store.activeAt(t)),
            );
            // Each instant as one query of its own would read it.
            for (const [i, t] of times.entries()) {
              const alone: Array<{ id: string }> = await knex('runtime_freezes')
                .where('starts_at', '<=', t)
                .where(q =>
                  q.whereNull('active_until').orWhere('active_until', '>', t),
                )
                .orderBy([
                  { column: 'starts_at', order: 'asc' },
                  { column: 'id', order: 'asc' },
                ])
                .select('id');
              expect(together[i].map(f => f.id)).toEqual(alone.map(f => f.id));
            }
          },
        ),
        { numRuns: 60 },
      );
    });

    it('gives the gate every freeze in force, however many (a calendar pages them)', async () => {
      await knex('runtime_freezes').delete();
      // 1,001 freezes in force, the last one declared starting latest.
      await knex.batchInsert(
        'runtime_freezes',
        Array.from({ length: 1001 }, (_, i) => ({
          id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          name: `Freeze ${i}`,
          reason: 'many',
          environments: JSON.stringify(['production']),
          selector: null,
          allow: JSON.stringify([]),
          starts_at: toDbTime(new Date(T0 + i * 1000).toISOString()),
          ends_at: null,
          active_until: null,
          declared_by: 'user:default/erin',
          declared_at: toDbTime(at(-1).toISOString()),
        })),
        100,
      );
      const store = new RuntimeFreezeStore(knex, () => at(1));
      const inForce = await store.activeAt(at(1));
      expect(inForce).toHaveLength(1001);
      expect(inForce.at(-1)?.name).toBe('Freeze 1000');
      expect(await store.between(at(1), at(2))).toHaveLength(1000);
    });
  },
);
