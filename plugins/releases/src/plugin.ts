import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { releasesApiRef, ReleasesClient } from './api';
import { releaseRouteRef, rootRouteRef } from './routes';
import { ApprovalsSidebarItem as ApprovalsSidebarItemComponent } from './components/Approvals/ApprovalsSidebarItem';

export const releasesPlugin = createPlugin({
  id: 'releases',
  apis: [
    createApiFactory({
      api: releasesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ReleasesClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    release: releaseRouteRef,
  },
});

/** All releases, filterable, and one page per release; mount it at `/releases`. */
export const ReleasesPage = releasesPlugin.provide(
  createRoutableExtension({
    name: 'ReleasesPage',
    component: () =>
      import('./components/ReleasesPage').then(m => m.ReleasesPage),
    mountPoint: rootRouteRef,
  }),
);

/** The Releases tab of a Component, System or Group page. */
export const EntityReleasesContent = releasesPlugin.provide(
  createComponentExtension({
    name: 'EntityReleasesContent',
    component: {
      lazy: () =>
        import('./components/EntityReleasesContent').then(
          m => m.EntityReleasesContent,
        ),
    },
  }),
);

/** `Approvals` for the sidebar, with the count of releases waiting for the user. */
export const ApprovalsSidebarItem = releasesPlugin.provide(
  createComponentExtension({
    name: 'ApprovalsSidebarItem',
    component: {
      sync: ApprovalsSidebarItemComponent,
    },
  }),
);

/** The Versions tab of a Component or System page: what runs where, and how it got there. */
export const EntityVersionsContent = releasesPlugin.provide(
  createComponentExtension({
    name: 'EntityVersionsContent',
    component: {
      lazy: () =>
        import('./components/Versions').then(m => m.EntityVersionsContent),
    },
  }),
);

/** Release KPIs of the last 90 days for a Component, System or Group overview tab. */
export const EntityReleaseKpiCard = releasesPlugin.provide(
  createComponentExtension({
    name: 'EntityReleaseKpiCard',
    component: {
      lazy: () =>
        import('./components/Metrics').then(m => m.EntityReleaseKpiCard),
    },
  }),
);
