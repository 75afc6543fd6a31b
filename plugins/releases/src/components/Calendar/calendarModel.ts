import { DateTime, Info } from 'luxon';
import {
  CalendarResponse,
  FreezeOccurrence,
  Release,
  RELEASE_TYPES,
  ReleaseType,
} from '@backstage-itsm/plugin-releases-common';
import { CalendarOptions } from '../../api/ReleasesApi';

export type CalendarView = 'month' | 'week' | 'agenda';

export const CALENDAR_VIEWS: CalendarView[] = ['month', 'week', 'agenda'];

/** How many days the agenda lists from its start date. */
export const AGENDA_DAYS = 30;

/** What the calendar page keeps in its URL so a view can be shared. */
export interface CalendarFilters {
  view: CalendarView;
  /** The day the view is anchored on, `yyyy-MM-dd` in the viewer's zone. */
  date: string;
  owner: string;
  system: string;
  entityRef: string;
  type: ReleaseType | '';
  environment: string;
}

export type FilterKey = Exclude<keyof CalendarFilters, 'view' | 'date'>;

const DATE_FORMAT = 'yyyy-MM-dd';

export function toDateParam(date: Date | DateTime): string {
  const time = date instanceof Date ? DateTime.fromJSDate(date) : date;
  return time.toFormat(DATE_FORMAT);
}

/** The day a view is anchored on, at local midnight. */
export function anchorOf(filters: Pick<CalendarFilters, 'date'>): DateTime {
  const parsed = filters.date
    ? DateTime.fromFormat(filters.date, DATE_FORMAT)
    : DateTime.invalid('no date');
  return (parsed.isValid ? parsed : DateTime.local()).startOf('day');
}

export function readCalendarFilters(params: URLSearchParams): CalendarFilters {
  const view = params.get('view') ?? '';
  const type = params.get('type') ?? '';
  const date = params.get('date') ?? '';
  return {
    view: (CALENDAR_VIEWS as string[]).includes(view)
      ? (view as CalendarView)
      : 'month',
    date: DateTime.fromFormat(date, DATE_FORMAT).isValid ? date : '',
    owner: params.get('owner')?.trim() ?? '',
    system: params.get('system')?.trim() ?? '',
    entityRef: params.get('entityRef')?.trim() ?? '',
    type: (RELEASE_TYPES as readonly string[]).includes(type)
      ? (type as ReleaseType)
      : '',
    environment: params.get('environment')?.trim() ?? '',
  };
}

/** The week starts where the viewer's locale starts it (1 = Monday … 7 = Sunday). */
export function firstDayOfWeek(): number {
  return Info.getStartOfWeek();
}

function startOfWeek(time: DateTime): DateTime {
  const offset = (time.weekday - firstDayOfWeek() + 7) % 7;
  return time.minus({ days: offset }).startOf('day');
}

/** The days a view shows, `[start, end)`, as the calendar lays them out. */
export function visibleRange(
  view: CalendarView,
  anchor: DateTime,
): { start: DateTime; end: DateTime } {
  switch (view) {
    case 'week': {
      const start = startOfWeek(anchor);
      return { start, end: start.plus({ weeks: 1 }) };
    }
    case 'agenda':
      return {
        start: anchor.startOf('day'),
        end: anchor.startOf('day').plus({ days: AGENDA_DAYS + 1 }),
      };
    default: {
      const start = startOfWeek(anchor.startOf('month'));
      const lastWeek = startOfWeek(anchor.endOf('month'));
      return { start, end: lastWeek.plus({ weeks: 1 }) };
    }
  }
}

/**
 * The range to ask the backend for: the visible days plus a week either side,
 * so stepping to the next period shows something while it loads and releases
 * reaching into the view from outside are not cut off.
 */
