import { screen } from '@testing-library/react';
import { DateTime, Settings } from 'luxon';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { fakeReleasesApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { EntityReleaseKpiCard } from './EntityReleaseKpiCard';
import { metricsResponse } from './testMetrics';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', owner: 'payments-team' },
};

const system: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { owner: 'payments-team' },
};

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments-team', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

async function renderCard(entity: Entity) {
  const api = fakeReleasesApi({
    getMetrics: jest.fn().mockResolvedValue(metricsResponse()),
  });
  await renderWithApis(
    <EntityProvider entity={entity}>
      <EntityReleaseKpiCard />
    </EntityProvider>,
    { releasesApi: api },
  );
  return api;
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

describe('EntityReleaseKpiCard', () => {
  it("shows a component's KPIs of the last 90 days, monthly, with a sparkline and a link to all metrics", async () => {
    const api = await renderCard(component);

    expect(
      await screen.findByRole('group', { name: 'Release frequency' }),
    ).toHaveTextContent('6');
    expect(api.getMetrics).toHaveBeenCalledWith({
      entityRef: 'component:default/payments-api',
      from: '2026-08-17T22:00:00.000Z',
      to: '2026-11-15T23:00:00.000Z',
      bucket: 'month',
    });
    expect(
      screen.getByRole('heading', { name: 'Release KPIs' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Last 90 days')).toBeInTheDocument();
    expect(
      screen.getByRole('group', { name: 'Change success rate' }),
    ).toHaveTextContent('—');
    expect(
      screen.getByRole('group', { name: 'Change failure rate' }),
    ).toHaveTextContent('20%');
    expect(
      screen.getByRole('group', { name: 'MTTR (mean)' }),
    ).toHaveTextContent('45 min');
    expect(screen.getByRole('group', { name: 'Lead time' })).toHaveTextContent(
      '36 h',
    );
    expect(
      screen.getByRole('img', {
        name: 'Releases per month: Sep 2026: 4, Oct 2026: 0, Nov 2026: 2',
      }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /All metrics/ })).toHaveAttribute(
      'href',
      '/releases/metrics?entityRef=component%3Adefault%2Fpayments-api&range=3m&bucket=month',
    );
  });

  it("counts a system's releases by system", async () => {
    const systemApi = await renderCard(system);
    await screen.findByRole('group', { name: 'Release frequency' });
    expect(systemApi.getMetrics).toHaveBeenCalledWith(
      expect.objectContaining({ system: 'system:default/payments' }),
    );
    expect(screen.getByRole('link', { name: /All metrics/ })).toHaveAttribute(
      'href',
      '/releases/metrics?system=system%3Adefault%2Fpayments&range=3m&bucket=month',
    );
  });

  it("counts a group's releases by owner", async () => {
    const groupApi = await renderCard(group);
    await screen.findByRole('group', { name: 'Release frequency' });
    expect(groupApi.getMetrics).toHaveBeenCalledWith(
      expect.objectContaining({ owner: 'group:default/payments-team' }),
    );
    expect(groupApi.getMetrics.mock.calls[0][0]).not.toHaveProperty(
      'entityRef',
    );
  });

  it('says when the KPIs cannot be loaded', async () => {
    const api = fakeReleasesApi({
      getMetrics: jest.fn().mockRejectedValue(new Error('backend down')),
    });
    await renderWithApis(
      <EntityProvider entity={component}>
        <EntityReleaseKpiCard />
      </EntityProvider>,
      { releasesApi: api },
    );
    expect(
      await screen.findByText('Could not load the release KPIs: backend down'),
    ).toBeInTheDocument();
  });
});
