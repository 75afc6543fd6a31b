import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { releasesApiRef, ReleasesClient } from './api';
import {
  approvalsRouteRef,
  auditRouteRef,
  cabMeetingRouteRef,
  cabRouteRef,
  calendarRouteRef,
  metricsRouteRef,
  myWorkRouteRef,
  policiesRouteRef,
  releaseRouteRef,
  rootRouteRef,
} from './routes';
import {
  ApprovalsSidebarItem as ApprovalsSidebarItemComponent,
  type ApprovalsSidebarItemProps,
} from './components/Approvals/ApprovalsSidebarItem';

/**
 * The releases plugin for legacy apps; see `./alpha` for the new frontend system.
 *
 * @public
 */
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
    calendar: calendarRouteRef,
    cab: cabRouteRef,
    cabMeeting: cabMeetingRouteRef,
    approvals: approvalsRouteRef,
    audit: auditRouteRef,
    metrics: metricsRouteRef,
    policies: policiesRouteRef,
    myWork: myWorkRouteRef,
  },
});

/**
 * All releases, one page per release, and the calendar, approvals, audit,
 * metrics and policies pages; mount it at `/releases`.
 *
 * @public
 */
export const ReleasesPage: () => JSX.Element = releasesPlugin.provide(
  createRoutableExtension({
    name: 'ReleasesPage',
    component: () =>
      import('./components/ReleasesPage').then(m => m.ReleasesPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The Releases tab of a Component, System or Group page.
 *
 * @public
 */
export const EntityReleasesContent: () => JSX.Element = releasesPlugin.provide(
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

/**
 * `Approvals` for the sidebar, with the count of releases waiting for the user.
 *
 * @public
 */
export const ApprovalsSidebarItem: (
  props: ApprovalsSidebarItemProps,
) => JSX.Element = releasesPlugin.provide(
  createComponentExtension({
    name: 'ApprovalsSidebarItem',
    component: {
      sync: ApprovalsSidebarItemComponent,
    },
  }),
);

/**
 * The Versions tab of a Component or System page: what runs where, and how it got there.
 *
 * @public
 */
export const EntityVersionsContent: () => JSX.Element = releasesPlugin.provide(
  createComponentExtension({
    name: 'EntityVersionsContent',
    component: {
      lazy: () =>
        import('./components/Versions').then(m => m.EntityVersionsContent),
    },
  }),
);

/**
 * Release KPIs of the last 90 days for a Component, System or Group overview tab.
 *
 * @public
 */
export const EntityReleaseKpiCard: () => JSX.Element = releasesPlugin.provide(
  createComponentExtension({
    name: 'EntityReleaseKpiCard',
    component: {
      lazy: () =>
        import('./components/Metrics').then(m => m.EntityReleaseKpiCard),
    },
  }),
);
