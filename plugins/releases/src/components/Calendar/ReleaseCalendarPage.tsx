import { useCallback, useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { releasesApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { SubscribeButton } from '../FeedTokens';
import { localZoneName } from '../shared/format';
import {
  anchorOf,
  CalendarView,
  fetchRange,
  FilterKey,
  readCalendarFilters,
  toCalendarOptions,
  toDateParam,
} from './calendarModel';
import { CalendarFilterBar } from './CalendarFilterBar';
import { CalendarLegend } from './CalendarMarkers';
import { ConflictsPanel } from './ConflictsPanel';
import { ReleaseCalendar } from './ReleaseCalendar';

/**
 * Every planned release on a month, week or agenda calendar with freeze
 * windows and collisions; the view and filters live in the URL to share it.
 */
export function ReleaseCalendarPage() {
  const releasesApi = useApi(releasesApiRef);
  const releasesLink = useRouteRef(rootRouteRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(
    () => readCalendarFilters(searchParams),
    [searchParams],
  );
  const anchor = anchorOf(filters);
  const anchorKey = anchor.toISODate();

  const options = useMemo(
    () => toCalendarOptions(filters, fetchRange(filters.view, anchor)),
    // The anchor is rebuilt on every render; its day is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [filters, anchorKey],
  );
  const optionsKey = JSON.stringify(options);

  const [calendar, load] = useAsyncFn(
    () => releasesApi.getCalendar(options),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [releasesApi, optionsKey],
  );
  useEffect(() => {
    load();
  }, [load]);

  const setParams = useCallback(
    (changes: Record<string, string>) =>
      setSearchParams(
        current => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value) {
              next.set(key, value);
            } else {
              next.delete(key);
            }
          }
          return next;
        },
        { replace: true },
      ),
    [setSearchParams],
  );

  const scope = {
    ...(filters.entityRef && { entityRef: filters.entityRef }),
    ...(filters.system && { system: filters.system }),
    ...(filters.owner && { owner: filters.owner }),
  };

  return (
    <Page themeId="tool">
      <Header
        title="Release calendar"
        subtitle="Planned releases, freeze windows and collisions"
        type="Releases"
        typeLink={releasesLink()}
      />
      <Content>
        <CalendarFilterBar
          filters={filters}
          onChange={(key: FilterKey, value: string) =>
            setParams({ [key]: value })
          }
        />
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          justifyContent="space-between"
          gridGap={16}
          mb={2}
        >
          <CalendarLegend />
          <Box display="flex" alignItems="center" gridGap={16}>
            <Typography variant="caption" color="textSecondary">
              Times in your time zone ({localZoneName()})
            </Typography>
            <SubscribeButton scope={scope} />
          </Box>
        </Box>
        {calendar.error && (
          <Box mb={2}>
            <ResponseErrorPanel error={calendar.error} />
          </Box>
        )}
        {calendar.value?.truncated && (
          <Box mb={2}>
            <Alert severity="info">
              This period has more releases than the calendar can show at once.
              Narrow it down with the filters to see them all.
            </Alert>
          </Box>
        )}
        <Box height={4} mb={1}>
          {calendar.loading && <Progress />}
        </Box>
        {calendar.value && calendar.value.releases.length === 0 && (
          <Typography variant="body2" color="textSecondary" paragraph>
            No releases are planned in this period
            {Object.values(scope).length > 0 ||
            filters.type ||
            filters.environment
              ? ' for these filters'
              : ''}
            .
          </Typography>
        )}
        <ReleaseCalendar
          data={calendar.value}
          view={filters.view}
          date={anchor.toJSDate()}
          onView={(view: CalendarView) => setParams({ view })}
          onNavigate={date => setParams({ date: toDateParam(date) })}
        />
        {calendar.value && (
          <Box mt={3}>
            <ConflictsPanel data={calendar.value} />
          </Box>
        )}
      </Content>
    </Page>
  );
}
