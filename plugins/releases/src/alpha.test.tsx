import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { NavContentBlueprint } from '@backstage/plugin-app-react';
import releasesPlugin, {
  entityReleaseKpiCard,
  entityReleasesContent,
  entityVersionsContent,
} from './alpha';
import { releasesApiRef } from './api';
import {
  fakeCatalogApi,
  fakeEntityPresentationApi,
  fakeReleasesApi,
  makeRelease,
  pageOf,
} from './__testUtils__/fixtures';
import { makeInboxItem } from './components/Approvals/__testUtils__/fixtures';

function entity(kind: string, annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x', namespace: 'default', annotations },
  };
}

/** The nav the portal would have: one link per discovered nav item. */
const testNav = createFrontendModule({
  pluginId: 'app',
  extensions: [
    NavContentBlueprint.make({
      params: {
        component: ({ navItems }) => (
          <nav aria-label="Sidebar">
            {navItems.rest().map(item => (
              <a key={item.node.spec.id} href={item.href}>
                {item.icon}
                {item.title}
              </a>
            ))}
          </nav>
        ),
      },
    }),
  ],
});

describe('releases plugin on the new frontend system', () => {
  it('serves /releases and lists Releases and Approvals (with the waiting count) in the nav', async () => {
    const api = fakeReleasesApi({
      listReleases: jest
        .fn()
        .mockResolvedValue(pageOf([makeRelease({ title: 'Ledger 5.0' })])),
      getInbox: jest.fn().mockResolvedValue({
        items: [makeInboxItem(), makeInboxItem()],
        totalCount: 2,
      }),
    });
    renderTestApp({
      features: [releasesPlugin, testNav],
      initialRouteEntries: ['/releases'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        [releasesApiRef, api],
        [catalogApiRef, fakeCatalogApi()],
        [entityPresentationApiRef, fakeEntityPresentationApi()],
      ],
    });

    // The page's code loads on first visit.
    expect(
      await screen.findByRole(
        'heading',
        { name: 'All releases' },
        { timeout: 20_000 },
      ),
    ).toBeInTheDocument();
    expect(await screen.findByText('Ledger 5.0')).toBeInTheDocument();

    const nav = screen.getByRole('navigation', { name: 'Sidebar' });
    expect(within(nav).getByRole('link', { name: 'Releases' })).toHaveAttribute(
      'href',
      '/releases',
    );
    const approvals = within(nav).getByRole('link', { name: /Approvals/ });
    expect(approvals).toHaveAttribute('href', '/releases/approvals');
    expect(
      await within(approvals).findByRole('img', {
        name: 'Approvals, 2 waiting for your decision',
      }),
    ).toBeInTheDocument();
  });

  it('serves each page of the plugin on its own route', async () => {
    renderTestApp({
      features: [releasesPlugin, testNav],
      initialRouteEntries: ['/releases/approvals'],
      apis: [
        [releasesApiRef, fakeReleasesApi()],
        [catalogApiRef, fakeCatalogApi()],
        [entityPresentationApiRef, fakeEntityPresentationApi()],
      ],
    });

    expect(
      await screen.findByText(
        'Nothing waits for your approval.',
        {},
        { timeout: 20_000 },
      ),
    ).toBeInTheDocument();
    // The links between the pages come from the plugin's route refs.
    const pages = screen.getByRole('navigation', { name: 'Releases pages' });
    expect(
      within(pages)
        .getAllByRole('link')
        .map(link => link.getAttribute('href')),
    ).toEqual([
      '/releases',
      '/releases/calendar',
      '/releases/approvals',
      '/releases/cab',
      '/releases/audit',
      '/releases/metrics',
      '/releases/my-work',
      '/releases/policies',
    ]);
  });

  it('adds the Releases and Versions tabs where they apply today', () => {
    const releases = createExtensionTester(entityReleasesContent);
    expect(releases.get(coreExtensionData.routePath)).toBe('/releases');
    expect(releases.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Releases',
    );
    const showsReleases = releases.get(
      EntityContentBlueprint.dataRefs.filterFunction,
    )!;
    expect(showsReleases(entity('Component'))).toBe(true);
    expect(showsReleases(entity('System'))).toBe(true);
    expect(showsReleases(entity('Group'))).toBe(true);
    expect(showsReleases(entity('API'))).toBe(false);
    expect(
      showsReleases(
        entity('Component', {
          'releases.backstage-itsm.io/enabled': 'disabled',
        }),
      ),
    ).toBe(false);

    const versions = createExtensionTester(entityVersionsContent);
    expect(versions.get(coreExtensionData.routePath)).toBe('/versions');
    const showsVersions = versions.get(
      EntityContentBlueprint.dataRefs.filterFunction,
    )!;
    expect(showsVersions(entity('Component'))).toBe(true);
    expect(showsVersions(entity('System'))).toBe(true);
    expect(showsVersions(entity('Group'))).toBe(false);
  });

  it('puts the KPI card on the overview of components, systems and groups', () => {
    const card = createExtensionTester(entityReleaseKpiCard);
    const showsCard = card.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(showsCard(entity('Component'))).toBe(true);
    expect(showsCard(entity('Group'))).toBe(true);
    expect(showsCard(entity('User'))).toBe(false);
  });
});
