import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  Deployment,
  VersionsMatrix,
} from '@backstage-itsm/plugin-releases-common';
import { fakeReleasesApi, pageOf } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { isVersionsAvailable } from './conditions';
import { EntityVersionsContent } from './EntityVersionsContent';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    title: 'Payments API',
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments-team' },
};

const system: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { owner: 'payments-team' },
};

const hoursAgo = (hours: number) =>
  DateTime.now().minus({ hours }).toUTC().toISO()!;

function matrixOf(): VersionsMatrix {
  return {
    environments: [
      { name: 'production', order: 2, gated: true },
      { name: 'development', order: 0, gated: false },
      { name: 'staging', order: 1, gated: false },
    ],
    rows: [
      {
        entityRef: 'component:default/payments-api',
        drifted: true,
        environments: {
          development: {
            environment: 'development',
            version: '2.5.0',
            deployedAt: hoursAgo(3),
            actor: 'ci-pipeline',
            releaseId: 'rel-25',
            deploymentId: '1',
            authorized: true,
            drift: [],
          },
          production: {
            environment: 'production',
            version: '2.6.0',
            deployedAt: hoursAgo(1),
            actor: 'user:default/dave',
            releaseId: null,
            deploymentId: '2',
            authorized: false,
            drift: [
              {
                kind: 'unauthorized',
                message: '2.6.0 reached production without a release in deploy',
              },
              {
                kind: 'ahead_of_previous_environment',
                message:
                  'production runs 2.6.0 but staging has no version of component:default/payments-api',
              },
            ],
          },
        },
      },
    ],
    totalCount: 1,
    limit: 20,
    offset: 0,
  };
}

function deployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    id: 'd1',
    entityRef: 'component:default/payments-api',
    environment: 'production',
    version: '2.6.0',
    status: 'succeeded',
    deployedAt: '2026-11-28T16:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    reportedAt: null,
    committedAt: null,
    actor: 'user:default/dave',
    source: 'github-actions',
    externalId: 'run-4711',
    releaseId: null,
    commit: 'abc1234',
    url: 'https://ci.example.com/runs/4711',
    authorized: false,
    authorizationReason:
      'no release containing component:default/payments-api was in deploy for production',
    createdAt: '2026-11-28T16:00:01.000Z',
    ...overrides,
  };
}

function renderTab(entity: Entity, api = fakeReleasesApi()) {
  return renderWithApis(
    <EntityProvider entity={entity}>
      <EntityVersionsContent />
    </EntityProvider>,
    { releasesApi: api },
  );
}

describe('isVersionsAvailable', () => {
  it('offers the tab on components and systems only', () => {
    expect(isVersionsAvailable(component)).toBe(true);
    expect(isVersionsAvailable(system)).toBe(true);
    expect(isVersionsAvailable({ ...system, kind: 'Group', spec: {} })).toBe(
      false,
    );
  });
});

