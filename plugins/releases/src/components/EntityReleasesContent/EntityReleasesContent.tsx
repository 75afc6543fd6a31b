import { useMemo, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import AddIcon from '@material-ui/icons/Add';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Release, ReleasePhase } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { EntityReleaseTimeline } from '../Calendar';
import { ReleaseDetail } from '../ReleaseDetail';
import { ReleaseDialog } from '../ReleaseDialog';
import { BackLink } from '../shared/BackLink';
import { ReleasesTable } from '../shared/ReleasesTable';
import { prefillFor, releaseFilterFor } from './entityFilter';

/** The query parameter holding the release opened inside the tab. */
const RELEASE_PARAM = 'release';

const SECTIONS: {
  title: string;
  phases: ReleasePhase[];
  order: 'asc' | 'desc';
  empty: string;
}[] = [
  {
    title: 'In progress',
    phases: ['build', 'test', 'deploy', 'review'],
    order: 'asc',
    empty: 'No release is in progress.',
  },
  {
    title: 'Upcoming',
    phases: ['plan', 'design'],
    order: 'asc',
    empty: 'No upcoming releases.',
  },
  {
    title: 'Past',
    phases: ['closed', 'cancelled'],
    order: 'desc',
    empty: 'No past releases.',
  },
];

const SECTION_LIMIT = 25;

function PlanReleaseButton(props: { onClick: () => void }) {
  return (
    <Button
      variant="contained"
      color="primary"
      startIcon={<AddIcon />}
      onClick={props.onClick}
    >
      Plan release
    </Button>
  );
}

/** Releases touching a Component, a System's components or a Group's ownership. */
export function EntityReleasesContent() {
  const { entity } = useEntity();
  const location = useLocation();
  const [searchParams, setSearchParams] = useSearchParams();
  const releasesApi = useApi(releasesApiRef);
  const [planning, setPlanning] = useState(false);
  const selectedId = searchParams.get(RELEASE_PARAM);

  const filter = useMemo(() => releaseFilterFor(entity), [entity]);
  const prefill = useMemo(() => prefillFor(entity), [entity]);
  const entityName = entity.metadata.title ?? entity.metadata.name;

  const sections = useAsync(async () => {
    if (selectedId) {
      return undefined;
    }
    return Promise.all(
      SECTIONS.map(async section => ({
        ...section,
        page: await releasesApi.listReleases({
          ...filter,
          phase: section.phases,
          order: section.order,
          limit: SECTION_LIMIT,
        }),
      })),
    );
  }, [releasesApi, filter, selectedId]);

  const linkTo = (release: Release) => {
    const params = new URLSearchParams(searchParams);
    params.set(RELEASE_PARAM, release.id);
    return `${location.pathname}?${params}`;
  };

  const dialog = (
    <ReleaseDialog
      open={planning}
      prefill={prefill}
      onClose={() => setPlanning(false)}
      onSaved={created => {
        setPlanning(false);
        setSearchParams(current => {
          const next = new URLSearchParams(current);
          next.set(RELEASE_PARAM, created.id);
          return next;
        });
      }}
    />
  );

  if (selectedId) {
    const back = new URLSearchParams(searchParams);
    back.delete(RELEASE_PARAM);
    const backSearch = back.toString();
    return (
      <>
        <Box mb={2}>
          <BackLink
            to={`${location.pathname}${backSearch ? `?${backSearch}` : ''}`}
          >
            Back to releases
          </BackLink>
        </Box>
        <ReleaseDetail releaseId={selectedId} />
      </>
    );
  }

  if (sections.error) {
    return <ResponseErrorPanel error={sections.error} />;
  }
  if (!sections.value) {
    return <Progress />;
  }

  const total = sections.value.reduce((n, s) => n + s.page.totalCount, 0);
  if (total === 0) {
    return (
      <>
        <EmptyState
          missing="content"
          title="No releases yet"
          description={`No release involves ${entityName} yet. Plan one to put it on the calendar.`}
          action={<PlanReleaseButton onClick={() => setPlanning(true)} />}
        />
        {dialog}
      </>
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" justifyContent="flex-end">
          <PlanReleaseButton onClick={() => setPlanning(true)} />
        </Box>
      </Grid>
      <Grid item xs={12}>
        <EntityReleaseTimeline scope={filter} getReleaseLink={linkTo} />
      </Grid>
      {sections.value.map(section => (
        <Grid item xs={12} key={section.title}>
          <ReleasesTable
            title={section.title}
            subtitle={
              section.page.totalCount > section.page.items.length
                ? `The latest ${section.page.items.length} of ${section.page.totalCount}`
                : undefined
            }
            data={section.page.items}
            getReleaseLink={linkTo}
            paging={section.page.items.length > 10}
            pageSize={10}
            emptyMessage={section.empty}
          />
        </Grid>
      ))}
      {dialog}
    </Grid>
  );
}
