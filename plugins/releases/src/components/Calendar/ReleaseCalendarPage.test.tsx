import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import { DateTime } from 'luxon';
import { CalendarResponse } from '@backstage-itsm/plugin-releases-common';
import { CalendarOptions } from '../../api/ReleasesApi';
import {
  catalogEntities,
  fakeCatalogApi,
  fakeReleasesApi,
  makeRelease,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { ReleasesPage } from '../ReleasesPage';

// The calendar grid renders slowly in jsdom.

const ledger = makeRelease({
  id: 'r-ledger',
  title: 'Ledger 5.0',
  type: 'major',
  phase: 'build',
  plannedStart: '2026-12-08T09:00:00Z',
  plannedEnd: '2026-12-09T17:00:00Z',
});
const payments = makeRelease({
  id: 'r-payments',
  title: 'Payments 2.4',
  type: 'minor',
  phase: 'plan',
  plannedStart: '2026-12-09T09:00:00Z',
  plannedEnd: '2026-12-09T12:00:00Z',
});
const hotfix = makeRelease({
  id: 'r-hotfix',
  title: 'Checkout hotfix',
  type: 'emergency',
  phase: 'deploy',
  plannedStart: '2026-12-22T10:00:00Z',
  plannedEnd: '2026-12-22T11:00:00Z',
});
const quiet = makeRelease({
  id: 'r-quiet',
  title: 'Search 1.2',
  type: 'minor',
  phase: 'test',
  plannedStart: '2026-12-15T09:00:00Z',
  plannedEnd: '2026-12-15T10:00:00Z',
});

const december: CalendarResponse = {
  from: '2026-11-23T00:00:00.000Z',
  to: '2027-01-11T00:00:00.000Z',
  releases: [ledger, payments, hotfix, quiet],
  truncated: false,
  freezes: [
    {
      window: 'Year-end freeze',
      kind: 'freeze',
      start: '2026-12-19T23:00:00Z',
      end: '2027-01-03T23:00:00Z',
      timezone: 'Europe/Berlin',
      environments: ['production'],
      allow: ['emergency'],
    },
    {
      window: 'Database maintenance',
      kind: 'maintenance',
      start: '2026-12-05T01:00:00Z',
      end: '2026-12-05T03:00:00Z',
      timezone: 'Europe/Berlin',
      environments: ['production'],
      allow: [],
    },
  ],
  collisions: [
    {
      kind: 'component',
      releaseIds: ['r-ledger', 'r-payments'],
      entities: ['component:default/payments-api'],
      message: 'Ledger 5.0 and Payments 2.4 both change payments-api on Dec 9',
      overlap: { start: '2026-12-09T09:00:00Z', end: '2026-12-09T12:00:00Z' },
    },
  ],
  freezeConflicts: [
    {
      releaseId: 'r-quiet',
      window: 'No Friday deploys',
      environments: ['production'],
      message: 'Search 1.2 is planned into No Friday deploys (production)',
      overlap: { start: '2026-12-15T09:00:00Z', end: '2026-12-15T10:00:00Z' },
    },
  ],
  allowWindows: [],
  cabMeetings: [],
};

/** What the backend adds with `include=milestones,tasks`. */
const decemberPlan: CalendarResponse = {
  ...december,
  milestones: [
    {
      releaseId: 'r-ledger',
      phase: 'build',
      plannedEnd: '2026-12-08T12:00:00Z',
      bufferEnd: '2026-12-09T12:00:00Z',
      state: 'late',
    },
    {
      releaseId: 'r-payments',
      phase: 'plan',
      plannedEnd: '2026-12-09T12:00:00Z',
      bufferEnd: '2026-12-11T12:00:00Z',
      state: 'in_buffer',
    },
  ],
  tasks: [
    {
      releaseId: 'r-hotfix',
      taskId: 't-smoke',
      title: 'Run smoke tests',
      phase: 'deploy',
      dueAt: '2026-12-22T12:00:00Z',
      status: 'in_progress',
      assignee: 'user:default/ana',
    },
  ],
};

/** Answers as the backend does: milestones and tasks only when asked for. */
function planApi() {
  return fakeReleasesApi({
    getCalendar: jest.fn(async (options: CalendarOptions) =>
      options.include ? decemberPlan : december,
    ),
    getRelease: jest.fn().mockResolvedValue(ledger),
  });
}

function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
}

function currentParams() {
  return new URLSearchParams(screen.getByTestId('location').textContent ?? '');
}

