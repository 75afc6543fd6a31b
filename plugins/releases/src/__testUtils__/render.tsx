import { ReactNode } from 'react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  catalogApiRef,
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ReleasesApi, releasesApiRef } from '../api';
import { rootRouteRef } from '../routes';
import { fakeCatalogApi, fakeEntityPresentationApi } from './fixtures';
import { fakeSignalApi } from './signals';

/** Renders with a fake releases API, a small catalog and the routes links need. */
export async function renderWithApis(
  element: ReactNode,
  options: {
    releasesApi: Partial<ReleasesApi>;
    catalogApi?: Partial<ReturnType<typeof fakeCatalogApi>>;
    /** Without it the app has no signals, as an app without the plugin. */
    signalApi?: ReturnType<typeof fakeSignalApi>;
    routeEntries?: string[];
  },
) {
  const catalogApi = options.catalogApi ?? fakeCatalogApi();
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [releasesApiRef, options.releasesApi],
        // The fake has just what the plugin asks the catalog for.
        [catalogApiRef, catalogApi as unknown as typeof catalogApiRef.T],
        [
          entityPresentationApiRef,
          fakeEntityPresentationApi(catalogApi.entities),
        ],
        ...(options.signalApi
          ? [[signalApiRef, options.signalApi] as const]
          : []),
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