export function fetchRange(
  view: CalendarView,
  anchor: DateTime,
): { from: string; to: string } {
  const { start, end } = visibleRange(view, anchor);
  return {
    from: start.minus({ weeks: 1 }).toUTC().toISO()!,
    to: end.plus({ weeks: 1 }).toUTC().toISO()!,
  };
}

export function toCalendarOptions(
  filters: CalendarFilters,
  range: { from: string; to: string },
): CalendarOptions {
  return {
    ...range,
    ...(filters.entityRef && { entityRef: filters.entityRef }),
    ...(filters.owner && { owner: filters.owner }),
    ...(filters.system && { system: filters.system }),
    ...(filters.type && { type: [filters.type] }),
    ...(filters.environment && { environment: filters.environment }),
  };
}

/** A release bar on the calendar. */
export interface ReleaseItem {
  kind: 'release';
  id: string;
  title: string;
  start: Date;
  end: Date;
  release: Release;
  /** Collision and freeze-conflict messages involving this release. */
  problems: string[];
}

/** A freeze or maintenance window shaded behind the releases. */
export interface WindowItem {
  kind: 'window';
  id: string;
  title: string;
  start: Date;
  end: Date;
  occurrence: FreezeOccurrence;
}

export type CalendarItem = ReleaseItem | WindowItem;

/** Every release's collision and freeze-conflict messages, by release id. */
export function problemsByRelease(
  data: Pick<CalendarResponse, 'collisions' | 'freezeConflicts'>,
): Map<string, string[]> {
  const problems = new Map<string, string[]>();
  const add = (id: string, message: string) =>
    problems.set(id, [...(problems.get(id) ?? []), message]);
  for (const collision of data.collisions) {
    for (const id of collision.releaseIds) {
      add(id, collision.message);
    }
  }
  for (const conflict of data.freezeConflicts) {
    add(conflict.releaseId, conflict.message);
  }
  return problems;
}

export function releaseItems(data: CalendarResponse): ReleaseItem[] {
  const problems = problemsByRelease(data);
  return data.releases.map(release => ({
    kind: 'release',
    id: release.id,
    title: release.title,
    start: new Date(release.plannedStart),
    end: new Date(release.plannedEnd),
    release,
    problems: problems.get(release.id) ?? [],
  }));
}

export function windowItems(freezes: FreezeOccurrence[]): WindowItem[] {
  return freezes.map(occurrence => ({
    kind: 'window',
    id: `${occurrence.window}@${occurrence.start}`,
    title: occurrence.window,
    start: new Date(occurrence.start),
    end: new Date(occurrence.end),
    occurrence,
  }));
}

/** `Freeze · production · emergency releases allowed`, for a tooltip. */
export function describeWindow(occurrence: FreezeOccurrence): string {
  const parts = [
    occurrence.window,
    occurrence.kind === 'maintenance' ? 'maintenance window' : 'freeze window',
    occurrence.environments.length > 0
      ? `applies to ${occurrence.environments.join(', ')}`
      : 'applies to every environment',
  ];
  if (occurrence.allow.length > 0) {
    parts.push(`still allowed: ${occurrence.allow.join(', ')} releases`);
  }
  return parts.join(' · ');
}

/** The windows touching a local day, for shading month cells. */
export function windowsOnDay(windows: WindowItem[], day: Date): WindowItem[] {
  const start = DateTime.fromJSDate(day).startOf('day');
  const end = start.plus({ days: 1 });
  return windows.filter(
    w =>
      w.start.getTime() < end.toMillis() && w.end.getTime() > start.toMillis(),
  );
}

/** Whether a window is first shown on this day: its first day, or a new week row. */
export function windowStartsOn(window: WindowItem, day: Date): boolean {
  const time = DateTime.fromJSDate(day).startOf('day');
  const windowStart = DateTime.fromJSDate(window.start).startOf('day');
  return (
    time.hasSame(windowStart, 'day') ||
    (time > windowStart && time.weekday === firstDayOfWeek())
  );
}
