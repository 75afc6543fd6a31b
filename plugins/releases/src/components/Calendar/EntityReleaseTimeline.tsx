import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { DateTime } from 'luxon';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import ChevronLeftIcon from '@material-ui/icons/ChevronLeft';
import ChevronRightIcon from '@material-ui/icons/ChevronRight';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  CalendarResponse,
  Release,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { ScopeOptions } from '../../api/ReleasesApi';
import { rootRouteRef } from '../../routes';
import { SubscribeButton } from '../FeedTokens';
import { formatWindow, phaseLabel, typeLabel } from '../shared/format';
import {
  describeWindow,
  firstDayOfWeek,
  ReleaseItem,
  releaseItems,
  WindowItem,
  windowItems,
} from './calendarModel';
import { CalendarLegend, ConflictMarker } from './CalendarMarkers';
import { conflictBorder, typeColors, windowShades } from './calendarStyles';

/** How many days the timeline shows at once. */
const TIMELINE_DAYS = 42;

/** Narrower windows are named in the list under the chart only. */
const LABELLED_WINDOW_DAYS = 4;

const ROW_HEIGHT = 28;
const HEADER_HEIGHT = 40;

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  range: { flexGrow: 1 },
  chart: {
    position: 'relative',
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    backgroundColor: theme.palette.background.paper,
  },
  day: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    borderLeft: `1px solid ${theme.palette.divider}`,
  },
  weekend: { backgroundColor: theme.palette.background.default },
  today: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    width: 2,
    backgroundColor: theme.palette.error.main,
    zIndex: 3,
  },
  weekLabel: {
    position: 'absolute',
    top: 2,
    paddingLeft: 4,
    fontSize: theme.typography.caption.fontSize,
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
  },
  window: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    zIndex: 1,
  },
  windowLabel: {
    position: 'absolute',
    top: 20,
    left: 2,
    right: 0,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    fontSize: '0.6875rem',
    fontWeight: theme.typography.fontWeightMedium as number,
    color: theme.palette.info.dark,
  },
  rows: {
    position: 'relative',
    zIndex: 2,
    paddingTop: HEADER_HEIGHT,
    paddingBottom: theme.spacing(1),
  },
  row: {
    position: 'relative',
    height: ROW_HEIGHT,
  },
  bar: {
    position: 'absolute',
    top: 5,
    height: ROW_HEIGHT - 10,
    minWidth: 6,
    borderRadius: theme.shape.borderRadius,
  },
  conflicted: {
    border: `2px solid ${conflictBorder(theme)}`,
    boxShadow: `inset 0 0 0 1px ${theme.palette.common.white}`,
  },
  label: {
    position: 'absolute',
    top: 0,
    height: ROW_HEIGHT,
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    whiteSpace: 'nowrap',
    fontSize: theme.typography.body2.fontSize,
  },
  phase: { color: theme.palette.text.secondary },
  empty: {
    position: 'relative',
    zIndex: 2,
    padding: theme.spacing(HEADER_HEIGHT / 8 + 1, 2, 2),
    color: theme.palette.text.secondary,
  },
}));

function percent(value: number) {
  return `${(value * 100).toFixed(3)}%`;
}

function startOfWeek(time: DateTime) {
  const offset = (time.weekday - firstDayOfWeek() + 7) % 7;
  return time.minus({ days: offset }).startOf('day');
}