describe('EntityVersionsContent', () => {
  const createObjectURL = jest.fn(() => 'blob:export');
  const revokeObjectURL = jest.fn();

  beforeEach(() => {
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    createObjectURL.mockClear();
    revokeObjectURL.mockClear();
  });

  it('shows the versions per environment in pipeline order with drift and unauthorized badges', async () => {
    const api = fakeReleasesApi({
      getVersions: jest.fn().mockResolvedValue(matrixOf()),
    });
    await renderTab(component, api);

    const matrix = await screen.findByRole('table', {
      name: 'Versions per environment',
    });
    expect(api.getVersions).toHaveBeenCalledWith({
      entityRef: 'component:default/payments-api',
      limit: 20,
      offset: 0,
    });
    const headers = within(matrix)
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    expect(headers).toEqual([
      'Component',
      'development',
      'staging',
      'productionGated',
    ]);

    const row = within(matrix).getAllByRole('row')[1];
    const cells = within(row).getAllByRole('cell');
    expect(within(cells[0]).getByText('2.5.0')).toBeInTheDocument();
    expect(within(cells[0]).getByText('3 hours ago')).toBeInTheDocument();
    expect(within(cells[0]).getByText(/ci-pipeline/)).toBeInTheDocument();
    expect(
      within(cells[0]).getByRole('link', { name: 'View release' }),
    ).toHaveAttribute('href', '/releases/rel-25');
    expect(within(cells[0]).queryByText('Drift')).not.toBeInTheDocument();
    expect(within(cells[1]).getByText('Not deployed')).toBeInTheDocument();
    expect(within(cells[2]).getByText('2.6.0')).toBeInTheDocument();
    expect(within(cells[2]).getByText('Unauthorized')).toBeInTheDocument();

    await userEvent.hover(within(cells[2]).getByText('Drift'));
    expect(
      await screen.findByText(
        'production runs 2.6.0 but staging has no version of component:default/payments-api',
      ),
    ).toBeInTheDocument();
  });

  it('pages through the components of the matrix on the server', async () => {
    const api = fakeReleasesApi({
      getVersions: jest
        .fn()
        .mockResolvedValue({ ...matrixOf(), totalCount: 45 }),
    });
    await renderTab(system, api);

    expect(await screen.findByText('1-20 of 45')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));

    await waitFor(() =>
      expect(api.getVersions).toHaveBeenLastCalledWith({
        system: 'system:default/payments',
        limit: 20,
        offset: 20,
      }),
    );
    expect(await screen.findByText('21-40 of 45')).toBeInTheDocument();
  });

  it('scopes a system page to its components', async () => {
    const api = fakeReleasesApi();
    await renderTab(system, api);

    expect(
      await screen.findByText(
        'No deployments have been recorded for the components of payments yet.',
      ),
    ).toBeInTheDocument();
    expect(api.getVersions).toHaveBeenCalledWith({
      system: 'system:default/payments',
      limit: 20,
      offset: 0,
    });
    await waitFor(() =>
      expect(api.listDeployments).toHaveBeenCalledWith({
        system: 'system:default/payments',
        limit: 20,
        offset: 0,
      }),
    );
  });

  it('says why the versions could not be loaded', async () => {
    const api = fakeReleasesApi({
      getVersions: jest
        .fn()
        .mockRejectedValue(new Error('entityRef: must be a component')),
    });
    await renderTab(component, api);

    expect(
      await screen.findByText('Error: entityRef: must be a component'),
    ).toBeInTheDocument();
  });

  it('lists the deployment history and asks again as filters change', async () => {
    const api = fakeReleasesApi({
      listDeployments: jest.fn().mockResolvedValue({
        ...pageOf([
          deployment(),
          deployment({
            id: 'd2',
            environment: 'staging',
            version: '2.5.0',
            status: 'rolled_back',
            actor: 'ci-pipeline',
            url: null,
            externalId: 'run-4700',
            releaseId: 'rel-25',
            authorized: true,
            authorizationReason: 'staging is not a gated environment',
          }),
        ]),
        totalCount: 2,
      }),
    });
    await renderTab(component, api);

    const linked = (await screen.findByText('run-4711')).closest('a')!;
    expect(linked).toHaveAttribute('href', 'https://ci.example.com/runs/4711');
    const stagingRow = screen.getByText('run-4700').closest('tr')!;
    expect(within(stagingRow).getByText('Rolled back')).toBeInTheDocument();
    expect(within(stagingRow).getByText('2.5.0')).toBeInTheDocument();
    expect(
      within(stagingRow).getByRole('link', { name: 'View release' }),
    ).toHaveAttribute('href', '/releases/rel-25');
    const productionRow = linked.closest('tr')!;
    expect(within(productionRow).getByText('Unauthorized')).toBeInTheDocument();
    expect(within(productionRow).getByText('dave')).toBeInTheDocument();
    expect(within(productionRow).getByText('No release')).toBeInTheDocument();
    expect(api.listDeployments).toHaveBeenCalledWith({
      entityRef: 'component:default/payments-api',
      limit: 20,
      offset: 0,
    });
    await userEvent.hover(screen.getByText('Authorized'));
    expect(
      await screen.findByText('staging is not a gated environment'),
    ).toBeInTheDocument();

    await waitFor(() =>
      expect(
        within(screen.getByLabelText('Environment')).getByRole('option', {
          name: 'production',
        }),
      ).toBeInTheDocument(),
    );
    fireEvent.change(screen.getByLabelText('Environment'), {
      target: { value: 'production' },
    });
    fireEvent.change(screen.getByLabelText('Status'), {
      target: { value: 'failed' },
    });
    fireEvent.change(screen.getByLabelText('Authorization'), {
      target: { value: 'false' },
    });
    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: '2026-11-01' },
    });
    fireEvent.change(screen.getByLabelText('To'), {
      target: { value: '2026-11-30' },
    });

    await waitFor(() =>
      expect(api.listDeployments).toHaveBeenLastCalledWith({
        entityRef: 'component:default/payments-api',
        environment: 'production',
        status: 'failed',
        authorized: false,
        from: DateTime.fromISO('2026-11-01T00:00:00').toUTC().toISO(),
        to: DateTime.fromISO('2026-11-30T23:59:59.999').toUTC().toISO(),
        limit: 20,
        offset: 0,
      }),
    );

    fireEvent.change(screen.getByLabelText('Authorization'), {
      target: { value: 'true' },
    });
    await waitFor(() =>
      expect(api.listDeployments).toHaveBeenLastCalledWith(
        expect.objectContaining({ authorized: true }),
      ),
    );
  });

  it('exports the matrix and the filtered history as downloads', async () => {
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    const api = fakeReleasesApi({
      getVersions: jest.fn().mockResolvedValue(matrixOf()),
      exportList: jest.fn().mockResolvedValue({
        blob: new Blob(['entityRef,environment\n']),
        filename: 'versions-2026-11-29.csv',
      }),
    });
    await renderTab(component, api);
    await screen.findByRole('table', { name: 'Versions per environment' });

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Export CSV of the versions per environment',
      }),
    );
    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    expect(api.exportList).toHaveBeenCalledWith(
      {
        list: 'versions',
        options: { entityRef: 'component:default/payments-api' },
      },
      'csv',
    );
    expect(createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
    const link = click.mock.instances[0] as unknown as HTMLAnchorElement;
    expect(link.download).toBe('versions-2026-11-29.csv');
    expect(link.href).toBe('blob:export');

    fireEvent.change(screen.getByLabelText('Status'), {
      target: { value: 'succeeded' },
    });
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Export JSON of the deployment history',
      }),
    );
    await waitFor(() => expect(click).toHaveBeenCalledTimes(2));
    expect(api.exportList).toHaveBeenLastCalledWith(
      {
        list: 'deployments',
        options: {
          entityRef: 'component:default/payments-api',
          status: 'succeeded',
        },
      },
      'json',
    );
    click.mockRestore();
  });

  it('says why an export failed', async () => {
    const api = fakeReleasesApi({
      exportList: jest.fn().mockRejectedValue(new Error('Service unavailable')),
    });
    await renderTab(component, api);

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Export CSV of the deployment history',
      }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not export the deployment history: Service unavailable',
    );
    expect(createObjectURL).not.toHaveBeenCalled();
  });
});
