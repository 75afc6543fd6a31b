import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import { DateTime } from 'luxon';
import { CalendarResponse } from '@backstage-itsm/plugin-releases-common';
import {
  catalogEntities,
  fakeCatalogApi,
  fakeReleasesApi,
  makeRelease,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { ReleasesPage } from '../ReleasesPage';

// The calendar grid renders slowly in jsdom.
jest.setTimeout(60_000);

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
};

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
    expect(
      within(conflicts).getByText(
        'Search 1.2 is planned into No Friday deploys (production)',
      ),
    ).toBeInTheDocument();
    expect(
      within(conflicts).getByRole('link', { name: 'Search 1.2' }),
    ).toHaveAttribute('href', '/releases/r-quiet');
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
        'No releases are planned in this period for these filters.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No releases collide in this period.'),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Subscribe in your calendar app',
    });
    expect(dialog).toHaveTextContent(
      'releases of the components of system:default/payments',
    );
    expect(api.listFeedTokens).toHaveBeenCalled();
  });
});
