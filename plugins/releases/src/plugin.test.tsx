import { screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { Sidebar, SidebarPage } from '@backstage/core-components';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  ApprovalsSidebarItem,
  EntityReleaseKpiCard,
  EntityReleasesContent,
  EntityVersionsContent,
  releasesApiRef,
  ReleasesPage,
  releasesPlugin,
  releasesRootRouteRef,
} from './index';
import {
  catalogEntities,
  fakeCatalogApi,
  fakeEntityPresentationApi,
  fakeReleasesApi,
  makeRelease,
  pageOf,
} from './__testUtils__/fixtures';
import { makeInboxItem } from './components/Approvals/__testUtils__/fixtures';
import { metricsResponse } from './components/Metrics/testMetrics';

/**
 * The legacy exports, rendered as a legacy app mounts them (the current
 * README snippets): they keep working next to the new frontend system entry.
 */
function LegacyApp(props: { api: ReturnType<typeof fakeReleasesApi> }) {
  const payments = catalogEntities.find(
    e => e.metadata.name === 'payments-api',
  )!;
  return (
    <TestApiProvider
      apis={[
        [releasesApiRef, props.api],
        [catalogApiRef, fakeCatalogApi()],
        [entityPresentationApiRef, fakeEntityPresentationApi()],
      ]}
    >
      <SidebarPage>
        <Sidebar>
          <ApprovalsSidebarItem />
        </Sidebar>
        <Routes>
          <Route path="/releases/*" element={<ReleasesPage />} />
          <Route
            path="/entity/releases"
            element={
              <EntityProvider entity={payments}>
                <EntityReleasesContent />
              </EntityProvider>
            }
          />
          <Route
            path="/entity/versions"
            element={
              <EntityProvider entity={payments}>
                <EntityVersionsContent />
              </EntityProvider>
            }
          />
          <Route
            path="/entity/overview"
            element={
              <EntityProvider entity={payments}>
                <EntityReleaseKpiCard />
              </EntityProvider>
            }
          />
        </Routes>
      </SidebarPage>
    </TestApiProvider>
  );
}

function renderLegacy(path: string, api = fakeReleasesApi()) {
  return renderInTestApp(<LegacyApp api={api} />, {
    routeEntries: [path],
    mountedRoutes: {
      '/releases': releasesRootRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
    },
  });
}

describe('legacy frontend system exports', () => {
  it('is a plugin with the releases routes', () => {
    expect(releasesPlugin.getId()).toBe('releases');
    expect(Object.keys(releasesPlugin.routes).sort()).toEqual([
      'approvals',
      'audit',
      'cab',
      'cabMeeting',
      'calendar',
      'metrics',
      'myWork',
      'policies',
      'release',
      'root',
    ]);
  });

  it('mounts the releases page and the approvals sidebar item with its count', async () => {
    const api = fakeReleasesApi({
      listReleases: jest
        .fn()
        .mockResolvedValue(pageOf([makeRelease({ title: 'Ledger 5.0' })])),
      getInbox: jest
        .fn()
        .mockResolvedValue({ items: [makeInboxItem()], totalCount: 1 }),
    });
    await renderLegacy('/releases', api);

    expect(
      await screen.findByRole('heading', { name: 'All releases' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('Ledger 5.0')).toBeInTheDocument();
    const sidebarItem = await screen.findByRole('link', {
      name: 'Approvals, 1 waiting for your decision',
    });
    expect(sidebarItem).toHaveAttribute('href', '/releases/approvals');
  });

  it('serves the sub-pages under the mounted page', async () => {
    await renderLegacy('/releases/policies');

    expect(
      await screen.findByRole('heading', { name: 'Approval policies' }),
    ).toBeInTheDocument();
    const pages = screen.getByRole('navigation', { name: 'Releases pages' });
    expect(
      within(pages).getByRole('link', { name: 'Policies' }),
    ).toHaveAttribute('aria-current', 'page');
  });

  it('renders the Releases tab', async () => {
    await renderLegacy('/entity/releases');
    expect(await screen.findByText('No releases yet')).toBeInTheDocument();
  });

  it('renders the Versions tab', async () => {
    await renderLegacy('/entity/versions');
    expect(
      await screen.findByText(
        'No deployments of Payments API have been recorded yet.',
      ),
    ).toBeInTheDocument();
  });

  it('renders the KPI card', async () => {
    const api = fakeReleasesApi({
      getMetrics: jest.fn().mockResolvedValue(metricsResponse()),
    });
    await renderLegacy('/entity/overview', api);
    expect(
      await screen.findByRole('heading', { name: 'Release KPIs' }),
    ).toBeInTheDocument();
    expect(api.getMetrics).toHaveBeenCalledWith(
      expect.objectContaining({ entityRef: 'component:default/payments-api' }),
    );
  });
});
