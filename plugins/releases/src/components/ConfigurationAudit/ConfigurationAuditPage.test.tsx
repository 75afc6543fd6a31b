import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { Entity } from '@backstage/catalog-model';
import {
  Baseline,
  BaselineDiff,
  Deployment,
} from '@backstage-itsm/plugin-releases-common';
import {
  catalogEntities,
  fakeCatalogApi,
  fakeReleasesApi,
  pageOf,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { ReleasesPage } from '../ReleasesPage';

const entities: Entity[] = [
  ...catalogEntities,
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'payments', namespace: 'default', title: 'Payments' },
    spec: { owner: 'payments-team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'storefront', namespace: 'default' },
    spec: { owner: 'web-team' },
  },
];

const beforeFreeze: Baseline = {
  id: 'b1',
  name: 'Before year-end freeze',
  scope: { system: 'system:default/payments' },
  createdBy: 'user:default/guest',
  createdAt: '2026-12-19T17:00:00Z',
  itemCount: 12,
};

const lastMonth: Baseline = {
  id: 'b2',
  name: 'November',
  scope: { owner: 'group:default/payments-team' },
  createdBy: 'user:default/alice',
  createdAt: '2026-11-01T09:00:00Z',
  itemCount: 30,
};

const diff: BaselineDiff = {
  baseline: beforeFreeze,
  against: 'current',
  entries: [
    {
      entityRef: 'component:default/fraud-detector',
      environment: 'staging',
      change: 'added',
      before: null,
      after: '1.8.0',
    },
    {
      entityRef: 'component:default/ledger-service',
      environment: 'development',
      change: 'removed',
      before: '2.9.0',
      after: null,
    },
    {
      entityRef: 'component:default/payments-api',
      environment: 'production',
      change: 'changed',
      before: '2.3.0',
      after: '2.5.0',
    },
  ],
  summary: { added: 1, removed: 1, changed: 1, unchanged: 9 },
};

const unauthorized: Deployment = {
  id: '247',
  entityRef: 'component:default/notification-service',
  environment: 'production',
  version: '1.9.1',
  status: 'succeeded',
  deployedAt: '2026-11-28T16:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  reportedAt: null,
  committedAt: null,
  actor: 'user:default/dave',
  source: 'github-actions',
  externalId: 'demo-recent-6',
  releaseId: null,
  commit: null,
  url: null,
  authorized: false,
  authorizationReason:
    'no release containing component:default/notification-service was in deploy for production',
  createdAt: '2026-11-28T16:00:01.000Z',
};

function renderAudit(path: string, api = fakeReleasesApi()) {
  return renderWithApis(
    <Routes>
      <Route path="/releases/*" element={<ReleasesPage />} />
    </Routes>,
    {
      releasesApi: api,
      catalogApi: fakeCatalogApi(entities),
      routeEntries: [path],
    },
  );
}

