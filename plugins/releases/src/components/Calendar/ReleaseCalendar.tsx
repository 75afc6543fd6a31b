import { MouseEvent, useCallback, useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Calendar,
  DateHeaderProps,
  EventProps,
  luxonLocalizer,
  ToolbarProps,
  View,
} from 'react-big-calendar';
import 'react-big-calendar/lib/css/react-big-calendar.css';
import { DateTime } from 'luxon';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ChevronLeftIcon from '@material-ui/icons/ChevronLeft';
import ChevronRightIcon from '@material-ui/icons/ChevronRight';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { CalendarResponse } from '@backstage-itsm/plugin-releases-common';
import { releaseRouteRef } from '../../routes';
import { formatWindow, phaseLabel, typeLabel } from '../shared/format';
import {
  AGENDA_DAYS,
  CalendarItem,
  CalendarView,
  describeWindow,
  firstDayOfWeek,
  ReleaseItem,
  releaseItems,
  windowItems,
  windowsOnDay,
  windowStartsOn,
} from './calendarModel';
import { ConflictMarker } from './CalendarMarkers';
import { useCalendarStyles } from './calendarStyles';

const localizer = luxonLocalizer(DateTime, {
  firstDayOfWeek: firstDayOfWeek(),
});

const VIEW_LABELS: Record<CalendarView, string> = {
  month: 'Month',
  week: 'Week',
  agenda: 'Agenda',
};

const MESSAGES = {
  today: 'Today',
  previous: 'Back',
  next: 'Next',
  month: 'Month',
  week: 'Week',
  agenda: 'Agenda',
  date: 'Date',
  time: 'Time',
  event: 'Release or window',
  allDay: 'All day',
  noEventsInRange: 'No releases or freeze windows in this period.',
  showMore: (count: number) => `+${count} more`,
};

function formatRange(range: { start: Date; end: Date }) {
  return `${DateTime.fromJSDate(range.start).toLocaleString(
    DateTime.DATE_MED,
  )} – ${DateTime.fromJSDate(range.end).toLocaleString(DateTime.DATE_MED)}`;
}

const FORMATS = {
  agendaHeaderFormat: formatRange,
};

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1.5),
  },
  label: {
    flexGrow: 1,
    textAlign: 'center',
  },
  toggle: {
    textTransform: 'none',
    padding: theme.spacing(0.5, 1.5),
  },
  event: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    minWidth: 0,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
  },
  eventTitle: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    fontWeight: theme.typography.fontWeightMedium as number,
    // On a coloured bar the link takes the bar's text colour; in the agenda
    // it stays a link.
    '.rbc-event &, .rbc-event &:hover': { color: 'inherit' },
  },
  phase: {
    opacity: 0.85,
    flexShrink: 0,
  },
  dateHeader: {
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(0.5),
    minWidth: 0,
  },
  windowName: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    fontSize: '0.6875rem',
    fontWeight: theme.typography.fontWeightMedium as number,
    color: theme.palette.info.dark,
  },
  maintenanceName: {
    color: theme.palette.text.secondary,
  },
  swatch: {
    display: 'inline-block',
    width: 10,
    height: 10,
    borderRadius: 2,
    flexShrink: 0,
  },
}));

