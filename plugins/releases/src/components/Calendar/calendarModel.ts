import { DateTime, Info } from 'luxon';
import {
  CalendarMilestone,
  CalendarResponse,
  CalendarTask,
  FreezeOccurrence,
  CalendarRelease,
  RELEASE_TYPES,
  ReleaseType,
} from '@backstage-itsm/plugin-releases-common';
import { CalendarOptions } from '../../api/ReleasesApi';
import { phaseLabel } from '../shared/format';

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
  /** Text to find in titles, descriptions and components. */
  q: string;
  /** Whether milestones and due tasks are marked too (`plan=1`). */
  plan: boolean;
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
    q: params.get('q') ?? '',
    plan: params.get('plan') === '1',
  };
}

function searchWords(q: string): string[] {
  return q.toLocaleLowerCase('en-US').split(/\s+/).filter(Boolean);
}

function containsAll(texts: string[], words: string[]): boolean {
  const text = texts.join(' ').toLocaleLowerCase('en-US');
  return words.every(word => text.includes(word));
}

/**
 * Whether a release matches the calendar's search text: every word must
 * appear in its title, description or one of its components' names.
 */
export function matchesSearch(release: CalendarRelease, q: string): boolean {
  return containsAll(
    [
      release.title,
      release.description,
      ...release.components.map(c => c.entityRef),
    ],
    searchWords(q),
  );
}

/**
 * The calendar's answer narrowed to the releases that match the search text.
 * A due task matches by its own title too, and then keeps its release in view.
 */
export function searchCalendar(
  data: CalendarResponse,
  q: string,
): CalendarResponse {
  const words = searchWords(q);
  if (words.length === 0) {
    return data;
  }
  const matching = new Set(
    data.releases.filter(r => matchesSearch(r, q)).map(r => r.id),
  );
  const tasks = data.tasks?.filter(
    task => matching.has(task.releaseId) || containsAll([task.title], words),
  );
  const ids = new Set([...matching, ...(tasks ?? []).map(t => t.releaseId)]);
  return {
    ...data,
    releases: data.releases.filter(r => ids.has(r.id)),
    collisions: data.collisions.filter(c =>
      c.releaseIds.some(id => ids.has(id)),
    ),
    freezeConflicts: data.freezeConflicts.filter(c => ids.has(c.releaseId)),
    ...(data.milestones && {
      milestones: data.milestones.filter(m => matching.has(m.releaseId)),
    }),
    ...(tasks && { tasks }),
  };
}

/**
 * The answer without milestones and tasks: a reload keeps the last answer on
 * screen, which may still hold them after they were switched off.
 */
export function withoutPlan(data: CalendarResponse): CalendarResponse {
  const { milestones: _milestones, tasks: _tasks, ...rest } = data;
  return rest;
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
    ...(filters.plan && { include: ['milestones', 'tasks'] }),
  };
}

/** A release bar on the calendar. */
export interface ReleaseItem {
  kind: 'release';
  id: string;
  title: string;
  start: Date;
  end: Date;
  release: CalendarRelease;
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

/** What the calendar needs of any mark of a release's plan. */
interface PlanItemBase {
  id: string;
  start: Date;
  end: Date;
  allDay: boolean;
  releaseId: string;
  releaseTitle: string;
}

/** The planned end of a release's phase, marked on its day. */
export interface MilestoneItem extends PlanItemBase {
  kind: 'milestone';
  /** `Ledger 5.0 · Build ends` */
  title: string;
  milestone: CalendarMilestone;
}

/** An open task of a release, marked on the day it is due. */
export interface TaskItem extends PlanItemBase {
  kind: 'task';
  /** `Run smoke tests due` */
  title: string;
  task: CalendarTask;
}

export type PlanItem = MilestoneItem | TaskItem;

export type CalendarItem = ReleaseItem | WindowItem | PlanItem;

export function isPlanItem(item: CalendarItem): item is PlanItem {
  return item.kind === 'milestone' || item.kind === 'task';
}

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

/**
 * Milestones and due tasks of the releases shown. On the month and week grids
 * (`wholeDay`) a marker fills its local day, so the week view puts it in its
 * all-day row rather than as a sliver at its hour; the agenda lists it at its
 * time.
 */
export function planItems(
  data: CalendarResponse,
  wholeDay: boolean,
): PlanItem[] {
  const titles = new Map(data.releases.map(r => [r.id, r.title]));
  const when = (iso: string) => {
    const at = DateTime.fromISO(iso);
    const day = at.startOf('day');
    return wholeDay
      ? {
          start: day.toJSDate(),
          end: day.plus({ days: 1 }).toJSDate(),
          allDay: true,
        }
      : { start: at.toJSDate(), end: at.toJSDate(), allDay: false };
  };
  const milestones = (data.milestones ?? []).flatMap(
    (milestone): PlanItem[] => {
      const releaseTitle = titles.get(milestone.releaseId);
      return releaseTitle === undefined
        ? []
        : [
            {
              kind: 'milestone',
              id: `${milestone.releaseId}/${milestone.phase}`,
              title: `${releaseTitle} · ${phaseLabel(milestone.phase)} ends`,
              ...when(milestone.plannedEnd),
              releaseId: milestone.releaseId,
              releaseTitle,
              milestone,
            },
          ];
    },
  );
  const tasks = (data.tasks ?? []).flatMap((task): PlanItem[] => {
    const releaseTitle = titles.get(task.releaseId);
    return releaseTitle === undefined
      ? []
      : [
          {
            kind: 'task',
            id: task.taskId,
            title: `${task.title} due`,
            ...when(task.dueAt),
            releaseId: task.releaseId,
            releaseTitle,
            task,
          },
        ];
  });
  return [...milestones, ...tasks];
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
