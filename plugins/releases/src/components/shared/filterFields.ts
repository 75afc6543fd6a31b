import { useMemo } from 'react';
import {
  RELEASE_TYPES,
  ReleaseType,
} from '@backstage-itsm/plugin-releases-common';
import { useEnvironments } from '../../hooks';
import { EntityFilter, SearchFilter, SelectFilter } from './FilterBar';
import { useLabels, useReleasesT } from './labels';

type Width = SelectFilter['width'];

/** The filters several pages share, worded and filled the same everywhere. */
export function useFilterFields() {
  const t = useReleasesT();
  const labels = useLabels();
  const environments = useEnvironments();
  const environmentNames = environments.value;
  return useMemo(
    () => ({
      search: (
        value: string,
        placeholder: string,
        width: Width = 6,
      ): SearchFilter => ({
        kind: 'search',
        key: 'q',
        label: t('filters.search'),
        placeholder,
        value,
        width,
      }),
      type: (value: ReleaseType | '', width?: Width): SelectFilter => ({
        kind: 'select',
        key: 'type',
        label: t('filters.type'),
        value,
        allLabel: t('filters.allTypes'),
        options: RELEASE_TYPES.map(type => ({
          value: type,
          label: labels.type(type),
        })),
        width,
      }),
      owner: (value: string, width?: Width): EntityFilter => ({
        kind: 'entity',
        key: 'owner',
        entityKind: 'Group',
        label: t('filters.owner'),
        placeholder: t('filters.allOwners'),
        value,
        width,
      }),
      system: (value: string, width?: Width): EntityFilter => ({
        kind: 'entity',
        key: 'system',
        entityKind: 'System',
        label: t('filters.system'),
        placeholder: t('filters.allSystems'),
        value,
        width,
      }),
      environment: (value: string, width?: Width): SelectFilter => ({
        kind: 'select',
        key: 'environment',
        label: t('filters.environment'),
        value,
        allLabel: t('filters.allEnvironments'),
        options: (environmentNames ?? []).map(e => ({
          value: e.name,
          label: e.name,
        })),
        width,
      }),
    }),
    [t, labels, environmentNames],
  );
}
