import { ReactNode } from 'react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { ReleasesApi, releasesApiRef } from '../api';
import { rootRouteRef } from '../routes';
import { fakeCatalogApi } from './fixtures';

/** Renders with a fake releases API, a small catalog and the routes links need. */
export async function renderWithApis(
  element: ReactNode,
  options: {
    releasesApi: Partial<ReleasesApi>;
    catalogApi?: ReturnType<typeof fakeCatalogApi>;
    routeEntries?: string[];
  },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [releasesApiRef, options.releasesApi],
        [catalogApiRef, options.catalogApi ?? fakeCatalogApi()],
      ]}
    >
      {element}
    </TestApiProvider>,
    {
      routeEntries: options.routeEntries,
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/releases': rootRouteRef,
      },
    },
  );
}
