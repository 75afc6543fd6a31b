import useAsync from 'react-use/esm/useAsync';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { humanizeRef } from '../shared/format';

export interface RefOption {
  entityRef: string;
  label: string;
}

const FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
];

/** The catalog's entities of one kind, as choices sorted by what people read. */
export function useCatalogOptions(kind: 'Group' | 'System' | 'Component') {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<RefOption[]> => {
    const { items } = await catalogApi.getEntities({
      filter: { kind },
      fields: FIELDS,
    });
    return items
      .map(entity => {
        const entityRef = stringifyEntityRef(entity);
        return {
          entityRef,
          label: entity.metadata.title ?? humanizeRef(entityRef),
        };
      })
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [catalogApi, kind]);
}

/** Keeps a ref chosen elsewhere (e.g. from the URL) selectable even if the catalog lacks it. */
export function withSelected(
  options: RefOption[] | undefined,
  selected: string,
): RefOption[] {
  const list = options ?? [];
  if (!selected || list.some(o => o.entityRef === selected)) {
    return list;
  }
  return [{ entityRef: selected, label: humanizeRef(selected) }, ...list];
}
