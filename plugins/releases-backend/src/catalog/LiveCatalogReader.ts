import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ImpactResult } from '@backstage-itsm/plugin-releases-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CatalogReader, EntityFacts } from './CatalogFacts';
import { impactOf, linkedWithinAll } from './catalogWalks';
import {
  CATALOG_FACT_FIELDS,
  CATALOG_FACT_KINDS,
  REF_FIELDS,
  toEntityFacts,
  toStoredEntity,
} from './storedEntity';

/**
 * Answers from the catalog itself with the caller's credentials, so catalog
 * permissions apply to every entity it reports. Entities fetched are kept for
 * the reader's lifetime (one request), as CatalogGraph does, so a walk asks
 * the catalog once per level and never twice for the same entity.
 */
export class LiveCatalogReader implements CatalogReader {
  private readonly fetched = new Map<string, EntityFacts | null>();

  constructor(
    private readonly options: {
      catalog: CatalogService;
      credentials: BackstageCredentials;
      clock: () => Date;
    },
  ) {}

  async existing(refs: string[]): Promise<Set<string>> {
    const wanted = [...new Set(refs)];
    if (wanted.length === 0) {
      return new Set();
    }
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: wanted, fields: REF_FIELDS },
      { credentials: this.options.credentials },
    );
    return new Set(wanted.filter((_, index) => items[index]));
  }

  async facts(refs: Iterable<string>): Promise<Map<string, EntityFacts>> {
    const wanted = [...new Set(refs)];
    const missing = wanted.filter(ref => !this.fetched.has(ref));
    if (missing.length > 0) {
      const { items } = await this.options.catalog.getEntitiesByRefs(
        { entityRefs: missing, fields: CATALOG_FACT_FIELDS },
        { credentials: this.options.credentials },
      );
      const readAt = this.options.clock().toISOString();
      missing.forEach((ref, index) => {
        const stored = items[index] && toStoredEntity(items[index]);
        this.fetched.set(ref, stored ? toEntityFacts(stored, readAt) : null);
      });
    }
    const result = new Map<string, EntityFacts>();
    for (const ref of wanted) {
      const facts = this.fetched.get(ref);
      if (facts) {
        result.set(ref, facts);
      }
    }
    return result;
  }

  componentsOfSystem(systemRef: string): Promise<string[]> {
    return this.refsMatching({
      kind: 'component',
      'relations.partOf': systemRef,
    });
  }

  componentsOwnedBy(ownerRef: string): Promise<string[]> {
    return this.refsMatching({
      kind: 'component',
      'relations.ownedBy': ownerRef,
    });
  }

  linkedWithinAll(
    refs: Iterable<string>,
    depth: number,
  ): Promise<Map<string, Set<string>>> {
    return linkedWithinAll(r => this.facts(r), refs, depth);
  }

  impact(entityRef: string, depth: number): Promise<ImpactResult> {
    return impactOf(r => this.facts(r), entityRef, depth);
  }

  findByAnnotation(key: string, value: string): Promise<string[]> {
    // The same kinds as the local copy, so both readers answer alike. (The
    // array-valued key goes last: catalogServiceMock ignores keys after one.)
    return this.refsMatching({
      [`metadata.annotations.${key}`]: value,
      kind: CATALOG_FACT_KINDS,
    });
  }

  private async refsMatching(
    filter: Record<string, string | string[]>,
  ): Promise<string[]> {
    const { items } = await this.options.catalog.getEntities(
      { filter, fields: REF_FIELDS },
      { credentials: this.options.credentials },
    );
    return items.map((entity: Entity) => stringifyEntityRef(entity)).sort();
  }
}
