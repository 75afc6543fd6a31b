import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { releasesApiRef } from '../../api';
import { useLoader, useUrlState } from '../../hooks';
import { CalendarGovernance } from '../Cab/CalendarGovernance';
import { SubscribeButton } from '../FeedTokens';
import { RuntimeFreezesPanel } from '../Freezes';
import { FilterBar } from '../shared/FilterBar';
import { useFilterFields } from '../shared/filterFields';
import { localZoneName } from '../shared/format';
import { useReleasesT } from '../shared/labels';
import { ReleasesPageLayout } from '../shared/ReleasesPageLayout';
import {
  anchorOf,
  CalendarView,
  fetchRange,
  readCalendarFilters,
  searchCalendar,
  toCalendarOptions,
  toDateParam,
  withoutPlan,
} from './calendarModel';
import { CalendarLegend } from './CalendarMarkers';
import { ConflictsPanel } from './ConflictsPanel';
import { ReleaseCalendar } from './ReleaseCalendar';

/**
 * Every planned release on a month, week or agenda calendar with freeze
 * windows and collisions; the view, filters and search live in the URL.
 */
export function ReleaseCalendarPage() {
  const releasesApi = useApi(releasesApiRef);
  const t = useReleasesT();
  const { state: filters, update, set } = useUrlState(readCalendarFilters);
  const fields = useFilterFields();
  const anchor = anchorOf(filters);
  const anchorKey = anchor.toISODate();

  const options = useMemo(
    () => toCalendarOptions(filters, fetchRange(filters.view, anchor)),
    // The anchor is rebuilt on every render; its day is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [filters, anchorKey],
  );
  const optionsKey = JSON.stringify(options);
  const calendar = useLoader(
    () => releasesApi.getCalendar(options),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [releasesApi, optionsKey],
  );
  const data = useMemo(
    () =>
      calendar.value &&
      searchCalendar(
        filters.plan ? calendar.value : withoutPlan(calendar.value),
        filters.q,
      ),
    [calendar.value, filters.q, filters.plan],
  );

  const scope = {
    ...(filters.entityRef && { entityRef: filters.entityRef }),
    ...(filters.system && { system: filters.system }),
    ...(filters.owner && { owner: filters.owner }),
  };
  const filtered =
    Object.values(scope).length > 0 ||
    Boolean(filters.type || filters.environment || filters.q.trim());

  return (
    <ReleasesPageLayout
      title={t('pages.calendar.title')}
      subtitle={t('pages.calendar.subtitle')}
    >
      <FilterBar
        idPrefix="release-calendar"
        onChange={set}
        component={{
          entityRef: filters.entityRef,
          onClear: () => update({ entityRef: '' }),
        }}
        fields={[
          // The search on its own row: two columns cut a team's name ("Pay…").
          fields.search(filters.q, t('calendar.searchPlaceholder'), 12),
          fields.owner(filters.owner, 3),
          fields.system(filters.system, 3),
          fields.type(filters.type, 3),
          fields.environment(filters.environment, 3),
        ]}
      >
        <FormControlLabel
          control={
            <Switch
              color="primary"
              size="small"
              checked={filters.plan}
              onChange={(_event, checked) =>
                update({ plan: checked ? '1' : '' })
              }
            />
          }
          label={
            <Typography variant="body2">{t('calendar.planToggle')}</Typography>
          }
        />
      </FilterBar>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        justifyContent="space-between"
        gridGap={16}
        mb={2}
      >
        <CalendarLegend windows={data?.freezes} plan={filters.plan} />
        <Box display="flex" alignItems="center" gridGap={16}>
          <Typography variant="caption" color="textSecondary">
            {t('calendar.timesIn', { zone: localZoneName() })}
          </Typography>
          <SubscribeButton scope={scope} />
        </Box>
      </Box>
      <RuntimeFreezesPanel onChange={calendar.retry} />
      {calendar.error && (
        <Box mb={2}>
          <ResponseErrorPanel error={calendar.error} />
        </Box>
      )}
      {data?.truncated && (
        <Box mb={2}>
          <Alert severity="info">{t('calendar.truncated')}</Alert>
        </Box>
      )}
      <Box height={4} mb={1}>
        {calendar.loading && <Progress />}
      </Box>
      {data && data.releases.length === 0 && (
        <Typography variant="body2" color="textSecondary" paragraph>
          {filtered
            ? t('calendar.nothingMatches')
            : t('calendar.nothingPlanned')}
        </Typography>
      )}
      <ReleaseCalendar
        data={data}
        view={filters.view}
        date={anchor.toJSDate()}
        onView={(view: CalendarView) => update({ view })}
        onNavigate={date => update({ date: toDateParam(date) })}
      />
      {data && (
        <Box mt={3}>
          <ConflictsPanel data={data} />
        </Box>
      )}
      {data && (
        <Box mt={3}>
          <CalendarGovernance data={data} />
        </Box>
      )}
    </ReleasesPageLayout>
  );
}
