import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { LRUCache } from 'lru-cache';

const REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

/**
 * Parses a user-supplied ref, filling in the kind and namespace, and refuses
 * refs of another kind. `field` names the input in the error message.
 */
export function normalizeEntityRef(
  ref: string,
  expectedKind: string,
  field: string,
): string {
  let parsed;
  try {
    parsed = parseEntityRef(ref, {
      defaultKind: expectedKind,
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(`${field}: "${ref}" is not a valid entity ref`);
  }
  if (parsed.kind.toLocaleLowerCase('en-US') !== expectedKind) {
    throw new InputError(
      `${field}: "${ref}" must be a ${expectedKind}, not a ${parsed.kind}`,
    );
  }
  return stringifyEntityRef(parsed);
}

/**
 * What the releases plugin asks of the catalog, always with the caller's
 * credentials so that catalog permissions apply.
 */
export class CatalogLookup {
  /**
   * Refs the catalog recently confirmed to this plugin's own service
   * credentials (the ones pipelines' look-ups run with). Pipelines report
   * the same components over and over; only confirmations are kept, so a
   * newly registered component is accepted at once, and a removed one for at
   * most `existenceTtlMs` more.
   */
  private readonly confirmed: LRUCache<string, true>;

  constructor(
    private readonly catalog: CatalogService,
    options: { existenceTtlMs?: number } = {},
  ) {
    this.confirmed = new LRUCache({
      max: 50_000,
      ttl: options.existenceTtlMs ?? 60_000,
    });
  }

  /** Throws a 400 naming every ref (by its field) that the catalog does not hold. */
  async assertExist(
    refs: Array<{ ref: string; field: string }>,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const cacheable =
      (credentials.principal as { type?: string }).type === 'service';
    const unknown = cacheable
      ? refs.filter(r => !this.confirmed.has(r.ref))
      : refs;
    if (unknown.length === 0) {
      return;
    }
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: unknown.map(r => r.ref), fields: REF_FIELDS },
      { credentials },
    );
    if (cacheable) {
      unknown.forEach((r, index) => {
        if (items[index]) this.confirmed.set(r.ref, true);
      });
    }
    const missing = unknown.filter((_, index) => !items[index]);
    if (missing.length > 0) {
      throw new InputError(
        missing
          .map(m => `${m.field}: ${m.ref} does not exist in the catalog`)
          .join('; '),
      );
    }
  }

  /** Refs of the components that are part of a system. */
  async componentsOfSystem(
    systemRef: string,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    return this.componentRefs({ 'relations.partOf': systemRef }, credentials);
  }

  /** Refs of the components owned by a group (or user). */
  async componentsOwnedBy(
    ownerRef: string,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    return this.componentRefs({ 'relations.ownedBy': ownerRef }, credentials);
  }

  private async componentRefs(
    filter: Record<string, string>,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const { items } = await this.catalog.getEntities(
      { filter: { kind: 'component', ...filter }, fields: REF_FIELDS },
      { credentials },
    );
    return items.map(entity => stringifyEntityRef(entity));
  }
}
