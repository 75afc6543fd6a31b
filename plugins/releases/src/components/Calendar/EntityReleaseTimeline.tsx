import { useMemo, useState } from 'react';
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
import { Release } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { ScopeOptions } from '../../api/ReleasesApi';
import { useLiveLoader } from '../../hooks';
import { calendarRouteRef } from '../../routes';
import { SubscribeButton } from '../FeedTokens';
import { ConflictList, conflictsOfCalendar } from '../shared/ConflictList';
import { formatWindow } from '../shared/format';
import { useLabels, useReleasesT } from '../shared/labels';
import {
  describeWindow,
  firstDayOfWeek,
  ReleaseItem,
  releaseItems,
  WindowItem,
  windowItems,
} from './calendarModel';
import { CalendarLegend, ConflictMarker } from './CalendarMarkers';
import {
  conflictBorder,
  typeColors,
  WindowAppearance,
  windowAppearances,
} from './calendarStyles';

/** How many days the timeline shows at once. */
const TIMELINE_DAYS = 42;

const ROW_HEIGHT = 28;
/** The week labels' lane; window names get lanes of their own below it. */
const WEEK_LABEL_HEIGHT = 20;
const WINDOW_LABEL_HEIGHT = 16;
/** Roughly how many days of the chart one character of a window's name takes. */
const DAYS_PER_CHARACTER = 0.3;

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
    zIndex: 2,
    height: WINDOW_LABEL_HEIGHT,
    lineHeight: `${WINDOW_LABEL_HEIGHT}px`,
    padding: '0 3px',
    // The whole name, running past a narrow window rather than cut.
    whiteSpace: 'nowrap',
    fontSize: '0.6875rem',
    fontWeight: theme.typography.fontWeightBold as number,
    backgroundColor: theme.palette.background.paper,
    borderRadius: 2,
  },
  rows: {
    position: 'relative',
    zIndex: 2,
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
    padding: theme.spacing(1, 2, 2),
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

/**
 * Gives each window's name a lane so that no two names overlap: a name runs
 * from its window's start for about as many days as it has characters.
 */
export function labelLanes(
  windows: WindowItem[],
  position: (time: Date) => number,
): Map<string, number> {
  const lanes: number[] = [];
  const result = new Map<string, number>();
  const sorted = [...windows].sort(
    (a, b) => a.start.getTime() - b.start.getTime(),
  );
  for (const window of sorted) {
    const left = position(window.start);
    const right =
      left + (window.title.length * DAYS_PER_CHARACTER + 1) / TIMELINE_DAYS;
    let lane = lanes.findIndex(end => end <= left);
    if (lane === -1) {
      lane = lanes.length;
      lanes.push(right);
    } else {
      lanes[lane] = right;
    }
    result.set(window.id, lane);
  }
  return result;
}

function TimelineChart(props: {
  start: DateTime;
  releases: ReleaseItem[];
  windows: WindowItem[];
  appearances: Map<string, WindowAppearance>;
  getReleaseLink: (release: Pick<Release, 'id'>) => string;
}) {
  const { start, releases, windows, appearances, getReleaseLink } = props;
  const classes = useStyles();
  const theme = useTheme();
  const t = useReleasesT();
  const labels = useLabels();
  const colors = typeColors(theme);
  const end = start.plus({ days: TIMELINE_DAYS });
  const span = end.toMillis() - start.toMillis();
  const position = (time: Date) =>
    Math.min(1, Math.max(0, (time.getTime() - start.toMillis()) / span));
  const now = DateTime.local();
  const days = Array.from({ length: TIMELINE_DAYS }, (_, i) =>
    start.plus({ days: i }),
  );
  const visibleWindows = windows.filter(
    w =>
      w.end.getTime() > start.toMillis() && w.start.getTime() < end.toMillis(),
  );
  const lanes = labelLanes(visibleWindows, position);
  const laneCount = Math.max(0, ...[...lanes.values()].map(l => l + 1));
  const headerHeight = WEEK_LABEL_HEIGHT + laneCount * WINDOW_LABEL_HEIGHT + 4;

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
      {visibleWindows.map(window => {
        const left = position(window.start);
        const right = position(window.end);
        const look = appearances.get(window.title);
        return (
          <div
            key={window.id}
            className={classes.window}
            title={describeWindow(window.occurrence)}
            data-testid="timeline-window"
            style={{
              left: percent(left),
              width: percent(Math.max(right - left, 0.004)),
              background: look?.background,
            }}
          />
        );
      })}
      {visibleWindows.map(window => {
        const left = position(window.start);
        const labelOnLeft = left > 0.8;
        return (
          <span
            key={`${window.id}-label`}
            className={classes.windowLabel}
            style={{
              top:
                WEEK_LABEL_HEIGHT +
                (lanes.get(window.id) ?? 0) * WINDOW_LABEL_HEIGHT,
              color: appearances.get(window.title)?.text,
              ...(labelOnLeft
                ? { right: percent(1 - position(window.end)) }
                : { left: percent(left) }),
            }}
          >
            {window.title}
          </span>
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
        <Typography
          variant="body2"
          className={classes.empty}
          style={{ paddingTop: headerHeight }}
        >
          {t('timeline.empty')}
        </Typography>
      ) : (
        <div className={classes.rows} style={{ paddingTop: headerHeight }}>
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
                    `${release.title} — ${labels.type(release.type)}`,
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
                    · {labels.phase(release.phase)}
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

export interface EntityReleaseTimelineProps {
  /** The same scope the Releases tab lists. */
  scope: ScopeOptions;
  getReleaseLink: (release: Pick<Release, 'id'>) => string;
  /** The backend's channel for this entity's releases: the chart follows it. */
  liveChannel: string;
}

/**
 * Six weeks of an entity's releases as bars, with the freeze and maintenance
 * windows that apply to it shaded behind them.
 */
export function EntityReleaseTimeline(props: EntityReleaseTimelineProps) {
  const { scope, getReleaseLink, liveChannel } = props;
  const releasesApi = useApi(releasesApiRef);
  const calendarLink = useRouteRef(calendarRouteRef);
  const t = useReleasesT();
  const classes = useStyles();
  const [offset, setOffset] = useState(0);

  const start = useMemo(
    () => startOfWeek(DateTime.local()).plus({ days: offset * TIMELINE_DAYS }),
    [offset],
  );
  const end = start.plus({ days: TIMELINE_DAYS });
  const scopeKey = JSON.stringify(scope);

  const calendar = useLiveLoader(
    () =>
      releasesApi.getCalendar({
        ...scope,
        from: start.toUTC().toISO()!,
        to: start.plus({ days: TIMELINE_DAYS }).toUTC().toISO()!,
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [releasesApi, scopeKey, start],
    liveChannel,
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
      appearances: windowAppearances(calendar.value.freezes),
      conflicts: conflictsOfCalendar(calendar.value),
    };
  }, [calendar.value]);

  const calendarParams = new URLSearchParams(
    Object.entries(scope).filter(([, value]) => Boolean(value)),
  );
  calendarParams.set('date', start.toISODate()!);

  return (
    <InfoCard
      title={t('timeline.title')}
      titleTypographyProps={{ component: 'h2' }}
      // The links go below the heading when both do not fit on one line
      // (a narrow window), instead of squeezing it a word per line.
      headerStyle={{ flexWrap: 'wrap', rowGap: 8 }}
      subheader={t('timeline.subtitle')}
      action={
        <Box display="flex" alignItems="center" gridGap={8} mt={1} mr={1}>
          <Link to={`${calendarLink()}?${calendarParams}`}>
            {t('timeline.openCalendar')}
          </Link>
          <SubscribeButton scope={scope} />
        </Box>
      }
    >
      <div className={classes.toolbar}>
        <Button size="small" variant="outlined" onClick={() => setOffset(0)}>
          {t('timeline.today')}
        </Button>
        <Button
          size="small"
          variant="outlined"
          startIcon={<ChevronLeftIcon />}
          onClick={() => setOffset(o => o - 1)}
        >
          {t('timeline.earlier')}
        </Button>
        <Button
          size="small"
          variant="outlined"
          endIcon={<ChevronRightIcon />}
          onClick={() => setOffset(o => o + 1)}
        >
          {t('timeline.later')}
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
      {!items && calendar.loading && <Progress />}
      {items && (
        <>
          <TimelineChart
            start={start}
            releases={items.releases}
            windows={items.windows}
            appearances={items.appearances}
            getReleaseLink={getReleaseLink}
          />
          {items.conflicts.length > 0 && (
            <Box mt={2}>
              <Alert severity="warning">
                <AlertTitle>{t('conflicts.heading')}</AlertTitle>
                <ConflictList conflicts={items.conflicts} empty="" />
              </Alert>
            </Box>
          )}
        </>
      )}
      <Box mt={2}>
        <CalendarLegend windows={calendar.value?.freezes} />
      </Box>
    </InfoCard>
  );
}
