import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { humanizeRef } from '../components/shared/format';
import { useLoader } from './useLoader';

/** An entity as a choice: its ref, and the name people read. */
export interface EntityOption {
  entityRef: string;
  label: string;
}

const FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'spec.profile.displayName',
];

/** The kinds of entity the plugin lets people pick. */
export type CatalogKind = 'Group' | 'System' | 'Component' | 'User';

/** The catalog's entities of some kinds, as choices sorted by what people read. */
export function useCatalogEntities(kind: CatalogKind | CatalogKind[]) {
  const catalogApi = useApi(catalogApiRef);
  const kinds = ([] as CatalogKind[]).concat(kind);
  const kindsKey = kinds.join(',');
  return useLoader(async (): Promise<EntityOption[]> => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: kindsKey.split(',') },
      fields: FIELDS,
    });
    return items
      .map(entity => {
        const entityRef = stringifyEntityRef(entity);
        const profile = (entity.spec?.profile ?? {}) as {
          displayName?: string;
        };
        return {
          entityRef,
          label:
            profile.displayName ??
            entity.metadata.title ??
            humanizeRef(entityRef),
        };
      })
      .sort((a, b) => a.label.localeCompare(b.label, 'en-US'));
  }, [catalogApi, kindsKey]);
}