async function renderCalendar(path: string, api = fakeReleasesApi()) {
  const catalogApi = fakeCatalogApi([
    ...catalogEntities,
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'payments', namespace: 'default', title: 'Payments' },
      spec: { owner: 'payments-team' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'ana', namespace: 'default', title: 'Ana Lopez' },
      spec: {},
    },
  ]);
  await renderWithApis(
    <>
      <Routes>
        <Route path="/releases/*" element={<ReleasesPage />} />
      </Routes>
      <LocationProbe />
    </>,
    { releasesApi: api, catalogApi, routeEntries: [path] },
  );
  return api;
}

/** The calendar itself, apart from the lists under it. */
async function calendarGrid() {
  const grid = await screen.findByRole('region', { name: 'Calendar' });
  await within(grid).findAllByRole('link', undefined, { timeout: 5000 });
  return within(grid);
}

function calendarApi(data: CalendarResponse = december) {
  return fakeReleasesApi({
    getCalendar: jest.fn().mockResolvedValue(data),
    getRelease: jest.fn().mockResolvedValue(ledger),
  });
}

/** The local-time ISO instant the page should ask for. */
function localIso(date: string) {
  return DateTime.fromISO(date).toUTC().toISO();
}

describe('ReleaseCalendarPage', () => {
  it('shows the month with releases by type, shaded freezes and marked conflicts', async () => {
    const api = await renderCalendar(
      '/releases/calendar?date=2026-12-10',
      calendarApi(),
    );

    expect(
      await screen.findByRole('heading', { name: 'Release calendar' }),
    ).toBeInTheDocument();
    const grid = await calendarGrid();
    const ledgerBar = grid
      .getByRole('link', { name: 'Ledger 5.0' })
      .closest('.rbc-event') as HTMLElement;
    expect(ledgerBar.className).toMatch(/major/);
    expect(ledgerBar).toHaveTextContent('Ledger 5.0· Build');
    expect(
      within(ledgerBar).getByRole('img', { name: 'Conflict' }),
    ).toBeInTheDocument();
    const hotfixBar = grid
      .getByRole('link', { name: 'Checkout hotfix' })
      .closest('.rbc-event') as HTMLElement;
    expect(hotfixBar.className).toMatch(/emergency/);
    expect(
      within(hotfixBar).queryByRole('img', { name: 'Conflict' }),
    ).toBeNull();
    expect(
      grid.getByRole('link', { name: 'Payments 2.4' }).closest('.rbc-event')
        ?.className,
    ).toMatch(/minor.*conflicted|conflicted.*minor/);

    // Freeze windows shade the days and are named where they start.
    expect(screen.getAllByText('Year-end freeze').length).toBeGreaterThan(0);
    expect(screen.getByText('Database maintenance')).toBeInTheDocument();
    expect(
      document.querySelectorAll('.rbc-day-bg[class*="freezeDay"]').length,
    ).toBeGreaterThanOrEqual(12);
    expect(
      document.querySelectorAll('.rbc-day-bg[class*="maintenanceDay"]'),
    ).toHaveLength(1);

    // The month grid plus a week either side, whichever day the locale starts weeks on.
    const { from, to } = api.getCalendar.mock.calls[0][0];
    expect([localIso('2026-11-22'), localIso('2026-11-23')]).toContain(from);
    expect([localIso('2027-01-10'), localIso('2027-01-11')]).toContain(to);
  });

  it('lists collisions and freeze conflicts with links to the releases', async () => {
    await renderCalendar('/releases/calendar?date=2026-12-10', calendarApi());

    const collisions = (
      await screen.findByRole(
        'heading',
        { name: 'Collisions' },
        { timeout: 5000 },
      )
    ).closest('[class*="MuiCard-root"]') as HTMLElement;
    expect(
      within(collisions).getByText(
        'Ledger 5.0 and Payments 2.4 both change payments-api on Dec 9',
      ),
    ).toBeInTheDocument();
    expect(within(collisions).getByText('Same component')).toBeInTheDocument();
    expect(
      within(collisions).getByRole('link', { name: 'Ledger 5.0' }),
    ).toHaveAttribute('href', '/releases/r-ledger');
    expect(
      within(collisions).getByRole('link', { name: 'Payments 2.4' }),
    ).toHaveAttribute('href', '/releases/r-payments');

    const conflicts = screen
      .getByRole('heading', { name: 'Freeze conflicts' })
      .closest('[class*="MuiCard-root"]') as HTMLElement;
    const conflict = within(conflicts).getByRole('listitem');
    expect(conflict).toHaveTextContent(
      'Search 1.2: Planned into the freeze “No Friday deploys”',
    );
    expect(conflict).toHaveTextContent(/Overlap: Dec 15, 2026/);
    expect(
      within(conflicts).getByRole('link', { name: 'Search 1.2' }),
    ).toHaveAttribute('href', '/releases/r-quiet');
  });

  it('names a colliding release that is not on the calendar, and marks the one that is', async () => {
    const fraud = makeRelease({
      id: 'r-fraud',
      title: 'Fraud model retraining',
      plannedStart: '2026-12-15T08:00:00Z',
      plannedEnd: '2026-12-16T08:00:00Z',
    });
    await renderCalendar(
      '/releases/calendar?date=2026-12-10&system=payments',
      calendarApi({
        ...december,
        collisions: [
          {
            kind: 'api',
            releaseIds: ['r-quiet', 'r-fraud'],
            entities: ['api:default/payments-rest'],
            message:
              '"Search 1.2" and "Fraud model retraining" change the two sides of payments-rest',
            overlap: {
              start: '2026-12-15T09:00:00Z',
              end: '2026-12-15T10:00:00Z',
            },
          },
          {
            kind: 'dependency',
            releaseIds: ['r-quiet', 'r-fraud'],
            entities: [
              'component:default/search-service',
              'component:default/fraud-detector',
            ],
            message:
              '"Search 1.2" and "Fraud model retraining" change components linked by dependsOn: Search Service ↔ Fraud Detector',
            overlap: {
              start: '2026-12-15T09:00:00Z',
              end: '2026-12-15T10:00:00Z',
            },
          },
        ],
        otherReleases: [fraud],
      }),
    );
    const grid = await calendarGrid();
    expect(grid.queryByRole('link', { name: /Fraud model/ })).toBeNull();
    expect(
      grid.getByRole('link', { name: 'Search 1.2' }).closest('.rbc-event')
        ?.className,
    ).toMatch(/conflicted/);

    const collisions = screen
      .getByRole('heading', { name: 'Collisions' })
      .closest('[class*="MuiCard-root"]') as HTMLElement;
    // The pair shares an API and a dependency: one entry each, each with its kind.
    const entries = within(collisions).getAllByRole('listitem');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toHaveTextContent(
      /change the two sides of payments-restAPI/,
    );
    expect(entries[1]).toHaveTextContent(
      /linked by dependsOn: Search Service ↔ Fraud DetectorDependency/,
    );
    for (const entry of entries) {
      expect(
        within(entry).getByRole('link', { name: 'Search 1.2' }),
      ).toHaveAttribute('href', '/releases/r-quiet');
      expect(
        within(entry).getByRole('link', {
          name: 'Fraud model retraining (not in this view)',
        }),
      ).toHaveAttribute('href', '/releases/r-fraud');
    }
    // Every colliding release outside the view was compared.
    expect(within(collisions).queryByRole('alert')).toBeNull();
  });

  it('says when collisions with releases outside the view were not all compared', async () => {
    await renderCalendar(
      '/releases/calendar?date=2026-12-10&system=payments',
      calendarApi({
        ...december,
        collisions: [],
        otherReleases: [],
        otherReleasesTruncated: true,
      }),
    );
    await calendarGrid();
    const collisions = screen
      .getByRole('heading', { name: 'Collisions' })
      .closest('[class*="MuiCard-root"]') as HTMLElement;
    expect(within(collisions).getByRole('alert')).toHaveTextContent(
      'More than 500 open releases outside this view change components its releases could collide with. Only the first 500 by planned start were compared; narrow the period to compare them all.',
    );
  });

  it('says how many collisions there are when the backend listed only the first few of each release', async () => {
    await renderCalendar(
      '/releases/calendar?date=2026-12-10',
      calendarApi({
        ...december,
        collisionsTotal: 10535,
      }),
    );
    await calendarGrid();
    const collisions = screen
      .getByRole('heading', { name: 'Collisions' })
      .closest('[class*="MuiCard-root"]') as HTMLElement;
    expect(within(collisions).getByRole('alert')).toHaveTextContent(
      '10,535 collisions in this period, too many to list: the first 3 of each release are listed, so every release that collides shows at least one. Narrow the period or filter by component to see them all.',
    );
    // The listed ones stay listed below the notice.
    expect(within(collisions).getAllByRole('listitem').length).toBeGreaterThan(
      0,
    );
  });

  it('reads its filters from the URL and sends them to the backend', async () => {
    const api = await renderCalendar(
      '/releases/calendar?view=agenda&date=2026-12-08&owner=group:default/payments-team&system=system:default/payments&type=major&environment=production',
      calendarApi(),
    );

    const grid = await calendarGrid();
    // The agenda lists a two-day release on both days.
    expect(grid.getAllByRole('link', { name: 'Ledger 5.0' })).toHaveLength(2);
    expect(api.getCalendar).toHaveBeenCalledWith({
      from: localIso('2026-12-01T00:00'),
      to: localIso('2027-01-15T00:00'),
      owner: 'group:default/payments-team',
      system: 'system:default/payments',
      type: ['major'],
      environment: 'production',
    });
    expect(screen.getByLabelText('Owner')).toHaveValue('Payments Team');
    await waitFor(() =>
      expect(screen.getByLabelText('System')).toHaveValue('Payments'),
    );
    expect(screen.getByLabelText('Type')).toHaveValue('major');
    await waitFor(() =>
      expect(screen.getByLabelText('Environment')).toHaveValue('production'),
    );
    // The agenda lists the windows as rows too.
    expect(
      grid.getAllByText(/Year-end freeze \(freeze window/).length,
    ).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: 'Agenda' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('puts a changed filter into the URL and asks again', async () => {
    const api = await renderCalendar(
      '/releases/calendar?date=2026-12-10',
      calendarApi(),
    );
    await calendarGrid();
    const user = userEvent.setup();

    fireEvent.change(screen.getByLabelText('Type'), {
      target: { value: 'emergency' },
    });
    await waitFor(() =>
      expect(api.getCalendar).toHaveBeenLastCalledWith(
        expect.objectContaining({ type: ['emergency'] }),
      ),
    );
    expect(currentParams().get('type')).toBe('emergency');

    await user.click(screen.getByLabelText('Owner'));
    await user.click(
      await screen.findByRole('option', { name: /Payments Team/ }),
    );
    await waitFor(() =>
      expect(api.getCalendar).toHaveBeenLastCalledWith(
        expect.objectContaining({
          owner: 'group:default/payments-team',
          type: ['emergency'],
        }),
      ),
    );
    expect(currentParams().get('owner')).toBe('group:default/payments-team');

    fireEvent.change(await screen.findByLabelText('Environment'), {
      target: { value: 'staging' },
    });
    await waitFor(() =>
      expect(currentParams().get('environment')).toBe('staging'),
    );
    expect(api.getCalendar).toHaveBeenLastCalledWith(
      expect.objectContaining({ environment: 'staging' }),
    );
  });

  it('switches to the week view with freezes shaded behind and keeps it in the URL', async () => {
    const api = await renderCalendar(
      '/releases/calendar?date=2026-12-21',
      calendarApi(),
    );
    await calendarGrid();
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Week' }));

    await waitFor(() => expect(currentParams().get('view')).toBe('week'));
    await waitFor(() =>
      expect(
        document.querySelectorAll('.rbc-background-event').length,
      ).toBeGreaterThan(0),
    );
    expect(
      document.querySelector('.rbc-background-event')?.textContent,
    ).toContain('Year-end freeze');
    const weekCall = api.getCalendar.mock.calls.at(-1)![0];
    const days =
      (Date.parse(weekCall.to) - Date.parse(weekCall.from)) / 86_400_000;
    expect(Math.round(days)).toBe(21);

    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(currentParams().get('date')).toBe('2026-12-28'));
  });

  it('opens a release from the calendar', async () => {
    await renderCalendar('/releases/calendar?date=2026-12-10', calendarApi());
    const user = userEvent.setup();

    const grid = await calendarGrid();
    await user.click(grid.getByRole('link', { name: 'Ledger 5.0' }));

    expect(
      await screen.findByRole(
        'heading',
        { name: 'Ledger 5.0' },
        { timeout: 5000 },
      ),
    ).toBeInTheDocument();
  });

  it('shows why the calendar could not be loaded', async () => {
    await renderCalendar(
      '/releases/calendar',
      fakeReleasesApi({
        getCalendar: jest
          .fn()
          .mockRejectedValue(
            new Error('to: the range may span at most 400 days'),
          ),
      }),
    );

    expect(
      await screen.findByText('Error: to: the range may span at most 400 days'),
    ).toBeInTheDocument();
  });

  it('says so when nothing is planned and offers a feed for the filtered scope', async () => {
    const api = await renderCalendar(
      '/releases/calendar?system=system:default/payments',
    );
    const user = userEvent.setup();

    expect(
      await screen.findByText(
        'No releases in this period match these filters.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No releases collide in this period.'),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Subscribe in your calendar app',
    });
    expect(dialog).toHaveTextContent('releases of the components of Payments');
    expect(api.listFeedTokens).toHaveBeenCalled();
  });

  it('marks milestones and due tasks only once they are switched on', async () => {
    const api = await renderCalendar(
      '/releases/calendar?date=2026-12-10',
      planApi(),
    );
    const user = userEvent.setup();
    const grid = await calendarGrid();
    const legend = screen.getByRole('list', { name: 'Legend' });

    expect(api.getCalendar.mock.calls[0][0]).not.toHaveProperty('include');
    expect(grid.queryByText(/ends$/)).toBeNull();
    expect(grid.queryByText(/due$/)).toBeNull();
    expect(within(legend).queryByText('Open task due')).toBeNull();

    await user.click(
      screen.getByRole('checkbox', { name: 'Milestones and due tasks' }),
    );

    await waitFor(() => expect(currentParams().get('plan')).toBe('1'));
    expect(api.getCalendar).toHaveBeenLastCalledWith(
      expect.objectContaining({ include: ['milestones', 'tasks'] }),
    );
    const late = await grid.findByRole('link', {
      name: 'Ledger 5.0 · Build ends',
    });
    expect(late).toHaveAttribute('href', '/releases/r-ledger');
    expect(late.closest('.rbc-event')).toHaveTextContent(
      'Ledger 5.0 · Build ends· Late',
    );
    expect(
      grid
        .getByRole('link', { name: 'Payments 2.4 · Plan ends' })
        .closest('.rbc-event'),
    ).toHaveTextContent('Payments 2.4 · Plan ends· In its buffer');

    const task = grid.getByRole('link', { name: 'Run smoke tests due' });
    expect(task).toHaveAttribute('href', '/releases/r-hotfix');
    expect(task.closest('.rbc-event')).toHaveTextContent(
      'Run smoke tests due· Ana Lopez',
    );
    expect(document.body).not.toHaveTextContent('user:default/ana');

    expect(
      within(legend).getByText('Milestone, the planned end of a phase:'),
    ).toBeInTheDocument();
    expect(within(legend).getByText('Late')).toBeInTheDocument();
    expect(within(legend).getByText('Open task due')).toBeInTheDocument();

    // Off again: the markers go at once, while the answer without them loads.
    api.getCalendar.mockImplementationOnce(() => new Promise(() => {}));
    await user.click(
      screen.getByRole('checkbox', { name: 'Milestones and due tasks' }),
    );
    await waitFor(() => expect(currentParams().get('plan')).toBeNull());
    expect(api.getCalendar.mock.calls.at(-1)![0]).not.toHaveProperty('include');
    expect(grid.getByRole('link', { name: 'Ledger 5.0' })).toBeInTheDocument();
    expect(
      grid.queryByRole('link', { name: 'Run smoke tests due' }),
    ).toBeNull();
    expect(within(legend).queryByText('Open task due')).toBeNull();
  });

  it('lists milestones and due tasks in the agenda and finds tasks by title', async () => {
    const api = await renderCalendar(
      '/releases/calendar?view=agenda&date=2026-12-08&plan=1',
      planApi(),
    );

    const grid = await calendarGrid();
    expect(
      screen.getByRole('checkbox', { name: 'Milestones and due tasks' }),
    ).toBeChecked();
    expect(api.getCalendar).toHaveBeenCalledWith(
      expect.objectContaining({ include: ['milestones', 'tasks'] }),
    );
    expect(
      await grid.findByRole('link', { name: 'Ledger 5.0 · Build ends' }),
    ).toHaveAttribute('href', '/releases/r-ledger');
    expect(
      grid.getByRole('link', { name: 'Ledger 5.0 · Build ends' }).closest('tr'),
    ).toHaveTextContent('Late');
    expect(
      grid.getByRole('link', { name: 'Run smoke tests due' }).closest('tr'),
    ).toHaveTextContent('Run smoke tests due· Ana Lopez');

    fireEvent.change(screen.getByLabelText('Search'), {
      target: { value: 'smoke' },
    });
    await waitFor(() => expect(currentParams().get('q')).toBe('smoke'));
    // The task keeps its release in view; other releases and their milestones go.
    expect(
      grid.getByRole('link', { name: 'Run smoke tests due' }),
    ).toBeInTheDocument();
    expect(
      grid.getAllByRole('link', { name: 'Checkout hotfix' }).length,
    ).toBeGreaterThan(0);
    expect(
      grid.queryByRole('link', { name: 'Ledger 5.0 · Build ends' }),
    ).toBeNull();
    expect(grid.queryByRole('link', { name: 'Ledger 5.0' })).toBeNull();
  });
});
