import {
  humanizeRef,
  Release,
  ReleaseCollision,
} from '@backstage-itsm/plugin-releases-common';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { EntityFacts } from '../catalog/CatalogFacts';

/** The parts of a release that collisions depend on. */
export type CollidingRelease = Pick<
  Release,
  'id' | 'plannedStart' | 'plannedEnd' | 'components'
> & { title?: string };

/** What collisions read of the catalog: entity facts and dependency links. */
export interface CollisionGraph {
  known: Map<string, EntityFacts>;
  /** For each component of the left side, the components linked to it within the configured depth. */
  linked: Map<string, Set<string>>;
}

const NO_LINKS: ReadonlySet<string> = new Set();

/**
 * The collisions of two releases whose planned windows share `shared`: a
 * component both change, components linked by dependsOn/dependencyOf, and
 * the two sides of an API (one provides what the other provides or consumes).
 */
export function pairCollisions(
  a: CollidingRelease,
  b: CollidingRelease,
  shared: ReleaseCollision['overlap'],
  graph: CollisionGraph,
): ReleaseCollision[] {
  const { known, linked } = graph;
  const linksOf = (ref: string) => linked.get(ref) ?? NO_LINKS;
  // People read these sentences: a title where the catalog has one.
  const nameOf = (ref: string) => known.get(ref)?.title ?? humanizeRef(ref);
  const label = (r: CollidingRelease) =>
    r.title ? `"${r.title}"` : 'this release';
  const ids: [string, string] = [a.id, b.id];
  const aRefs = a.components.map(c => c.entityRef);
  const bRefs = new Set(b.components.map(c => c.entityRef));
  const collisions: ReleaseCollision[] = [];

  const same = aRefs.filter(ref => bRefs.has(ref));
  if (same.length > 0) {
    collisions.push({
      kind: 'component',
      releaseIds: ids,
      entities: same,
      message: `${label(a)} and ${label(b)} both change ${same
        .map(nameOf)
        .join(', ')}`,
      overlap: shared,
    });
  }

  const links: Array<[string, string]> = [];
  for (const ref of aRefs) {
    for (const other of linksOf(ref)) {
      if (bRefs.has(other) && !same.includes(other)) {
        links.push([ref, other]);
      }
    }
  }
  if (links.length > 0) {
    collisions.push({
      kind: 'dependency',
      releaseIds: ids,
      entities: [...new Set(links.flat())],
      message: `${label(a)} and ${label(
        b,
      )} change components linked by dependsOn: ${links
        .map(([from, to]) => `${nameOf(from)} ↔ ${nameOf(to)}`)
        .join('; ')}`,
      overlap: shared,
    });
  }

  // A component both change is reported above; its APIs are not a second collision.
  const apis = (r: CollidingRelease, which: 'providesApis' | 'consumesApis') =>
    new Set(
      r.components
        .filter(c => !same.includes(c.entityRef))
        .flatMap(c => known.get(c.entityRef)?.[which] ?? []),
    );
  const aProvides = apis(a, 'providesApis');
  const bProvides = apis(b, 'providesApis');
  const aUses = new Set([...aProvides, ...apis(a, 'consumesApis')]);
  const bUses = new Set([...bProvides, ...apis(b, 'consumesApis')]);
  const sharedApis = [
    ...[...aProvides].filter(api => bUses.has(api)),
    ...[...bProvides].filter(api => aUses.has(api) && !aProvides.has(api)),
  ];
  if (sharedApis.length > 0) {
    collisions.push({
      kind: 'api',
      releaseIds: ids,
      entities: [...new Set(sharedApis)],
      message: `${label(a)} and ${label(b)} change the two sides of ${[
        ...new Set(sharedApis),
      ]
        .map(humanizeRef)
        .join(', ')}`,
      overlap: shared,
    });
  }
  return collisions;
}

/**
 * Pairs (one from `left`, one from `right`, each pair once) whose planned
 * windows overlap and which collide (`pairCollisions`), in the order of
 * `left`, then of `right`. A pair's windows are compared first, as numbers
 * parsed once per release; only overlapping pairs that touch a common
 * component, a linked one or an API are looked at further (no other pair
 * can collide). Yields to the event loop every ten rows of `left`, so a
 * large calendar never holds up other requests for long.
 */
export async function findCollisions(
  left: CollidingRelease[],
  right: CollidingRelease[],
  graph: CollisionGraph,
): Promise<ReleaseCollision[]> {
  const { known, linked } = graph;
  const apiKeysOf = (r: CollidingRelease) =>
    new Set(
      r.components.flatMap(c => [
        ...(known.get(c.entityRef)?.providesApis ?? []),
        ...(known.get(c.entityRef)?.consumesApis ?? []),
      ]),
    );
  const spanOf = (r: CollidingRelease): [number, number] => [
    Date.parse(r.plannedStart),
    Date.parse(r.plannedEnd),
  ];
  const rights = right.map(b => ({
    release: b,
    span: spanOf(b),
    refs: b.components.map(c => c.entityRef),
    apis: apiKeysOf(b),
  }));

  const collisions: ReleaseCollision[] = [];
  const seenPairs = new Set<string>();
  for (const [row, a] of left.entries()) {
    if (row > 0 && row % 10 === 0) {
      await yieldToEventLoop();
    }
    const [aStart, aEnd] = spanOf(a);
    // What a release of `right` must touch to collide with `a`.
    const reach = new Set<string>();
    for (const { entityRef } of a.components) {
      reach.add(entityRef);
      linked.get(entityRef)?.forEach(ref => reach.add(ref));
    }
    const aApis = apiKeysOf(a);
    for (const { release: b, span, refs, apis } of rights) {
      const start = Math.max(aStart, span[0]);
      const end = Math.min(aEnd, span[1]);
      // Negated, so that an unparsable window is no overlap either.
      if (a.id === b.id || !(start < end)) {
        continue;
      }
      if (
        !refs.some(ref => reach.has(ref)) &&
        ![...apis].some(api => aApis.has(api))
      ) {
        continue;
      }
      const pair = a.id < b.id ? `${a.id}|${b.id}` : `${b.id}|${a.id}`;
      if (seenPairs.has(pair)) {
        continue;
      }
      seenPairs.add(pair);
      collisions.push(
        ...pairCollisions(
          a,
          b,
          {
            start: new Date(start).toISOString(),
            end: new Date(end).toISOString(),
          },
          graph,
        ),
      );
    }
  }
  return collisions;
}

/**
 * The first `perRelease` collisions of each release, in the order given, and
 * no others: a collision is kept while one of its two releases has fewer
 * kept. Every release that collides keeps at least one (a calendar marks
 * it), and n releases answer at most `perRelease` × n collisions however
 * many of their pairs collide (releases planned onto one component collide
 * pairwise).
 */
export function boundCollisions(
  collisions: ReleaseCollision[],
  perRelease: number,
): ReleaseCollision[] {
  const kept = new Map<string, number>();
  return collisions.filter(collision => {
    if (collision.releaseIds.every(id => (kept.get(id) ?? 0) >= perRelease)) {
      return false;
    }
    for (const id of collision.releaseIds) {
      kept.set(id, (kept.get(id) ?? 0) + 1);
    }
    return true;
  });
}
