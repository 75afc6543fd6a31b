import { useLocation } from 'react-router-dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime, Settings } from 'luxon';
import { fakeReleasesApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { MetricsPage } from './MetricsPage';
import { metricsResponse } from './testMetrics';

/** Shows the query string, so a test can see what the page keeps in its URL. */
function LocationProbe() {
  const location = useLocation();
  return <output aria-label="query">{location.search}</output>;
}

function query(): URLSearchParams {
  return new URLSearchParams(
    screen.getByRole('status', { name: 'query' }).textContent ?? '',
  );
}

async function renderPage(search: string, api = fakeReleasesApi()) {
  await renderWithApis(
    <>
      <MetricsPage />
      <LocationProbe />
    </>,
    { releasesApi: api, routeEntries: [`/metrics${search}`] },
  );
  return api;
}

function tile(label: string) {
  return screen.getByRole('group', { name: label });
}

const originalNow = Settings.now;
const originalZone = Settings.defaultZone;

beforeAll(() => {
  const now = DateTime.fromISO('2026-11-15T12:00:00Z').toMillis();
  Settings.now = () => now;
  Settings.defaultZone = 'Europe/Berlin';
});

afterAll(() => {
  Settings.now = originalNow;
  Settings.defaultZone = originalZone;
});

describe('MetricsPage', () => {
  it('shows the totals as tiles and a chart per KPI, with "—" where nothing could be divided', async () => {
    const api = fakeReleasesApi({
      getMetrics: jest.fn().mockResolvedValue(metricsResponse()),
    });
    await renderPage('?range=3m', api);

    expect(
      await screen.findByRole('group', { name: 'Release frequency' }),
    ).toHaveTextContent('6');
    expect(api.getMetrics).toHaveBeenCalledWith({
      // Days in the viewer's zone (Berlin): Aug 15 00:00 to the end of Nov 15.
      from: '2026-08-14T22:00:00.000Z',
      to: '2026-11-15T23:00:00.000Z',
      bucket: 'month',
    });
    expect(
      screen.getByRole('heading', { name: 'Release metrics' }),
    ).toBeInTheDocument();
    expect(tile('Release frequency')).toHaveTextContent('2 per month');
    expect(tile('Deployment frequency (production)')).toHaveTextContent('15');
    expect(
      within(tile('Change success rate')).getByText('—'),
    ).toBeInTheDocument();
    expect(tile('Change success rate')).toHaveTextContent(
      'No reviewed releases in this range',
    );
    expect(
      within(tile('Change failure rate')).getByText('20%'),
    ).toBeInTheDocument();
    expect(tile('Change failure rate')).toHaveTextContent(
      '3 of 15 production deployments caused an incident',
    );
    expect(
      within(tile('Incidents after release')).getByText('3'),
    ).toBeInTheDocument();
    expect(tile('Incidents after release')).toHaveTextContent('of 5 incidents');
    expect(within(tile('MTTR (mean)')).getByText('45 min')).toBeInTheDocument();
    expect(within(tile('MTTR (median)')).getByText('—')).toBeInTheDocument();
    expect(within(tile('Lead time')).getByText('36 h')).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('NaN');

    for (const heading of [
      'Releases and production deployments',
      'Change success and failure rate',
      'Incidents after release',
      'Time to recover (MTTR)',
      'Lead time',
    ]) {
      expect(
        screen.getByRole('heading', { name: heading }),
      ).toBeInTheDocument();
      expect(screen.getByRole('figure', { name: heading })).toBeInTheDocument();
    }
    expect(
      screen.getByText(
        /Change failure rate = production deployments with an attributed incident ÷ production deployments/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('No data in this range')).toBeNull();
    // The charts name their months and series.
    const releasesChart = screen.getByRole('figure', {
      name: 'Releases and production deployments',
    });
    expect(
      within(releasesChart).getAllByText('Sep 2026').length,
    ).toBeGreaterThan(0);
    expect(
      within(releasesChart).getByText('Production deployments'),
    ).toBeInTheDocument();
  });

  it('says "No data in this range" in every chart when the range is empty', async () => {
    const api = fakeReleasesApi({
      getMetrics: jest.fn().mockResolvedValue(
        metricsResponse({
          buckets: [],
          totals: metricsResponse().buckets[1],
        }),
      ),
    });
    await renderPage('', api);

    expect(await screen.findAllByText('No data in this range')).toHaveLength(5);
    expect(
      within(tile('Release frequency')).getByText('0'),
    ).toBeInTheDocument();
    expect(
      within(tile('Change failure rate')).getByText('—'),
    ).toBeInTheDocument();
    expect(tile('Change failure rate')).toHaveTextContent(
      'No production deployments in this range',
    );
    expect(screen.queryByRole('figure')).toBeNull();
    expect(document.body).not.toHaveTextContent('NaN');
  });

  it('keeps the range and bucket in the URL and asks for them', async () => {
    const api = fakeReleasesApi({
      getMetrics: jest.fn().mockResolvedValue(metricsResponse()),
    });
    await renderPage('', api);
    await screen.findByRole('group', { name: 'Release frequency' });
    // Last 6 months by default.
    expect(api.getMetrics).toHaveBeenLastCalledWith(
      expect.objectContaining({
        from: '2026-05-14T22:00:00.000Z',
        bucket: 'month',
      }),
    );

    await userEvent.selectOptions(
      screen.getByLabelText('Time range'),
      'Last 12 months',
    );
    await waitFor(() => expect(query().get('range')).toBe('12m'));
    await waitFor(() =>
      expect(api.getMetrics).toHaveBeenLastCalledWith({
        from: '2025-11-14T23:00:00.000Z',
        to: '2026-11-15T23:00:00.000Z',
        bucket: 'month',
      }),
    );

    await userEvent.selectOptions(screen.getByLabelText('Bucket'), 'Week');
    await waitFor(() => expect(query().get('bucket')).toBe('week'));
    await waitFor(() =>
      expect(api.getMetrics).toHaveBeenLastCalledWith(
        expect.objectContaining({
          bucket: 'week',
          from: '2025-11-14T23:00:00.000Z',
        }),
      ),
    );
  });

  it('takes a custom range and refuses one that ends before it starts', async () => {
    const api = fakeReleasesApi({
      getMetrics: jest.fn().mockResolvedValue(metricsResponse()),
    });
    await renderPage('?range=3m', api);
    await screen.findByRole('group', { name: 'Release frequency' });

    await userEvent.selectOptions(
      screen.getByLabelText('Time range'),
      'Custom range',
    );
    // The custom range starts from the days the preset showed.
    expect(screen.getByLabelText('From')).toHaveValue('2026-08-15');
    expect(screen.getByLabelText('To')).toHaveValue('2026-11-15');
    await waitFor(() =>
      expect(Object.fromEntries(query())).toEqual({
        range: 'custom',
        from: '2026-08-15',
        to: '2026-11-15',
      }),
    );

    // A date field changes as a whole, as the browser's date picker does.
    const from = screen.getByLabelText('From');
    fireEvent.change(from, { target: { value: '2026-10-01' } });
    await waitFor(() =>
      expect(api.getMetrics).toHaveBeenLastCalledWith({
        from: '2026-09-30T22:00:00.000Z',
        to: '2026-11-15T23:00:00.000Z',
        bucket: 'month',
      }),
    );
    expect(query().get('from')).toBe('2026-10-01');

    const calls = api.getMetrics.mock.calls.length;
    fireEvent.change(from, { target: { value: '2026-12-01' } });
    expect(
      await screen.findByText(
        'The From date must be on or before the To date.',
      ),
    ).toBeInTheDocument();
    expect(api.getMetrics).toHaveBeenCalledTimes(calls);
  });

  it('narrows to one owner or one system chosen from the catalog', async () => {
    const api = fakeReleasesApi({
      getMetrics: jest.fn().mockResolvedValue(metricsResponse()),
    });
    await renderPage('?system=system%3Adefault%2Fpayments&range=3m', api);
    await screen.findByRole('group', { name: 'Release frequency' });
    expect(api.getMetrics).toHaveBeenLastCalledWith(
      expect.objectContaining({ system: 'system:default/payments' }),
    );
    expect(screen.getByRole('textbox', { name: 'System' })).toHaveValue(
      'payments',
    );
    expect(
      screen.getByText(/^Releases of system payments,/),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('textbox', { name: 'Owner' }));
    await userEvent.click(
      await screen.findByRole('option', { name: /Payments Team/ }),
    );
    // The backend takes one scope: choosing an owner clears the system.
    await waitFor(() =>
      expect(Object.fromEntries(query())).toEqual({
        owner: 'group:default/payments-team',
        range: '3m',
      }),
    );
    await waitFor(() => {
      const last = api.getMetrics.mock.calls.at(-1)![0];
      expect(last.owner).toBe('group:default/payments-team');
      expect(last).not.toHaveProperty('system');
    });
    expect(screen.getByRole('textbox', { name: 'System' })).toHaveValue('');
  });

  it('counts one component when linked from its page, until told to show all', async () => {
    const api = fakeReleasesApi({
      getMetrics: jest.fn().mockResolvedValue(metricsResponse()),
    });
    await renderPage(
      '?entityRef=component%3Adefault%2Fpayments-api&range=3m',
      api,
    );
    await screen.findByRole('group', { name: 'Release frequency' });
    expect(api.getMetrics).toHaveBeenLastCalledWith(
      expect.objectContaining({ entityRef: 'component:default/payments-api' }),
    );
    expect(screen.getByText('Component: Payments API')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Show all components' }),
    );
    await waitFor(() => expect(query().get('entityRef')).toBeNull());
    await waitFor(() =>
      expect(api.getMetrics.mock.calls.at(-1)![0]).not.toHaveProperty(
        'entityRef',
      ),
    );
    expect(
      screen.queryByRole('button', { name: 'Show all components' }),
    ).toBeNull();
  });

  it('shows the server error when the metrics cannot be loaded', async () => {
    const api = fakeReleasesApi({
      getMetrics: jest.fn().mockRejectedValue(new Error('metrics are down')),
    });
    await renderPage('', api);
    expect(
      await screen.findByText('Error: metrics are down'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('group', { name: 'Release frequency' }),
    ).toBeNull();
  });
});