describe('ConfigurationAuditPage', () => {
  beforeEach(() => {
    Object.assign(URL, {
      createObjectURL: jest.fn(() => 'blob:diff'),
      revokeObjectURL: jest.fn(),
    });
  });

  it('audits the scope in the URL: versions and unauthorized changes', async () => {
    const api = fakeReleasesApi({
      listDeployments: jest.fn().mockResolvedValue(pageOf([unauthorized])),
    });
    await renderAudit('/releases/audit?system=system:default/payments', api);

    expect(
      screen.getByRole('heading', { name: 'Configuration audit' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        'No deployments have been recorded yet for Payments',
      ),
    ).toBeInTheDocument();
    expect(api.getVersions).toHaveBeenCalledWith({
      system: 'system:default/payments',
      limit: 20,
      offset: 0,
    });
    expect(await screen.findByText('demo-recent-6')).toBeInTheDocument();
    // A failed deployment changed nothing, so only successful ones count.
    expect(api.listDeployments).toHaveBeenCalledWith({
      system: 'system:default/payments',
      authorized: false,
      status: 'succeeded',
      limit: 20,
      offset: 0,
    });
    expect(
      screen.getByRole('heading', { name: 'Unauthorized changes' }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByLabelText('System')).toHaveValue('Payments'),
    );

    // The backend takes one scope: choosing an owner drops the system.
    await userEvent.click(screen.getByLabelText('Owner'));
    await userEvent.click(
      await screen.findByRole('option', { name: /Payments Team/ }),
    );
    await waitFor(() =>
      expect(api.getVersions).toHaveBeenLastCalledWith({
        owner: 'group:default/payments-team',
        limit: 20,
        offset: 0,
      }),
    );
    expect(screen.getByLabelText('System')).toHaveValue('');
    await waitFor(() =>
      expect(api.listDeployments).toHaveBeenLastCalledWith({
        owner: 'group:default/payments-team',
        authorized: false,
        status: 'succeeded',
        limit: 20,
        offset: 0,
      }),
    );
  });

  it('exports the unauthorized changes for the scope', async () => {
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    const api = fakeReleasesApi({
      exportList: jest.fn().mockResolvedValue({
        blob: new Blob(['[]']),
        filename: 'unauthorized-changes-2026-11-29.json',
      }),
    });
    await renderAudit('/releases/audit?owner=group:default/payments-team', api);

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Export JSON of the unauthorized changes',
      }),
    );

    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(api.exportList).toHaveBeenCalledWith(
      {
        list: 'deployments',
        options: {
          owner: 'group:default/payments-team',
          authorized: false,
          status: 'succeeded',
        },
      },
      'json',
    );
    click.mockRestore();
  });

  it('creates a baseline for a system', async () => {
    const created: Baseline = { ...beforeFreeze, id: 'b3' };
    const api = fakeReleasesApi({
      createBaseline: jest.fn().mockResolvedValue(created),
      listBaselines: jest
        .fn()
        .mockResolvedValueOnce(pageOf([]))
        .mockResolvedValue(pageOf([created])),
    });
    await renderAudit('/releases/audit', api);

    expect(
      await screen.findByText(
        'No baselines yet. Create one to record what runs where now, and compare with it later.',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Create baseline' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Create baseline',
    });

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create baseline' }),
    );
    expect(
      within(dialog).getByText('Give the baseline a name'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('Choose the system')).toBeInTheDocument();
    expect(api.createBaseline).not.toHaveBeenCalled();

    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Name/ }),
      'Before year-end freeze',
    );
    expect(within(dialog).getByRole('radio', { name: 'System' })).toBeChecked();
    await userEvent.click(
      within(dialog).getByRole('textbox', { name: 'System' }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: /^Payments$/ }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create baseline' }),
    );

    expect(api.createBaseline).toHaveBeenCalledWith('Before year-end freeze', {
      system: 'system:default/payments',
    });
    expect(
      await screen.findByText(
        'Baseline “Before year-end freeze” saved with 12 versions of System Payments.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const baselines = await screen.findByRole('table', { name: 'Baselines' });
    expect(
      within(baselines).getByText('Before year-end freeze'),
    ).toBeInTheDocument();
  });

  it('creates a baseline for one component', async () => {
    const api = fakeReleasesApi({
      createBaseline: jest.fn().mockResolvedValue({
        ...beforeFreeze,
        name: 'Payments API now',
        scope: { entityRef: 'component:default/payments-api' },
        itemCount: 3,
      }),
    });
    await renderAudit('/releases/audit', api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Create baseline' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Name/ }),
      'Payments API now',
    );
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Component' }),
    );
    await userEvent.click(
      within(dialog).getByRole('textbox', { name: 'Component' }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: /^Payments API/ }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create baseline' }),
    );

    expect(api.createBaseline).toHaveBeenCalledWith('Payments API now', {
      entityRef: 'component:default/payments-api',
    });
  });

  it('shows why a baseline could not be created', async () => {
    const api = fakeReleasesApi({
      createBaseline: jest
        .fn()
        .mockRejectedValue(
          new Error(
            'scope.system: system:default/gone does not exist in the catalog',
          ),
        ),
    });
    await renderAudit('/releases/audit?system=system:default/gone', api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Create baseline' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Name/ }),
      'Gone',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create baseline' }),
    );

    expect(api.createBaseline).toHaveBeenCalledWith('Gone', {
      system: 'system:default/gone',
    });
    expect(
      await within(dialog).findByText(
        'Could not create the baseline: scope.system: system:default/gone does not exist in the catalog',
      ),
    ).toBeInTheDocument();
  });

  function compareApi() {
    return fakeReleasesApi({
      listBaselines: jest
        .fn()
        .mockResolvedValue(pageOf([beforeFreeze, lastMonth])),
      diffBaseline: jest.fn(async (_id: string, against?: string) => ({
        ...diff,
        against: against ?? 'current',
      })),
      exportList: jest.fn().mockResolvedValue({
        blob: new Blob(['entityRef\n']),
        filename: 'baseline-diff-2026-11-29.csv',
      }),
    });
  }

  async function baselineRow(name: string) {
    const baselines = await screen.findByRole('table', { name: 'Baselines' });
    return within(baselines).getByRole('rowheader', { name }).closest('tr')!;
  }

  it('compares a baseline with now and exports the comparison', async () => {
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    const api = compareApi();
    await renderAudit('/releases/audit', api);

    const row = await baselineRow('Before year-end freeze');
    expect(within(row).getByText('12')).toBeInTheDocument();
    expect(within(row).getByText(/System/)).toBeInTheDocument();
    expect(
      within(row).getByRole('link', { name: 'Payments' }),
    ).toBeInTheDocument();
    await userEvent.click(
      within(row).getByRole('button', { name: 'Compare with now' }),
    );

    expect(
      await screen.findByRole('heading', {
        name: '“Before year-end freeze” compared with now',
      }),
    ).toBeInTheDocument();
    expect(api.diffBaseline).toHaveBeenCalledWith('b1', 'current');
    expect(
      await screen.findByText('1 added, 1 removed, 1 changed, 9 unchanged'),
    ).toBeInTheDocument();
    const differences = screen.getByRole('table', { name: 'Differences' });
    const rows = within(differences).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      'fraud-detectorstagingAdded— → 1.8.0',
      'Ledger ServicedevelopmentRemoved2.9.0 → —',
      'Payments APIproductionChanged2.3.0 → 2.5.0',
    ]);

    await userEvent.click(
      screen.getByRole('button', { name: 'Export CSV of the comparison' }),
    );
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(api.exportList).toHaveBeenCalledWith(
      { list: 'baseline-diff', baselineId: 'b1', against: 'current' },
      'csv',
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Close comparison' }),
    );
    expect(
      screen.queryByRole('table', { name: 'Differences' }),
    ).not.toBeInTheDocument();
    click.mockRestore();
  });

  it('compares two baselines, warning when they cover different components', async () => {
    const api = compareApi();
    await renderAudit('/releases/audit', api);

    const row = await baselineRow('Before year-end freeze');
    await userEvent.click(
      within(row).getByRole('button', { name: 'Compare with baseline' }),
    );
    await userEvent.click(
      await screen.findByRole('menuitem', { name: /^November/ }),
    );

    expect(
      await screen.findByRole('heading', {
        name: '“Before year-end freeze” compared with “November”',
      }),
    ).toBeInTheDocument();
    expect(api.diffBaseline).toHaveBeenCalledWith('b1', 'b2');
    expect(
      await screen.findByText('1 added, 1 removed, 1 changed, 9 unchanged'),
    ).toBeInTheDocument();
    const warning = screen.getByRole('alert');
    expect(warning).toHaveTextContent(
      'These baselines cover different components: “Before year-end freeze”: System Payments; “November”: Owner Payments Team.',
    );
  });

  it('says nothing about scopes when both baselines cover the same components', async () => {
    const api = fakeReleasesApi({
      listBaselines: jest
        .fn()
        .mockResolvedValue(
          pageOf([beforeFreeze, { ...lastMonth, scope: beforeFreeze.scope }]),
        ),
      diffBaseline: jest.fn().mockResolvedValue({ ...diff, against: 'b2' }),
    });
    await renderAudit('/releases/audit', api);

    const row = await baselineRow('Before year-end freeze');
    await userEvent.click(
      within(row).getByRole('button', { name: 'Compare with baseline' }),
    );
    await userEvent.click(
      await screen.findByRole('menuitem', { name: /^November/ }),
    );
    expect(
      await screen.findByText('1 added, 1 removed, 1 changed, 9 unchanged'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
