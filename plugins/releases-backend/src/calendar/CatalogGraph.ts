import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CONSUMES_API,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** What the calendar needs to know about a component. */
export interface ComponentFacts {
  ref: string;
  name: string;
  system?: string;
  owner?: string;
  lifecycle?: string;
  tags: string[];
  /** dependsOn and dependencyOf neighbours. */
  linked: string[];
  providesApis: string[];
  consumesApis: string[];
}

const FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.tags',
  'spec.lifecycle',
  'relations',
];

function toFacts(entity: Entity): ComponentFacts {
  const targets = (...types: string[]) =>
    (entity.relations ?? [])
      .filter(r => types.includes(r.type))
      .map(r => r.targetRef);
  return {
    ref: stringifyEntityRef(entity),
    name: entity.metadata.name,
    system: targets(RELATION_PART_OF).find(r => r.startsWith('system:')),
    owner: targets(RELATION_OWNED_BY)[0],
    lifecycle: (entity.spec as { lifecycle?: string } | undefined)?.lifecycle,
    tags: entity.metadata.tags ?? [],
    linked: targets(RELATION_DEPENDS_ON, RELATION_DEPENDENCY_OF),
    providesApis: targets(RELATION_PROVIDES_API),
    consumesApis: targets(RELATION_CONSUMES_API),
  };
}

/**
 * A per-request view of the catalog graph: entities are fetched in batches
 * with the caller's credentials, once each, and never stored.
 */
export class CatalogGraph {
  private readonly facts = new Map<string, ComponentFacts | null>();

  constructor(
    private readonly catalog: CatalogService,
    private readonly credentials: BackstageCredentials,
  ) {}

  async load(refs: Iterable<string>): Promise<Map<string, ComponentFacts>> {
    const wanted = [...new Set(refs)];
    const missing = wanted.filter(ref => !this.facts.has(ref));
    if (missing.length > 0) {
      const { items } = await this.catalog.getEntitiesByRefs(
        { entityRefs: missing, fields: FIELDS },
        { credentials: this.credentials },
      );
      missing.forEach((ref, index) => {
        const entity = items[index];
        this.facts.set(ref, entity ? toFacts(entity) : null);
      });
    }
    const result = new Map<string, ComponentFacts>();
    for (const ref of wanted) {
      const facts = this.facts.get(ref);
      if (facts) {
        result.set(ref, facts);
      }
    }
    return result;
  }

  /**
   * For each ref, the components linked to it by dependsOn/dependencyOf
   * within `depth` hops. Walks all of them level by level, so the catalog is
   * asked at most `depth` times however many refs there are.
   */
  async linkedWithinAll(
    refs: Iterable<string>,
    depth: number,
  ): Promise<Map<string, Set<string>>> {
    const origins = [...new Set(refs)];
    const reached = new Map(origins.map(ref => [ref, new Set<string>()]));
    let frontiers = new Map(origins.map(ref => [ref, [ref]]));
    for (let level = 0; level < depth && frontiers.size > 0; level++) {
      const facts = await this.load([...frontiers.values()].flat());
      const next = new Map<string, string[]>();
      for (const [origin, frontier] of frontiers) {
        const seen = reached.get(origin)!;
        const expanded: string[] = [];
        for (const ref of frontier) {
          for (const neighbour of facts.get(ref)?.linked ?? []) {
            if (neighbour !== origin && !seen.has(neighbour)) {
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
}
