import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_API_CONSUMED_BY,
  RELATION_DEPENDENCY_OF,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ImpactedEntity,
  ImpactResult,
} from '@backstage-itsm/plugin-releases-common';
import { CatalogService } from '@backstage/plugin-catalog-node';

const FIELDS = ['kind', 'metadata.namespace', 'metadata.name', 'relations'];

/**
 * Walks the catalog outwards from a component: what depends on it, who consumes
 * the APIs it provides, and the system it is part of — breadth first, one batch
 * of catalog reads per level.
 */
export class ImpactAnalyzer {
  constructor(private readonly catalog: CatalogService) {}

  async analyze(
    entityRef: string,
    depth: number,
    credentials: BackstageCredentials,
  ): Promise<ImpactResult> {
    const start = await this.catalog.getEntityByRef(entityRef, { credentials });
    if (!start) {
      throw new InputError(
        `entityRef: ${entityRef} does not exist in the catalog`,
      );
    }
    const seen = new Map<string, ImpactedEntity>();
    const paths = new Map<string, string[]>([[entityRef, []]]);
    let frontier: Entity[] = [start];

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
        const ref = stringifyEntityRef(entity);
        for (const relation of entity.relations ?? []) {
          if (relation.type === RELATION_DEPENDENCY_OF) {
            reach(relation.targetRef, 'dependencyOf', ref);
          } else if (
            relation.type === RELATION_PART_OF &&
            entity.kind.toLocaleLowerCase('en-US') === 'component'
          ) {
            reach(relation.targetRef, 'partOf', ref);
          } else if (relation.type === RELATION_PROVIDES_API) {
            apiRefs.push({ api: relation.targetRef, from: ref });
          }
        }
      }
      if (apiRefs.length > 0) {
        const { items: apis } = await this.catalog.getEntitiesByRefs(
          { entityRefs: apiRefs.map(a => a.api), fields: FIELDS },
          { credentials },
        );
        apis.forEach((api, index) => {
          for (const relation of api?.relations ?? []) {
            if (relation.type === RELATION_API_CONSUMED_BY) {
              reach(
                relation.targetRef,
                `consumesApi ${apiRefs[index].api}`,
                apiRefs[index].from,
              );
            }
          }
        });
      }

      // Systems are where the walk stops; components and their dependents go on.
      const next = reached
        .filter(r => !r.entityRef.startsWith('system:'))
        .map(r => r.entityRef);
      frontier =
        next.length === 0 || level === depth
          ? []
          : ((
              await this.catalog.getEntitiesByRefs(
                { entityRefs: next, fields: FIELDS },
                { credentials },
              )
            ).items.filter(Boolean) as Entity[]);
    }

    return {
      entityRef,
      depth,
      dependents: [...seen.values()].sort(
        (a, b) => a.depth - b.depth || a.entityRef.localeCompare(b.entityRef),
      ),
    };
  }
}
