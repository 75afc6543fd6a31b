import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { CalendarResponse } from '@backstage-itsm/plugin-releases-common';
import {
  fakeReleasesApi,
  makeRelease,
  pageOf,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { EntityReleasesContent } from '../EntityReleasesContent';
import { EntityReleaseTimeline } from './EntityReleaseTimeline';

const inDays = (days: number, hour = 9) =>
  DateTime.local().startOf('day').plus({ days, hours: hour }).toUTC().toISO()!;

const upcoming = makeRelease({
  id: 'r-up',
  title: 'Payments 2.5',
  type: 'major',
  phase: 'design',
  plannedStart: inDays(3),
  plannedEnd: inDays(4, 17),
});
const clashing = makeRelease({
  id: 'r-clash',
  title: 'Ledger hotfix',
  type: 'emergency',
  phase: 'plan',
  plannedStart: inDays(4),
  plannedEnd: inDays(4, 11),
});

const calendar: CalendarResponse = {
  from: inDays(-7),
  to: inDays(35),
  releases: [upcoming, clashing],
  truncated: false,
  freezes: [
    {
      window: 'No Friday deploys',
      kind: 'freeze',
      start: inDays(5, 0),
      end: inDays(6, 0),
      timezone: 'Europe/Berlin',
      environments: ['production'],
      allow: ['emergency'],
      selector: { system: ['payments'] },
    },
  ],
  collisions: [
    {
      kind: 'dependency',
      releaseIds: ['r-up', 'r-clash'],
      entities: ['component:default/payments-api', 'component:default/ledger'],
      message:
        'Payments 2.5 and Ledger hotfix change payments-api and ledger, which depend on each other',
      overlap: { start: inDays(4), end: inDays(4, 11) },
    },
  ],
  freezeConflicts: [],
  allowWindows: [],
  cabMeetings: [],
};

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', owner: 'payments-team', system: 'payments' },
};

describe('EntityReleaseTimeline', () => {
  it('shows six weeks of releases with the freezes that apply and marks collisions', async () => {
    const api = fakeReleasesApi({
      getCalendar: jest.fn().mockResolvedValue(calendar),
    });
    await renderWithApis(
      <EntityReleaseTimeline
        scope={{ system: 'system:default/payments' }}
        getReleaseLink={release => `/somewhere?release=${release.id}`}
        liveChannel="releases:entity:system:default/payments"
      />,
      { releasesApi: api },
    );

    expect(
      await screen.findByRole('heading', { name: 'Timeline' }),
    ).toBeInTheDocument();
    const chart = await screen.findByRole('group', { name: 'Timeline chart' });
    expect(
      within(chart).getByRole('link', { name: 'Payments 2.5' }),
    ).toHaveAttribute('href', '/somewhere?release=r-up');
    expect(within(chart).getByText('· Design')).toBeInTheDocument();
    expect(
      within(chart).getAllByRole('img', { name: 'Conflict' }),
    ).toHaveLength(2);
    // The window's whole name, in the chart and in the legend.
    expect(within(chart).getByText('No Friday deploys')).toBeInTheDocument();
    expect(screen.getByText('Freeze: No Friday deploys')).toBeInTheDocument();
    expect(within(chart).getByTestId('timeline-window')).toHaveAttribute(
      'title',
      expect.stringContaining('still allowed: emergency releases'),
    );
    expect(
      screen.getByText(
        'Payments 2.5 and Ledger hotfix change payments-api and ledger, which depend on each other',
      ),
    ).toBeInTheDocument();

    const { from, to, system } = api.getCalendar.mock.calls[0][0];
    expect(system).toBe('system:default/payments');
    expect(Date.parse(from)).toBeLessThanOrEqual(Date.now());
    expect(Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000)).toBe(
      42,
    );
    expect(
      screen.getByRole('link', { name: 'Open release calendar' }),
    ).toHaveAttribute(
      'href',
      expect.stringMatching(
        /^\/releases\/calendar\?system=system%3Adefault%2Fpayments&date=\d{4}-\d\d-\d\d$/,
      ),
    );
  });

  it('lists a release planned into a recurring freeze once, with every overlap', async () => {
    const friday = {
      releaseId: 'r-up',
      window: 'No Friday deploys',
      environments: ['production'],
      message: 'Payments 2.5 is planned into No Friday deploys',
    };
    const api = fakeReleasesApi({
      getCalendar: jest.fn().mockResolvedValue({
        ...calendar,
        collisions: [],
        freezeConflicts: [
          { ...friday, overlap: { start: inDays(5, 0), end: inDays(6, 0) } },
          { ...friday, overlap: { start: inDays(12, 0), end: inDays(13, 0) } },
          { ...friday, overlap: { start: inDays(5, 0), end: inDays(6, 0) } },
        ],
      }),
    });
    await renderWithApis(
      <EntityReleaseTimeline
        scope={{ entityRef: 'component:default/payments-api' }}
        getReleaseLink={release => release.id}
        liveChannel="releases:entity:component:default/payments-api"
      />,
      { releasesApi: api },
    );

    const alert = await screen.findByRole('alert');
    const items = within(alert).getAllByRole('listitem');
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveTextContent(
      'Payments 2.5: Planned into the freeze “No Friday deploys”',
    );
    const day = (days: number) =>
      DateTime.local()
        .startOf('day')
        .plus({ days })
        .toLocaleString(DateTime.DATE_MED);
    expect(items[0]).toHaveTextContent(day(5));
    expect(items[0]).toHaveTextContent(day(12));
  });

  it('pages six weeks at a time and says when nothing is planned', async () => {
    const api = fakeReleasesApi();
    await renderWithApis(
      <EntityReleaseTimeline
        scope={{ owner: 'group:default/payments-team' }}
        getReleaseLink={release => release.id}
        liveChannel="releases:entity:group:default/payments-team"
      />,
      { releasesApi: api },
    );
    const user = userEvent.setup();

    expect(
      await screen.findByText('No releases planned in these six weeks.'),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Later' }));

    await waitFor(() => expect(api.getCalendar).toHaveBeenCalledTimes(2));
    const [first, second] = api.getCalendar.mock.calls.map(c => c[0]);
    expect(second.owner).toBe('group:default/payments-team');
    expect(
      Math.round(
        (Date.parse(second.from) - Date.parse(first.from)) / 86_400_000,
      ),
    ).toBe(42);
  });

  it('sits above the tables of a component’s Releases tab with a Subscribe button', async () => {
    const api = fakeReleasesApi({
      listReleases: jest.fn().mockResolvedValue(pageOf([upcoming])),
      getCalendar: jest.fn().mockResolvedValue(calendar),
    });
    await renderWithApis(
      <EntityProvider entity={component}>
        <EntityReleasesContent />
      </EntityProvider>,
      {
        releasesApi: api,
        routeEntries: ['/catalog/default/component/payments-api/releases'],
      },
    );
    const user = userEvent.setup();

    const timeline = await screen.findByRole('heading', { name: 'Timeline' });
    const upcomingTable = screen.getByRole('heading', { name: 'Upcoming' });
    expect(
      timeline.compareDocumentPosition(upcomingTable) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(api.getCalendar).toHaveBeenCalledWith(
      expect.objectContaining({ entityRef: 'component:default/payments-api' }),
    );
    const chart = await screen.findByRole('group', { name: 'Timeline chart' });
    expect(
      within(chart).getByRole('link', { name: 'Payments 2.5' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/releases?release=r-up',
    );

    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    expect(
      await screen.findByRole('dialog', {
        name: 'Subscribe in your calendar app',
      }),
    ).toHaveTextContent('releases of Payments API');
  });
});
