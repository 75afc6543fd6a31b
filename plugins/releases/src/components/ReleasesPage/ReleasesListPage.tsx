import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import AddIcon from '@material-ui/icons/Add';
import { ContentHeader, ResponseErrorPanel } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  OPEN_PHASES,
  Release,
  RELEASE_PHASES,
  RELEASE_TYPES,
  ReleasePhase,
  ReleaseType,
} from '@backstage-itsm/plugin-releases-common';
import { ListReleasesOptions, releasesApiRef } from '../../api';
import { useUrlState } from '../../hooks';
import { releaseRouteRef } from '../../routes';
import { ReleaseDialog } from '../ReleaseDialog';
import { FilterBar } from '../shared/FilterBar';
import { useFilterFields } from '../shared/filterFields';
import { useLabels, useReleasesT } from '../shared/labels';
import { ReleasesPageLayout } from '../shared/ReleasesPageLayout';
import { ReleasesTable } from '../shared/ReleasesTable';
import { pagedTableData } from '../shared/pagedTableData';

/** `phase=open` selects every open phase at once. */
const OPEN = 'open';

interface Filters {
  type: ReleaseType | '';
  phase: ReleasePhase | typeof OPEN | '';
  q: string;
}

function readFilters(params: URLSearchParams): Filters {
  const type = params.get('type') ?? '';
  const phase = params.get('phase') ?? '';
  return {
    type: (RELEASE_TYPES as readonly string[]).includes(type)
      ? (type as ReleaseType)
      : '',
    phase:
      phase === OPEN || (RELEASE_PHASES as readonly string[]).includes(phase)
        ? (phase as Filters['phase'])
        : '',
    q: params.get('q') ?? '',
  };
}

function toListOptions(filters: Filters): ListReleasesOptions {
  let phase: ReleasePhase[] | undefined;
  if (filters.phase === OPEN) {
    phase = [...OPEN_PHASES];
  } else if (filters.phase) {
    phase = [filters.phase];
  }
  return {
    type: filters.type ? [filters.type] : undefined,
    phase,
    q: filters.q.trim() || undefined,
  };
}

/** Every release, filtered by type, phase and text, with the filters in the URL. */
export function ReleasesListPage() {
  const releasesApi = useApi(releasesApiRef);
  const releaseLink = useRouteRef(releaseRouteRef);
  const navigate = useNavigate();
  const t = useReleasesT();
  const labels = useLabels();
  const fields = useFilterFields();
  const { state: filters, set } = useUrlState(readFilters);
  const [error, setError] = useState<Error>();
  const [planning, setPlanning] = useState(false);

  const options = useMemo(() => toListOptions(filters), [filters]);
  const linkTo = (release: Release) => releaseLink({ releaseId: release.id });

  return (
    <ReleasesPageLayout
      title={t('pages.list.title')}
      subtitle={t('pages.list.subtitle')}
    >
      <ContentHeader title={t('pages.list.heading')}>
        <Button
          variant="contained"
          color="primary"
          startIcon={<AddIcon />}
          onClick={() => setPlanning(true)}
        >
          {t('actions.planRelease')}
        </Button>
      </ContentHeader>
      <FilterBar
        idPrefix="releases-filter"
        onChange={set}
        fields={[
          fields.type(filters.type),
          {
            kind: 'select',
            key: 'phase',
            label: t('filters.phase'),
            value: filters.phase,
            allLabel: t('filters.allPhases'),
            options: [
              { value: OPEN, label: t('filters.openPhases') },
              ...RELEASE_PHASES.map(phase => ({
                value: phase,
                label: labels.phase(phase),
              })),
            ],
          },
          fields.search(filters.q, t('filters.searchPlaceholder')),
        ]}
      />
      {error && (
        <Box mb={2}>
          <ResponseErrorPanel error={error} />
        </Box>
      )}
      <ReleasesTable
        key={JSON.stringify(options)}
        getReleaseLink={linkTo}
        paging
        pageSize={20}
        emptyMessage={t('pages.list.empty')}
        data={pagedTableData(
          page => releasesApi.listReleases({ ...options, ...page }),
          setError,
        )}
      />
      <ReleaseDialog
        open={planning}
        onClose={() => setPlanning(false)}
        onSaved={created => {
          setPlanning(false);
          navigate(linkTo(created));
        }}
      />
    </ReleasesPageLayout>
  );
}
