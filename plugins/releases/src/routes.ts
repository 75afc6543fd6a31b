import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

export const rootRouteRef = createRouteRef({
  id: 'releases',
});

export const releaseRouteRef = createSubRouteRef({
  id: 'releases/release',
  parent: rootRouteRef,
  path: '/:releaseId',
});
