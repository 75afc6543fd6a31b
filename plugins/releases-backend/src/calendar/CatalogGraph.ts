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

  /** Components linked to `ref` by dependsOn/dependencyOf within `depth` hops. */
  async linkedWithin(ref: string, depth: number): Promise<Set<string>> {
    const reached = new Set<string>();
    let frontier = [ref];
    for (let level = 0; level < depth && frontier.length > 0; level++) {
      const facts = await this.load(frontier);
      const next: string[] = [];
      for (const f of facts.values()) {
        for (const neighbour of f.linked) {
          if (neighbour !== ref && !reached.has(neighbour)) {
            reached.add(neighbour);
            next.push(neighbour);
          }
        }
      }
      frontier = next;
    }
    return reached;
  }
}