function TimelineChart(props: {
  start: DateTime;
  releases: ReleaseItem[];
  windows: WindowItem[];
  getReleaseLink: (release: Release) => string;
}) {
  const { start, releases, windows, getReleaseLink } = props;
  const classes = useStyles();
  const theme = useTheme();
  const colors = typeColors(theme);
  const shades = windowShades(theme);
  const end = start.plus({ days: TIMELINE_DAYS });
  const span = end.toMillis() - start.toMillis();
  const position = (time: Date) =>
    Math.min(1, Math.max(0, (time.getTime() - start.toMillis()) / span));
  const now = DateTime.local();
  const days = Array.from({ length: TIMELINE_DAYS }, (_, i) =>
    start.plus({ days: i }),
  );

  return (
    <div className={classes.chart} role="group" aria-label="Timeline chart">
      {days.map((day, index) => (
        <div
          key={day.toISODate()}
          className={`${classes.day} ${
            day.weekday >= 6 ? classes.weekend : ''
          }`}
          style={{
            left: percent(index / TIMELINE_DAYS),
            width: percent(1 / TIMELINE_DAYS),
          }}
        >
          {(index % 7 === 0 || index === 0) && (
            <span className={classes.weekLabel}>
              {day.toLocaleString({ month: 'short', day: 'numeric' })}
            </span>
          )}
        </div>
      ))}
      {windows.map(window => {
        const left = position(window.start);
        const right = position(window.end);
        const maintenance = window.occurrence.kind === 'maintenance';
        return (
          <div
            key={window.id}
            className={classes.window}
            title={describeWindow(window.occurrence)}
            data-testid="timeline-window"
            style={{
              left: percent(left),
              width: percent(Math.max(right - left, 0.004)),
              background: maintenance ? shades.maintenance : shades.freeze,
            }}
          >
            {(right - left) * TIMELINE_DAYS >= LABELLED_WINDOW_DAYS && (
              <span
                className={classes.windowLabel}
                style={
                  maintenance
                    ? { color: theme.palette.text.secondary }
                    : undefined
                }
              >
                {window.title}
              </span>
            )}
          </div>
        );
      })}
      {now >= start && now < end && (
        <div
          className={classes.today}
          style={{ left: percent(position(now.toJSDate())) }}
          title="Now"
        />
      )}
      {releases.length === 0 ? (
        <Typography variant="body2" className={classes.empty}>
          No releases planned in these six weeks.
        </Typography>
      ) : (
        <div className={classes.rows}>
          {releases.map(item => {
            const left = position(item.start);
            const right = position(item.end);
            const { release } = item;
            const labelOnLeft = left > 0.65;
            return (
              <div className={classes.row} key={item.id}>
                <div
                  className={`${classes.bar} ${
                    item.problems.length > 0 ? classes.conflicted : ''
                  }`}
                  title={[
                    `${release.title} — ${typeLabel(release.type)} release`,
                    formatWindow(release.plannedStart, release.plannedEnd),
                    ...item.problems.map(p => `⚠ ${p}`),
                  ].join('\n')}
                  style={{
                    left: percent(left),
                    width: percent(right - left),
                    backgroundColor: colors[release.type].background,
                  }}
                />
                <span
                  className={classes.label}
                  style={
                    labelOnLeft
                      ? { right: `calc(${percent(1 - left)} + 6px)` }
                      : { left: `calc(${percent(right)} + 6px)` }
                  }
                >
                  {item.problems.length > 0 && (
                    <ConflictMarker title={item.problems.join('\n')} />
                  )}
                  <Link to={getReleaseLink(release)}>{release.title}</Link>
                  <span className={classes.phase}>
                    · {phaseLabel(release.phase)}
                  </span>
                </span>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

/** Collisions name both releases; a freeze conflict gets its release's title. */
function problemMessages(data: CalendarResponse): string[] {
  const titles = new Map(data.releases.map(r => [r.id, r.title]));
  return [
    ...data.collisions.map(c => c.message),
    ...data.freezeConflicts.map(
      c => `${titles.get(c.releaseId) ?? 'A release'}: ${c.message}`,
    ),
  ];
}

/** The windows in view by name, since narrow ones carry no label. */
function WindowList(props: { windows: WindowItem[] }) {
  const names = (kind: 'freeze' | 'maintenance') => [
    ...new Set(
      props.windows.filter(w => w.occurrence.kind === kind).map(w => w.title),
    ),
  ];
  const freezes = names('freeze');
  const maintenance = names('maintenance');
  if (freezes.length === 0 && maintenance.length === 0) {
    return null;
  }
  return (
    <Box mt={1}>
      <Typography variant="caption" color="textSecondary">
        {freezes.length > 0 && `Freeze windows: ${freezes.join(', ')}`}
        {freezes.length > 0 && maintenance.length > 0 && ' · '}
        {maintenance.length > 0 &&
          `Maintenance windows: ${maintenance.join(', ')}`}
      </Typography>
    </Box>
  );
}

export interface EntityReleaseTimelineProps {
  /** The same scope the Releases tab lists. */
  scope: ScopeOptions;
  getReleaseLink: (release: Release) => string;
}

/**
 * Six weeks of an entity's releases as bars, with the freeze and maintenance
 * windows that apply to it shaded behind them.
 */
export function EntityReleaseTimeline(props: EntityReleaseTimelineProps) {
  const { scope, getReleaseLink } = props;
  const releasesApi = useApi(releasesApiRef);
  const releasesLink = useRouteRef(rootRouteRef);
  const classes = useStyles();
  const [offset, setOffset] = useState(0);

  const start = useMemo(
    () => startOfWeek(DateTime.local()).plus({ days: offset * TIMELINE_DAYS }),
    [offset],
  );
  const end = start.plus({ days: TIMELINE_DAYS });
  const scopeKey = JSON.stringify(scope);

  const calendar = useAsync(
    () =>
      releasesApi.getCalendar({
        ...scope,
        from: start.toUTC().toISO()!,
        to: start.plus({ days: TIMELINE_DAYS }).toUTC().toISO()!,
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [releasesApi, scopeKey, start],
  );

  const items = useMemo(() => {
    if (!calendar.value) {
      return undefined;
    }
    return {
      releases: releaseItems(calendar.value).sort(
        (a, b) => a.start.getTime() - b.start.getTime(),
      ),
      windows: windowItems(calendar.value.freezes),
    };
  }, [calendar.value]);

  const problems = calendar.value ? problemMessages(calendar.value) : [];

  const calendarParams = new URLSearchParams(
    Object.entries(scope).filter(([, value]) => Boolean(value)),
  );
  calendarParams.set('date', start.toISODate()!);

  return (
    <InfoCard
      title="Timeline"
      titleTypographyProps={{ component: 'h2' }}
      subheader="Planned releases and the freeze windows that apply, six weeks at a time"
      action={
        <Box display="flex" alignItems="center" gridGap={8} mt={1} mr={1}>
          <Link to={`${releasesLink()}/calendar?${calendarParams}`}>
            Open release calendar
          </Link>
          <SubscribeButton scope={scope} />
        </Box>
      }
    >
      <div className={classes.toolbar}>
        <Button size="small" variant="outlined" onClick={() => setOffset(0)}>
          Today
        </Button>
        <Button
          size="small"
          variant="outlined"
          startIcon={<ChevronLeftIcon />}
          onClick={() => setOffset(o => o - 1)}
        >
          Earlier
        </Button>
        <Button
          size="small"
          variant="outlined"
          endIcon={<ChevronRightIcon />}
          onClick={() => setOffset(o => o + 1)}
        >
          Later
        </Button>
        <Typography
          variant="subtitle2"
          component="span"
          className={classes.range}
        >
          {start.toLocaleString(DateTime.DATE_MED)} –{' '}
          {end.minus({ days: 1 }).toLocaleString(DateTime.DATE_MED)}
        </Typography>
      </div>
      {calendar.error && <ResponseErrorPanel error={calendar.error} />}
      {calendar.loading && <Progress />}
      {!calendar.loading && items && (
        <>
          <TimelineChart
            start={start}
            releases={items.releases}
            windows={items.windows}
            getReleaseLink={getReleaseLink}
          />
          <WindowList windows={items.windows} />
          {problems.length > 0 && (
            <Box mt={2}>
              <Alert severity="warning">
                <AlertTitle>Collisions and freeze conflicts</AlertTitle>
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {problems.map((message, index) => (
                    <li key={index}>{message}</li>
                  ))}
                </ul>
              </Alert>
            </Box>
          )}
        </>
      )}
      <Box mt={2}>
        <CalendarLegend />
      </Box>
    </InfoCard>
  );
}
