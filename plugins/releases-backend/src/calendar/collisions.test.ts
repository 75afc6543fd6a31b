import fc from 'fast-check';
import { ReleaseCollision } from '@backstage-itsm/plugin-releases-common';
import { EntityFacts } from '../catalog/CatalogFacts';
import {
  boundCollisions,
  CollidingRelease,
  CollisionGraph,
  findCollisions,
  pairCollisions,
} from './collisions';

const COMPONENTS = ['a', 'b', 'c', 'd', 'e', 'f'].map(
  n => `component:default/${n}`,
);
const APIS = ['w', 'x', 'y', 'z'].map(n => `api:default/${n}`);
const HOUR = 3600 * 1000;
const T0 = Date.parse('2026-12-01T00:00:00.000Z');

const releaseArb = (id: string) =>
  fc
    .record({
      start: fc.integer({ min: 0, max: 240 }),
      length: fc.integer({ min: 1, max: 96 }),
      components: fc.uniqueArray(fc.constantFrom(...COMPONENTS), {
        minLength: 1,
        maxLength: 3,
      }),
      title: fc.option(fc.constantFrom('Payments 2.0', 'Ledger'), {
        nil: undefined,
      }),
    })
    .map(
      (r): CollidingRelease => ({
        id,
        title: r.title,
        plannedStart: new Date(T0 + r.start * HOUR).toISOString(),
        plannedEnd: new Date(T0 + (r.start + r.length) * HOUR).toISOString(),
        components: r.components.map(entityRef => ({ entityRef })),
      }),
    );

const releasesArb = (prefix: string) =>
  fc
    .integer({ min: 0, max: 10 })
    .chain(n =>
      fc.tuple(
        ...Array.from({ length: n }, (_, i) => releaseArb(`${prefix}${i}`)),
      ),
    );

/** The catalog as dependsOn/dependencyOf walks see it: links go both ways. */
const graphArb: fc.Arbitrary<CollisionGraph> = fc
  .record({
    links: fc.uniqueArray(
      fc
        .tuple(fc.constantFrom(...COMPONENTS), fc.constantFrom(...COMPONENTS))
        .filter(([x, y]) => x !== y),
      { maxLength: 8 },
    ),
    facts: fc.array(
      fc.record({
        ref: fc.constantFrom(...COMPONENTS),
        title: fc.option(fc.constantFrom('Payments API', 'Ledger'), {
          nil: undefined,
        }),
        providesApis: fc.uniqueArray(fc.constantFrom(...APIS), {
          maxLength: 2,
        }),
        consumesApis: fc.uniqueArray(fc.constantFrom(...APIS), {
          maxLength: 2,
        }),
      }),
      { maxLength: 6 },
    ),
  })
  .map(({ links, facts }) => {
    const linked = new Map<string, Set<string>>();
    for (const [x, y] of links) {
      linked.set(x, (linked.get(x) ?? new Set()).add(y));
      linked.set(y, (linked.get(y) ?? new Set()).add(x));
    }
    const known = new Map<string, EntityFacts>();
    for (const f of facts) {
      known.set(f.ref, {
        ...f,
        kind: 'component',
        namespace: 'default',
        name: f.ref.split('/')[1],
        tags: [],
        annotations: {},
        dependsOn: [],
        dependencyOf: [],
        memberOf: [],
      } as unknown as EntityFacts);
    }
    return { known, linked };
  });

/** Every pair with overlapping windows looked at, each unordered pair reported once, where it first collides. */
function everyPair(
  left: CollidingRelease[],
  right: CollidingRelease[],
  graph: CollisionGraph,
): ReleaseCollision[] {
  const found: ReleaseCollision[] = [];
  const reported = new Set<string>();
  for (const a of left) {
    for (const b of right) {
      const start = Math.max(
        Date.parse(a.plannedStart),
        Date.parse(b.plannedStart),
      );
      const end = Math.min(Date.parse(a.plannedEnd), Date.parse(b.plannedEnd));
      const pair = [a.id, b.id].sort().join('|');
      if (a.id === b.id || start >= end || reported.has(pair)) {
        continue;
      }
      const collisions = pairCollisions(
        a,
        b,
        {
          start: new Date(start).toISOString(),
          end: new Date(end).toISOString(),
        },
        graph,
      );
      if (collisions.length > 0) {
        reported.add(pair);
        found.push(...collisions);
      }
    }
  }
  return found;
}