function CalendarToolbar(props: ToolbarProps<CalendarItem>) {
  const classes = useStyles();
  const { label, onNavigate, onView, view } = props;
  return (
    <div className={classes.toolbar}>
      <Box display="flex" gridGap={8}>
        <Button
          variant="outlined"
          size="small"
          onClick={() => onNavigate('TODAY')}
        >
          Today
        </Button>
        <Button
          variant="outlined"
          size="small"
          startIcon={<ChevronLeftIcon />}
          onClick={() => onNavigate('PREV')}
        >
          Back
        </Button>
        <Button
          variant="outlined"
          size="small"
          endIcon={<ChevronRightIcon />}
          onClick={() => onNavigate('NEXT')}
        >
          Next
        </Button>
      </Box>
      <Typography variant="h6" component="h2" className={classes.label}>
        {label}
      </Typography>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={view}
        aria-label="Calendar view"
        onChange={(_event, next: View | null) => next && onView(next)}
      >
        {(Object.keys(VIEW_LABELS) as CalendarView[]).map(name => (
          <ToggleButton key={name} value={name} className={classes.toggle}>
            {VIEW_LABELS[name]}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
    </div>
  );
}

function stopPropagation(event: MouseEvent) {
  event.stopPropagation();
}

function ReleaseLabel(props: { item: ReleaseItem; showPhase?: boolean }) {
  const classes = useStyles();
  const releaseLink = useRouteRef(releaseRouteRef);
  const { item, showPhase = true } = props;
  return (
    <span className={classes.event}>
      {item.problems.length > 0 && (
        <ConflictMarker title={item.problems.join('\n')} />
      )}
      <Link
        to={releaseLink({ releaseId: item.id })}
        className={classes.eventTitle}
        underline="none"
        onClick={stopPropagation}
      >
        {item.title}
      </Link>
      {showPhase && (
        <span className={classes.phase}>
          · {phaseLabel(item.release.phase)}
        </span>
      )}
    </span>
  );
}

function EventContent(props: EventProps<CalendarItem>) {
  const { event } = props;
  if (event.kind === 'window') {
    return <span>{event.title}</span>;
  }
  return <ReleaseLabel item={event} />;
}

function useAgendaEvent() {
  const classes = useStyles();
  const calendarClasses = useCalendarStyles();
  return useCallback(
    (props: EventProps<CalendarItem>) => {
      const { event } = props;
      if (event.kind === 'window') {
        const kindClass =
          event.occurrence.kind === 'maintenance'
            ? calendarClasses.maintenanceWindow
            : calendarClasses.freezeWindow;
        return (
          <span
            className={classes.event}
            title={describeWindow(event.occurrence)}
          >
            <span className={`${classes.swatch} ${kindClass}`} />
            {event.title} (
            {event.occurrence.kind === 'maintenance'
              ? 'maintenance window'
              : 'freeze window'}
            )
          </span>
        );
      }
      return (
        <span className={classes.event}>
          <span
            className={`${classes.swatch} ${
              calendarClasses[event.release.type]
            }`}
          />
          <ReleaseLabel item={event} />
          <span className={classes.phase}>
            — {typeLabel(event.release.type)}
          </span>
        </span>
      );
    },
    [classes, calendarClasses],
  );
}

function tooltipOf(item: CalendarItem): string {
  if (item.kind === 'window') {
    return describeWindow(item.occurrence);
  }
  const { release } = item;
  return [
    `${release.title} — ${typeLabel(release.type)} release, ${phaseLabel(
      release.phase,
    )}`,
    formatWindow(release.plannedStart, release.plannedEnd),
    ...item.problems.map(problem => `⚠ ${problem}`),
  ].join('\n');
}

export interface ReleaseCalendarProps {
  data?: CalendarResponse;
  view: CalendarView;
  date: Date;
  onView: (view: CalendarView) => void;
  onNavigate: (date: Date) => void;
  height?: number;
}

/**
 * Releases as bars coloured by type over their planned windows, freeze and
 * maintenance windows shaded behind them, and a ⚠ on every release that
 * collides with another or with a freeze.
 */
export function ReleaseCalendar(props: ReleaseCalendarProps) {
  const { data, view, date, onView, onNavigate, height = 760 } = props;
  const classes = useCalendarStyles();
  const own = useStyles();
  const navigate = useNavigate();
  const releaseLink = useRouteRef(releaseRouteRef);
  const AgendaEvent = useAgendaEvent();

  const releases = useMemo(() => (data ? releaseItems(data) : []), [data]);
  const windows = useMemo(
    () => (data ? windowItems(data.freezes) : []),
    [data],
  );

  // Month cells cannot hold background events: shade the days and name the
  // window in the day header instead. The agenda lists the windows as rows.
  const events: CalendarItem[] = useMemo(
    () => (view === 'agenda' ? [...windows, ...releases] : releases),
    [view, windows, releases],
  );

  const eventPropGetter = useCallback(
    (item: CalendarItem) => {
      if (view === 'agenda') {
        return {};
      }
      if (item.kind === 'window') {
        return {
          className:
            item.occurrence.kind === 'maintenance'
              ? classes.maintenanceWindow
              : classes.freezeWindow,
        };
      }
      return {
        className: [
          classes[item.release.type],
          item.problems.length > 0 ? classes.conflicted : '',
          item.release.phase === 'closed' || item.release.phase === 'cancelled'
            ? classes.closed
            : '',
        ]
          .filter(Boolean)
          .join(' '),
      };
    },
    [classes, view],
  );

  const dayPropGetter = useCallback(
    (day: Date) => {
      if (view !== 'month') {
        return {};
      }
      const touching = windowsOnDay(windows, day);
      if (touching.length === 0) {
        return {};
      }
      return {
        className: touching.some(w => w.occurrence.kind === 'freeze')
          ? classes.freezeDay
          : classes.maintenanceDay,
      };
    },
    [classes, view, windows],
  );

  const DateHeader = useCallback(
    (headerProps: DateHeaderProps) => {
      const starting = windowsOnDay(windows, headerProps.date).filter(w =>
        windowStartsOn(w, headerProps.date),
      );
      return (
        <span className={own.dateHeader}>
          <button
            type="button"
            className="rbc-button-link"
            onClick={headerProps.onDrillDown}
            aria-label={DateTime.fromJSDate(headerProps.date).toLocaleString(
              DateTime.DATE_FULL,
            )}
          >
            {headerProps.label}
          </button>
          {starting.length > 0 && (
            <span
              className={`${own.windowName} ${
                starting.every(w => w.occurrence.kind === 'maintenance')
                  ? own.maintenanceName
                  : ''
              }`}
              title={starting.map(w => describeWindow(w.occurrence)).join('\n')}
            >
              {starting.map(w => w.title).join(', ')}
            </span>
          )}
        </span>
      );
    },
    [own, windows],
  );

  const components = useMemo(
    () => ({
      toolbar: CalendarToolbar,
      event: EventContent,
      agenda: { event: AgendaEvent },
      month: { dateHeader: DateHeader },
    }),
    [AgendaEvent, DateHeader],
  );

  return (
    <div
      className={classes.root}
      style={{ height }}
      role="region"
      aria-label="Calendar"
    >
      <Calendar<CalendarItem>
        localizer={localizer}
        views={['month', 'week', 'agenda']}
        view={view}
        date={date}
        length={AGENDA_DAYS}
        onView={next => onView(next as CalendarView)}
        onNavigate={next => onNavigate(next)}
        events={events}
        backgroundEvents={view === 'week' ? windows : []}
        titleAccessor="title"
        tooltipAccessor={tooltipOf}
        startAccessor="start"
        endAccessor="end"
        allDayAccessor={() => false}
        eventPropGetter={eventPropGetter}
        dayPropGetter={dayPropGetter}
        onSelectEvent={item => {
          if (item.kind === 'release') {
            navigate(releaseLink({ releaseId: item.id }));
          }
        }}
        popup
        scrollToTime={new Date(1970, 0, 1, 7)}
        messages={MESSAGES}
        formats={FORMATS}
        components={components}
      />
    </div>
  );
}
