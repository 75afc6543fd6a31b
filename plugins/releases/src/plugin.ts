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
