import { screen, within } from '@testing-library/react';
import { Incident } from '@backstage-itsm/plugin-releases-common';
import {
  fakeReleasesApi,
  makeRelease,
  pageOf,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { IncidentsCard } from './IncidentsCard';

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: '1',
    entityRef: 'component:default/payments-api',
    environment: 'production',
    severity: 'high',
    title: 'Checkout latency above 2 s',
    openedAt: '2026-12-01T10:00:00Z',
    resolvedAt: '2026-12-01T11:30:00Z',
    url: 'https://status.example.com/incidents/42',
    source: 'pagerduty',
    externalId: 'PD-42',
    deploymentId: '7',
    releaseId: 'rel-1',
    createdAt: '2026-12-01T10:01:00Z',
    ...overrides,
  };
}

describe('IncidentsCard', () => {
  it('lists the incidents attributed to the release', async () => {
    const api = fakeReleasesApi({
      listIncidents: jest.fn().mockResolvedValue(
        pageOf([
          incident(),
          incident({
            id: '2',
            severity: 'critical',
            title: 'Ledger writes failing',
            entityRef: 'component:default/ledger-service',
            resolvedAt: null,
            url: null,
            externalId: 'PD-43',
          }),
        ]),
      ),
    });
    await renderWithApis(<IncidentsCard release={makeRelease()} />, {
      releasesApi: api,
    });

    const table = await screen.findByRole('table', {
      name: 'Incidents attributed to this release',
    });
    expect(api.listIncidents).toHaveBeenCalledWith({
      releaseId: 'rel-1',
      limit: 100,
    });
    expect(
      screen.getByRole('heading', { name: 'Incidents' }),
    ).toBeInTheDocument();
    const [, first, second] = within(table).getAllByRole('row');
    expect(within(first).getByText('High')).toBeInTheDocument();
    expect(
      within(first).getByRole('link', { name: /^Checkout latency above 2 s/ }),
    ).toHaveAttribute('href', 'https://status.example.com/incidents/42');
    expect(
      within(first).getByRole('link', { name: 'Payments API' }),
    ).toBeInTheDocument();
    expect(first).toHaveTextContent('production');
    expect(first).toHaveTextContent('1.5 h');
    expect(within(second).getByText('Critical')).toBeInTheDocument();
    expect(
      within(second).getByText('Ledger writes failing'),
    ).toBeInTheDocument();
    expect(
      within(second).queryByRole('link', { name: 'Ledger writes failing' }),
    ).toBeNull();
    expect(within(second).getByText('Open')).toBeInTheDocument();
    expect(
      within(second).getByRole('link', { name: 'Ledger Service' }),
    ).toBeInTheDocument();
  });

  it('says when there are none', async () => {
    await renderWithApis(<IncidentsCard release={makeRelease()} />, {
      releasesApi: fakeReleasesApi(),
    });
    expect(
      await screen.findByText(
        'No incidents have been attributed to this release.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says when there are more than it shows', async () => {
    const api = fakeReleasesApi({
      listIncidents: jest
        .fn()
        .mockResolvedValue({ ...pageOf([incident()]), totalCount: 130 }),
    });
    await renderWithApis(<IncidentsCard release={makeRelease()} />, {
      releasesApi: api,
    });
    expect(
      await screen.findByText('Showing the first 1 of 130 incidents.'),
    ).toBeInTheDocument();
  });

  it('says when they cannot be loaded', async () => {
    const api = fakeReleasesApi({
      listIncidents: jest.fn().mockRejectedValue(new Error('timeout')),
    });
    await renderWithApis(<IncidentsCard release={makeRelease()} />, {
      releasesApi: api,
    });
    expect(
      await screen.findByText('Could not load the incidents: timeout'),
    ).toBeInTheDocument();
  });
});
