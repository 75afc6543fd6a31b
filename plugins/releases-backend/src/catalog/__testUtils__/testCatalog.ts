import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createHash } from 'node:crypto';
import {
  catalogServiceMock,
  CatalogServiceMock,
} from '@backstage/plugin-catalog-node/testUtils';

type QueryEntitiesRequest = Parameters<CatalogService['queryEntities']>[0];
type QueryEntitiesResponse = Awaited<
  ReturnType<CatalogService['queryEntities']>
>;

type Visibility = (
  entity: Entity,
  credentials: BackstageCredentials,
) => boolean;

/**
 * A catalog whose entities a test can change between syncs, that can be made
 * to fail, and that can hide entities from some callers as a permission
 * policy would. Every answer comes from `catalogServiceMock` over the
 * current entities (rebuilt only after a change, so paging 20,000 entities
 * does not rebuild it per page).
 */
export class TestCatalog {
  /** Thrown by every call while set. */
  failure: Error | undefined;
  readonly service: jest.Mocked<CatalogServiceMock>;
  private entities: Entity[];
  private client: CatalogServiceMock | undefined;
  private readonly clientsByView = new Map<string, CatalogServiceMock>();
  /** Results of each initial queryEntities request, by the number in its cursors. */
  private readonly queryResults = new Map<number, Entity[]>();
  private queries = 0;

  constructor(
    entities: Entity[],
    private readonly options: {
      /** Hides entities from some callers, as a permission policy would. */
      visible?: Visibility;
      /** Set metadata.etag as the catalog's stitcher does. Defaults to true. */
      etags?: boolean;
    } = {},
  ) {
    this.entities = entities.map(e => this.stitched(e));
    const view = (requestOptions: unknown) => {
      if (this.failure) {
        throw this.failure;
      }
      return this.view(
        (requestOptions as { credentials?: BackstageCredentials } | undefined)
          ?.credentials,
      );
    };
    this.service = catalogServiceMock.mock({
      getEntities: async (request, requestOptions) =>
        view(requestOptions).getEntities(request),
      getEntitiesByRefs: async (request, requestOptions) =>
        view(requestOptions).getEntitiesByRefs(request),
      queryEntities: async (request, requestOptions) =>
        this.queryPage(view(requestOptions), request),
      getEntityByRef: async (ref, requestOptions) =>
        view(requestOptions).getEntityByRef(ref),
    }) as jest.Mocked<CatalogServiceMock>;
  }

  /** Adds the entity, or replaces the one with the same ref. */
  put(...entities: Entity[]): void {
    for (const added of entities) {
      const entity = this.stitched(added);
      const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
      const index = this.entities.findIndex(
        e => stringifyEntityRef(e).toLocaleLowerCase('en-US') === ref,
      );
      if (index === -1) {
        this.entities.push(entity);
      } else {
        this.entities[index] = entity;
      }
    }
    this.changed();
  }

  remove(...refs: string[]): void {
    const gone = new Set(refs.map(r => r.toLocaleLowerCase('en-US')));
    this.entities = this.entities.filter(
      e => !gone.has(stringifyEntityRef(e).toLocaleLowerCase('en-US')),
    );
    this.changed();
  }

  /** A copy of the current entity with this ref, for editing and `put`. */
  get(ref: string): Entity {
    const entity = this.entities.find(e => stringifyEntityRef(e) === ref);
    if (!entity) {
      throw new Error(`test catalog has no ${ref}`);
    }
    return structuredClone(entity);
  }

  /** A new etag whenever anything in the entity changes, as the catalog's stitcher sets it. */
  private stitched(entity: Entity): Entity {
    const { etag: _etag, ...metadata } = entity.metadata;
    const unstitched = { ...entity, metadata };
    if (this.options.etags === false) {
      return unstitched;
    }
    const etag = createHash('sha1')
      .update(JSON.stringify(unstitched))
      .digest('hex');
    return { ...unstitched, metadata: { ...metadata, etag } };
  }

  /** Credentials of every call made so far, in order. */
  credentialsUsed(): BackstageCredentials[] {
    return [
      this.service.getEntities,
      this.service.getEntitiesByRefs,
      this.service.queryEntities,
      this.service.getEntityByRef,
    ].flatMap(fn =>
      fn.mock.calls.map(
        call => (call[1] as { credentials: BackstageCredentials }).credentials,
      ),
    );
  }

  callCount(): number {
    return this.credentialsUsed().length;
  }

  /**
   * Cursor paging over one evaluation of the filter: the mock would evaluate
   * it over every entity again for each page.
   */
  private async queryPage(
    client: CatalogServiceMock,
    request: QueryEntitiesRequest | undefined,
  ): Promise<QueryEntitiesResponse> {
    let query: number;
    let offset: number;
    if (request && 'cursor' in request) {
      ({ query, offset } = JSON.parse(request.cursor));
    } else {
      const { limit: _limit, offset: start, ...unpaged } = request ?? {};
      query = ++this.queries;
      this.queryResults.set(query, (await client.queryEntities(unpaged)).items);
      offset = start ?? 0;
    }
    const results = this.queryResults.get(query)!;
    const limit = request?.limit ?? results.length;
    const end = offset + limit;
    return {
      items: results.slice(offset, end),
      totalItems: results.length,
      pageInfo:
        end < results.length
          ? { nextCursor: JSON.stringify({ query, offset: end }) }
          : {},
    };
  }

  private changed() {
    this.client = undefined;
    this.clientsByView.clear();
  }

  private view(credentials?: BackstageCredentials): CatalogServiceMock {
    const visible = this.options.visible;
    if (!visible || !credentials) {
      this.client ??= catalogServiceMock({ entities: this.entities });
      return this.client;
    }
    const key = JSON.stringify(credentials.principal);
    let client = this.clientsByView.get(key);
    if (!client) {
      client = catalogServiceMock({
        entities: this.entities.filter(e => visible(e, credentials)),
      });
      this.clientsByView.set(key, client);
    }
    return client;
  }
}
