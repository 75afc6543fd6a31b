import {
  RELATION_API_CONSUMED_BY,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ImpactedEntity,
  ImpactResult,
} from '@backstage-itsm/plugin-releases-common';
import { EntityFacts } from './CatalogFacts';

/**
 * Loads the facts of the refs that exist, keyed by the ref as given. Both
 * readers walk the graph through one of these, so the local copy and the live
 * catalog answer with the same algorithm — the one CatalogGraph and
 * ImpactAnalyzer use — and one load per level means one catalog call per
 * level when the loader is live.
 */
export type FactsLoader = (refs: string[]) => Promise<Map<string, EntityFacts>>;

/** CatalogGraph.linkedWithinAll over any loader. */
export async function linkedWithinAll(
  load: FactsLoader,
  refs: Iterable<string>,
  depth: number,
): Promise<Map<string, Set<string>>> {
  const origins = [...new Set(refs)];
  const reached = new Map(origins.map(ref => [ref, new Set<string>()]));
  let frontiers = new Map(origins.map(ref => [ref, [ref]]));
  for (let level = 0; level < depth && frontiers.size > 0; level++) {
    const facts = await load([...new Set([...frontiers.values()].flat())]);
    const next = new Map<string, string[]>();
    for (const [origin, frontier] of frontiers) {
      const seen = reached.get(origin)!;
      const expanded: string[] = [];
      for (const ref of frontier) {
        for (const relation of facts.get(ref)?.relations ?? []) {
          const neighbour = relation.targetRef;
          if (
            (relation.type === RELATION_DEPENDS_ON ||
              relation.type === RELATION_DEPENDENCY_OF) &&
            neighbour !== origin &&
            !seen.has(neighbour)
          ) {
            seen.add(neighbour);
            expanded.push(neighbour);
          }
        }
      }
      if (expanded.length > 0) {
        next.set(origin, expanded);
      }
    }
    frontiers = next;
  }
  return reached;
}

/** ImpactAnalyzer.analyze over any loader. */
export async function impactOf(
  load: FactsLoader,
  entityRef: string,
  depth: number,
): Promise<ImpactResult> {
  const start = (await load([entityRef])).get(entityRef);
  if (!start) {
    throw new InputError(
      `entityRef: ${entityRef} does not exist in the catalog`,
    );
  }
  const seen = new Map<string, ImpactedEntity>();
  const paths = new Map<string, string[]>([[entityRef, []]]);
  let frontier: EntityFacts[] = [start];

  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    const reached: ImpactedEntity[] = [];
    const reach = (ref: string, relation: string, via: string) => {
      if (ref === entityRef || seen.has(ref)) {
        return;
      }
      const item: ImpactedEntity = {
        entityRef: ref,
        depth: level,
        relation,
        via,
        path: [...(paths.get(via) ?? []), ref],
      };
      seen.set(ref, item);
      paths.set(ref, item.path);
      reached.push(item);
    };

    const apiRefs: Array<{ api: string; from: string }> = [];
    for (const entity of frontier) {
      for (const relation of entity.relations) {
        if (relation.type === RELATION_DEPENDENCY_OF) {
          reach(relation.targetRef, 'dependencyOf', entity.ref);
        } else if (
          relation.type === RELATION_PART_OF &&
          entity.kind === 'component'
        ) {
          reach(relation.targetRef, 'partOf', entity.ref);
        } else if (relation.type === RELATION_PROVIDES_API) {
          apiRefs.push({ api: relation.targetRef, from: entity.ref });
        }
      }
    }
    if (apiRefs.length > 0) {
      const apis = await load(apiRefs.map(a => a.api));
      for (const { api, from } of apiRefs) {
        for (const relation of apis.get(api)?.relations ?? []) {
          if (relation.type === RELATION_API_CONSUMED_BY) {
            reach(relation.targetRef, `consumesApi ${api}`, from);
          }
        }
      }
    }

    // Systems are where the walk stops; components and their dependents go on.
    const next = reached
      .filter(r => !r.entityRef.startsWith('system:'))
      .map(r => r.entityRef);
    if (next.length === 0 || level === depth) {
      frontier = [];
    } else {
      const loaded = await load(next);
      frontier = next.flatMap(ref => loaded.get(ref) ?? []);
    }
  }

  return {
    entityRef,
    depth,
    dependents: [...seen.values()].sort(
      (a, b) => a.depth - b.depth || a.entityRef.localeCompare(b.entityRef),
    ),
  };
}
