import { useMemo, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';
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
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Release, ReleasePhase } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { releaseChannels, useLiveLoader } from '../../hooks';
import { EntityReleaseTimeline } from '../Calendar';
import { ActiveFreezeBanner } from '../Freezes';
import { ReleaseDetail } from '../ReleaseDetail';
import { ReleaseDialog } from '../ReleaseDialog';
import { WatchButton } from '../ReleasePlan';
import { BackLink } from '../shared/BackLink';
import { useReleasesT } from '../shared/labels';
import { ReleasesTable } from '../shared/ReleasesTable';
import { prefillFor, releaseFilterFor } from './entityFilter';

/** The query parameter holding the release opened inside the tab. */
const RELEASE_PARAM = 'release';

const SECTIONS: {
  key: 'inProgress' | 'upcoming' | 'past';
  phases: ReleasePhase[];
  order: 'asc' | 'desc';
  /** Who to ask about a release still under way. */
  withRoles: boolean;
}[] = [
  {
    key: 'inProgress',
    phases: ['build', 'test', 'deploy', 'review'],
    order: 'asc',
    withRoles: true,
  },
  {
    key: 'upcoming',
    phases: ['plan', 'design'],
    order: 'asc',
    withRoles: true,
  },
  {
    key: 'past',
    phases: ['closed', 'cancelled'],
    order: 'desc',
    withRoles: false,
  },
];

const SECTION_LIMIT = 25;

function PlanReleaseButton(props: { onClick: () => void }) {
  const t = useReleasesT();
  return (
    <Button
      variant="contained"
      color="primary"
      startIcon={<AddIcon />}
      onClick={props.onClick}
    >
      {t('actions.planRelease')}
    </Button>
  );
}

/** Releases touching a Component, a System's components or a Group's ownership. */
export function EntityReleasesContent() {
  const { entity } = useEntity();
  const location = useLocation();
  const [searchParams, setSearchParams] = useSearchParams();
  const releasesApi = useApi(releasesApiRef);
  const t = useReleasesT();
  const [planning, setPlanning] = useState(false);
  const selectedId = searchParams.get(RELEASE_PARAM);

  const filter = useMemo(() => releaseFilterFor(entity), [entity]);
  const prefill = useMemo(() => prefillFor(entity), [entity]);
  const entityName = entity.metadata.title ?? entity.metadata.name;

  const entityRef = stringifyEntityRef(entity);
  // Kept current by the backend's signal for the entity's releases.
  const sections = useLiveLoader(
    async () => {
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
            ...(section.withRoles && { include: ['roles' as const] }),
          }),
        })),
      );
    },
    [releasesApi, filter, selectedId],
    releaseChannels.entity(entityRef),
  );

  const linkTo = (release: Pick<Release, 'id'>) => {
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
            {t('pages.release.backToTab')}
          </BackLink>
        </Box>
        <ReleaseDetail releaseId={selectedId} />
      </>
    );
  }

  if (sections.error && !sections.value) {
    return <ResponseErrorPanel error={sections.error} />;
  }
  if (!sections.value) {
    return <Progress />;
  }

  const freezeBanner = (
    <ActiveFreezeBanner
      scope={filter}
      liveChannel={releaseChannels.entity(entityRef)}
    />
  );
  const total = sections.value.reduce((n, s) => n + s.page.totalCount, 0);
  if (total === 0) {
    return (
      <>
        {freezeBanner}
        <EmptyState
          missing="content"
          title={t('entityTab.emptyTitle')}
          description={t('entityTab.emptyDescription', { name: entityName })}
          action={
            <Box display="flex" gridGap={8}>
              <WatchButton target={{ entityRef }} />
              <PlanReleaseButton onClick={() => setPlanning(true)} />
            </Box>
          }
        />
        {dialog}
      </>
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        {freezeBanner}
      </Grid>
      <Grid item xs={12}>
        <Box display="flex" justifyContent="flex-end" gridGap={8}>
          <WatchButton target={{ entityRef }} />
          <PlanReleaseButton onClick={() => setPlanning(true)} />
        </Box>
      </Grid>
      <Grid item xs={12}>
        <EntityReleaseTimeline
          scope={filter}
          getReleaseLink={linkTo}
          liveChannel={releaseChannels.entity(entityRef)}
        />
      </Grid>
      {sections.value.map(section => (
        <Grid item xs={12} key={section.key}>
          <ReleasesTable
            title={t(`entityTab.${section.key}.title`)}
            subtitle={
              section.page.totalCount > section.page.items.length
                ? t('entityTab.latestOf', {
                    shown: String(section.page.items.length),
                    total: String(section.page.totalCount),
                  })
                : undefined
            }
            data={section.page.items}
            getReleaseLink={linkTo}
            paging={section.page.items.length > 10}
            pageSize={10}
            showRoles={section.withRoles}
            emptyMessage={t(`entityTab.${section.key}.empty`)}
          />
        </Grid>
      ))}
      {dialog}
    </Grid>
  );
}
