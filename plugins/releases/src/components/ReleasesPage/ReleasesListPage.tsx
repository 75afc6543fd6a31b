import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import useDebounce from 'react-use/esm/useDebounce';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import AddIcon from '@material-ui/icons/Add';
import {
  Content,
  ContentHeader,
  Header,
  Page,
  ResponseErrorPanel,
} from '@backstage/core-components';
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
import { releaseRouteRef } from '../../routes';
import { ReleaseDialog } from '../ReleaseDialog';
import { phaseLabel, typeLabel } from '../shared/format';
import { ReleasesTable } from '../shared/ReleasesTable';

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
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => readFilters(searchParams), [searchParams]);
  const [searchText, setSearchText] = useState(filters.q);
  const [error, setError] = useState<Error>();
  const [planning, setPlanning] = useState(false);

  const setFilter = (key: keyof Filters, value: string) =>
    setSearchParams(
      current => {
        const next = new URLSearchParams(current);
        if (value) {
          next.set(key, value);
        } else {
          next.delete(key);
        }
        return next;
      },
      { replace: true },
    );

  // Typing should not flood the history or the backend.
  useDebounce(
    () => {
      if (searchText !== filters.q) {
        setFilter('q', searchText.trim() ? searchText : '');
      }
    },
    300,
    [searchText],
  );
  // Back/forward navigation changes the URL under the search box.
  useEffect(() => setSearchText(filters.q), [filters.q]);

  const options = useMemo(() => toListOptions(filters), [filters]);
  const linkTo = (release: Release) => releaseLink({ releaseId: release.id });

  return (
    <Page themeId="tool">
      <Header
        title="Releases"
        subtitle="Plan, track and audit releases of the catalog's components"
      />
      <Content>
        <ContentHeader title="All releases">
          <Button
            variant="contained"
            color="primary"
            startIcon={<AddIcon />}
            onClick={() => setPlanning(true)}
          >
            Plan release
          </Button>
        </ContentHeader>
        <Box mb={2}>
          <Grid container spacing={2}>
            <Grid item xs={12} sm={3}>
              <TextField
                id="releases-filter-type"
                select
                label="Type"
                value={filters.type}
                onChange={e => setFilter('type', e.target.value)}
                SelectProps={{ native: true }}
                InputLabelProps={{ shrink: true }}
                fullWidth
                variant="outlined"
                size="small"
              >
                <option value="">All types</option>
                {RELEASE_TYPES.map(type => (
                  <option key={type} value={type}>
                    {typeLabel(type)}
                  </option>
                ))}
              </TextField>
            </Grid>
            <Grid item xs={12} sm={3}>
              <TextField
                id="releases-filter-phase"
                select
                label="Phase"
                value={filters.phase}
                onChange={e => setFilter('phase', e.target.value)}
                SelectProps={{ native: true }}
                InputLabelProps={{ shrink: true }}
                fullWidth
                variant="outlined"
                size="small"
              >
                <option value="">All phases</option>
                <option value={OPEN}>Open (Plan to Review)</option>
                {RELEASE_PHASES.map(phase => (
                  <option key={phase} value={phase}>
                    {phaseLabel(phase)}
                  </option>
                ))}
              </TextField>
            </Grid>
            <Grid item xs={12} sm={6}>
              <TextField
                id="releases-filter-search"
                type="search"
                label="Search"
                placeholder="Title or description"
                value={searchText}
                onChange={e => setSearchText(e.target.value)}
                fullWidth
                variant="outlined"
                size="small"
              />
            </Grid>
          </Grid>
        </Box>
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
          emptyMessage="No releases match these filters."
          data={async query => {
            try {
              const page = await releasesApi.listReleases({
                ...options,
                limit: query.pageSize,
                offset: query.page * query.pageSize,
              });
              setError(undefined);
              return {
                data: page.items,
                page: query.page,
                totalCount: page.totalCount,
              };
            } catch (e) {
              setError(e as Error);
              return { data: [], page: 0, totalCount: 0 };
            }
          }}
        />
        <ReleaseDialog
          open={planning}
          onClose={() => setPlanning(false)}
          onSaved={created => {
            setPlanning(false);
            navigate(linkTo(created));
          }}
        />
      </Content>
    </Page>
  );
}
