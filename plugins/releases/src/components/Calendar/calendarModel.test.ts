import { DateTime } from 'luxon';
import { CalendarResponse } from '@backstage-itsm/plugin-releases-common';
import { makeRelease } from '../../__testUtils__/fixtures';
import {
  planItems,
  readCalendarFilters,
  searchCalendar,
  toCalendarOptions,
  withoutPlan,
} from './calendarModel';

const range = {
  from: '2026-12-01T00:00:00.000Z',
  to: '2027-01-01T00:00:00.000Z',
};

const data: CalendarResponse = {
  ...range,
  releases: [
    makeRelease({ id: 'r-ledger', title: 'Ledger 5.0', description: '' }),
    makeRelease({ id: 'r-hotfix', title: 'Checkout hotfix', description: '' }),
  ],
  truncated: false,
  freezes: [],
  allowWindows: [],
  cabMeetings: [],
  collisions: [],
  freezeConflicts: [],
  milestones: [
    {
      releaseId: 'r-ledger',
      phase: 'build',
      plannedEnd: '2026-12-08T12:00:00Z',
      bufferEnd: '2026-12-09T12:00:00Z',
      state: 'late',
    },
    {
      releaseId: 'r-elsewhere',
      phase: 'test',
      plannedEnd: '2026-12-08T12:00:00Z',
      bufferEnd: '2026-12-08T12:00:00Z',
      state: 'on_track',
    },
  ],
  tasks: [
    {
      releaseId: 'r-hotfix',
      taskId: 't-smoke',
      title: 'Run smoke tests',
      phase: 'deploy',
      dueAt: '2026-12-22T12:00:00Z',
      status: 'open',
      assignee: null,
    },
    {
      releaseId: 'r-ledger',
      taskId: 't-notes',
      title: 'Write release notes',
      phase: 'build',
      dueAt: '2026-12-07T12:00:00Z',
      status: 'in_progress',
      assignee: null,
    },
  ],
};

describe('calendar filters', () => {
  it('asks for milestones and tasks only with plan=1 in the URL', () => {
    const off = readCalendarFilters(new URLSearchParams('view=week'));
    const on = readCalendarFilters(new URLSearchParams('view=week&plan=1'));

    expect(off.plan).toBe(false);
    expect(toCalendarOptions(off, range)).toEqual(range);
    expect(on.plan).toBe(true);
    expect(toCalendarOptions(on, range)).toEqual({
      ...range,
      include: ['milestones', 'tasks'],
    });
  });
});

describe('planItems', () => {
  it('marks a milestone and a task on their local day, with their release title', () => {
    const items = planItems(data, true);

    expect(items.map(item => item.title)).toEqual([
      'Ledger 5.0 · Build ends',
      'Run smoke tests due',
      'Write release notes due',
    ]);
    const day = DateTime.fromISO('2026-12-08T12:00:00Z').startOf('day');
    expect(items[0]).toMatchObject({
      releaseId: 'r-ledger',
      releaseTitle: 'Ledger 5.0',
      allDay: true,
      start: day.toJSDate(),
      end: day.plus({ days: 1 }).toJSDate(),
    });
  });

  it('keeps the time for the agenda', () => {
    const [milestone] = planItems(data, false);

    expect(milestone.allDay).toBe(false);
    expect(milestone.start.toISOString()).toBe('2026-12-08T12:00:00.000Z');
    expect(milestone.end).toEqual(milestone.start);
  });
});

describe('searchCalendar', () => {
  it('keeps the milestones and tasks of the releases found', () => {
    const found = searchCalendar(data, 'ledger');

    expect(found.releases.map(r => r.id)).toEqual(['r-ledger']);
    expect(found.milestones?.map(m => m.releaseId)).toEqual(['r-ledger']);
    expect(found.tasks?.map(t => t.taskId)).toEqual(['t-notes']);
  });

  it('finds a task by its title and keeps its release in view', () => {
    const found = searchCalendar(data, 'SMOKE tests');

    expect(found.tasks?.map(t => t.taskId)).toEqual(['t-smoke']);
    expect(found.releases.map(r => r.id)).toEqual(['r-hotfix']);
    expect(found.milestones).toEqual([]);
  });

  it('drops milestones and tasks when they are switched off', () => {
    const plain = withoutPlan(data);

    expect(plain).not.toHaveProperty('milestones');
    expect(plain).not.toHaveProperty('tasks');
    expect(planItems(plain, true)).toEqual([]);
  });
});