describe('findCollisions', () => {
  it('reports what comparing every pair reports, in the same order (a calendar: one list against itself)', async () => {
    await fc.assert(
      fc.asyncProperty(releasesArb('r'), graphArb, async (releases, graph) => {
        expect(await findCollisions(releases, releases, graph)).toEqual(
          everyPair(releases, releases, graph),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('reports what comparing every pair reports for a plan against the open releases', async () => {
    await fc.assert(
      fc.asyncProperty(
        releaseArb('plan'),
        releasesArb('r'),
        graphArb,
        async (plan, others, graph) => {
          expect(await findCollisions([plan], others, graph)).toEqual(
            everyPair([plan], others, graph),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('names a shared component, a dependency and the two sides of an API', async () => {
    const [payments, ledger, gateway] = COMPONENTS;
    const graph: CollisionGraph = {
      linked: new Map([
        [payments, new Set([ledger])],
        [ledger, new Set([payments])],
      ]),
      known: new Map([
        [
          gateway,
          {
            ref: gateway,
            title: 'Gateway',
            providesApis: ['api:default/pay'],
            consumesApis: [],
          } as unknown as EntityFacts,
        ],
        [
          COMPONENTS[3],
          {
            ref: COMPONENTS[3],
            providesApis: [],
            consumesApis: ['api:default/pay'],
          } as unknown as EntityFacts,
        ],
      ]),
    };
    const release = (
      id: string,
      title: string,
      startHour: number,
      refs: string[],
    ): CollidingRelease => ({
      id,
      title,
      plannedStart: new Date(T0 + startHour * HOUR).toISOString(),
      plannedEnd: new Date(T0 + (startHour + 10) * HOUR).toISOString(),
      components: refs.map(entityRef => ({ entityRef })),
    });
    const one = release('1', 'One', 0, [payments, gateway]);
    const two = release('2', 'Two', 5, [payments, ledger, COMPONENTS[3]]);
    const later = release('3', 'Later', 20, [payments]);
    const found = await findCollisions(
      [one, two, later],
      [one, two, later],
      graph,
    );
    expect(found.map(c => [c.kind, c.releaseIds, c.entities])).toEqual([
      ['component', ['1', '2'], [payments]],
      ['dependency', ['1', '2'], [payments, ledger]],
      ['api', ['1', '2'], ['api:default/pay']],
    ]);
    expect(found[0].message).toBe('"One" and "Two" both change a');
    expect(found[1].message).toBe(
      '"One" and "Two" change components linked by dependsOn: a ↔ b',
    );
    expect(found[2].message).toBe(
      '"One" and "Two" change the two sides of pay',
    );
    expect(found[0].overlap).toEqual({
      start: new Date(T0 + 5 * HOUR).toISOString(),
      end: new Date(T0 + 10 * HOUR).toISOString(),
    });
  });
});

describe('boundCollisions', () => {
  const collisionsArb = fc.array(
    fc
      .uniqueArray(fc.integer({ min: 0, max: 11 }), {
        minLength: 2,
        maxLength: 2,
      })
      .map(
        ([a, b]): ReleaseCollision => ({
          kind: 'component',
          releaseIds: [`r${a}`, `r${b}`],
          entities: [],
          message: `r${a} and r${b}`,
          overlap: { start: '', end: '' },
        }),
      ),
    { maxLength: 120 },
  );

  it('keeps exactly the first few collisions of each release, in order', () => {
    fc.assert(
      fc.property(
        collisionsArb,
        fc.integer({ min: 1, max: 4 }),
        (collisions, perRelease) => {
          const kept = boundCollisions(collisions, perRelease);
          // Each release's first `perRelease` collisions in the given order.
          const firsts = new Set<ReleaseCollision>();
          const seen = new Map<string, number>();
          for (const collision of collisions) {
            for (const id of collision.releaseIds) {
              const count = seen.get(id) ?? 0;
              seen.set(id, count + 1);
              if (count < perRelease) {
                firsts.add(collision);
              }
            }
          }
          expect(kept).toEqual(collisions.filter(c => firsts.has(c)));
          const releases = new Set(collisions.flatMap(c => c.releaseIds));
          expect(kept.length).toBeLessThanOrEqual(perRelease * releases.size);
          // Every release that collides keeps one.
          expect(new Set(kept.flatMap(c => c.releaseIds))).toEqual(releases);
        },
      ),
    );
  });

  it('bounds the pairs of releases planned onto one component', () => {
    const all: ReleaseCollision[] = [];
    for (let a = 0; a < 200; a++) {
      for (let b = a + 1; b < 200; b++) {
        all.push({
          kind: 'component',
          releaseIds: [`r${a}`, `r${b}`],
          entities: ['component:default/ledger'],
          message: '',
          overlap: { start: '', end: '' },
        });
      }
    }
    expect(all).toHaveLength(19_900);
    const kept = boundCollisions(all, 3);
    expect(kept.length).toBeLessThanOrEqual(600);
    expect(new Set(kept.flatMap(c => c.releaseIds)).size).toBe(200);
  });
});
