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
  isPlanItem,
  planItems,
  ReleaseItem,
  releaseItems,
  windowItems,
  windowsOnDay,
  windowStartsOn,
} from './calendarModel';
import { ConflictMarker } from './CalendarMarkers';
import { PlanMarker, planTooltip, usePlanMarkerClass } from './PlanMarkers';
import {
  entryLine,
  useCalendarStyles,
  WindowAppearance,
  windowAppearances,
} from './calendarStyles';

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
  event: 'Release, window, milestone or task',
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
  event: entryLine(theme),
  eventTitle: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    fontWeight: theme.typography.fontWeightMedium as number,
    // On a coloured bar the link takes the bar's text colour; in the agenda
    // it stays a link.
    '.rbc-event &, .rbc-event &:hover': { color: 'inherit' },
  },
  phase: {
    flexShrink: 0,
  },
  dateHeader: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    minWidth: 0,
  },
  windowName: {
    display: 'block',
    fontSize: '0.6875rem',
    lineHeight: 1.3,
    fontWeight: theme.typography.fontWeightBold as number,
    // The whole name, wrapped if need be: a cut name cannot be told apart.
    whiteSpace: 'normal',
    overflowWrap: 'anywhere',
    textAlign: 'left',
    backgroundColor: theme.palette.background.paper,
    padding: '0 2px',
    borderRadius: 2,
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
  if (isPlanItem(event)) {
    return <PlanMarker item={event} />;
  }
  return <ReleaseLabel item={event} />;
}

/**
 * An event in the month view. The calendar gives each week the ARIA role of
 * a row, so whatever an event holds (its link, its conflict marker) must sit
 * in a cell to be announced (axe: aria-required-children).
 */
function MonthEventContent(props: EventProps<CalendarItem>) {
  return (
    <span role="cell">
      <EventContent {...props} />
    </span>
  );
}

function useAgendaEvent(appearances: Map<string, WindowAppearance>) {
  const classes = useStyles();
  const calendarClasses = useCalendarStyles();
  return useCallback(
    (props: EventProps<CalendarItem>) => {
      const { event } = props;
      if (event.kind === 'window') {
        const look = appearances.get(event.title);
        return (
          <span
            className={classes.event}
            title={describeWindow(event.occurrence)}
          >
            <span
              className={classes.swatch}
              style={{ background: look?.background, border: look?.border }}
            />
            {event.title} (
            {event.occurrence.kind === 'maintenance'
              ? 'maintenance window'
              : 'freeze window'}
            )
          </span>
        );
      }
      if (isPlanItem(event)) {
        return <PlanMarker item={event} framed />;
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
    [classes, calendarClasses, appearances],
  );
}

function tooltipOf(item: CalendarItem): string {
  if (item.kind === 'window') {
    return describeWindow(item.occurrence);
  }
  if (isPlanItem(item)) {
    return planTooltip(item);
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
  const releases = useMemo(() => (data ? releaseItems(data) : []), [data]);
  const windows = useMemo(
    () => (data ? windowItems(data.freezes) : []),
    [data],
  );
  const appearances = useMemo(
    () => windowAppearances(data?.freezes ?? []),
    [data],
  );
  const plan = useMemo(
    () => (data ? planItems(data, view !== 'agenda') : []),
    [data, view],
  );
  const AgendaEvent = useAgendaEvent(appearances);
  const planMarkerClass = usePlanMarkerClass();

  // Month cells cannot hold background events: shade the days and name the
  // window in the day header instead. The agenda lists the windows as rows.
  const events: CalendarItem[] = useMemo(
    () =>
      view === 'agenda'
        ? [...windows, ...releases, ...plan]
        : [...releases, ...plan],
    [view, windows, releases, plan],
  );

  const eventPropGetter = useCallback(
    (item: CalendarItem) => {
      if (view === 'agenda') {
        return {};
      }
      if (item.kind === 'window') {
        const look = appearances.get(item.title);
        return {
          className:
            item.occurrence.kind === 'maintenance'
              ? classes.maintenanceWindow
              : classes.freezeWindow,
          style: look && {
            background: look.background,
            border: look.border,
            color: look.text,
          },
        };
      }
      if (isPlanItem(item)) {
        return { className: planMarkerClass(item) };
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
    [classes, view, appearances, planMarkerClass],
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
      // Every window's own hatch, layered: overlapping windows stay apart.
      const backgrounds = [
        ...new Set(touching.map(w => appearances.get(w.title)?.background)),
      ].filter(Boolean);
      return {
        className: touching.some(w => w.occurrence.kind === 'freeze')
          ? classes.freezeDay
          : classes.maintenanceDay,
        style: { background: backgrounds.join(', ') },
      };
    },
    [classes, view, windows, appearances],
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
          {[...new Map(starting.map(w => [w.title, w])).values()].map(w => (
            <span
              key={w.title}
              className={own.windowName}
              style={{ color: appearances.get(w.title)?.text }}
              title={describeWindow(w.occurrence)}
            >
              {w.title}
            </span>
          ))}
        </span>
      );
    },
    [own, windows, appearances],
  );

  const components = useMemo(
    () => ({
      toolbar: CalendarToolbar,
      event: EventContent,
      agenda: { event: AgendaEvent },
      month: { dateHeader: DateHeader, event: MonthEventContent },
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
        allDayAccessor={item => isPlanItem(item) && item.allDay}
        eventPropGetter={eventPropGetter}
        dayPropGetter={dayPropGetter}
        onSelectEvent={item => {
          if (item.kind === 'release') {
            navigate(releaseLink({ releaseId: item.id }));
          } else if (isPlanItem(item)) {
            navigate(releaseLink({ releaseId: item.releaseId }));
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
