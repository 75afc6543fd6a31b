/**
 * The releases plugin for apps on Backstage's new frontend system: found by
 * `app.packages: all`, or added to `createApp({ features: [...] })`.
 *
 * @packageDocumentation
 */
import NewReleasesIcon from '@material-ui/icons/NewReleases';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { releasesApiRef, ReleasesClient } from './api';
import { ApprovalsBadge } from './components/Approvals/ApprovalsBadge';
import { isReleasesAvailable } from './conditions';
import { isVersionsAvailable } from './components/Versions/conditions';
import {
  approvalsPageRouteRef,
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

/**
 * The client of the releases backend, `releasesApiRef`.
 *
 * @alpha
 */
export const releasesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: releasesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ReleasesClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * `/releases`: all releases, one page per release, and the calendar,
 * approvals, audit, metrics and policies pages on their own route refs. The
 * sidebar lists it as "Releases".
 *
 * @alpha
 */
export const releasesPage = PageBlueprint.make({
  params: {
    path: '/releases',
    routeRef: rootRouteRef,
    title: 'Releases',
    icon: <NewReleasesIcon fontSize="inherit" />,
    // The pages bring their own header, with links between them.
    noHeader: true,
    loader: () =>
      import('./components/ReleasesPage').then(m => <m.ReleasesPage />),
  },
});

/**
 * The approvals inbox as a page of its own at `/releases/approvals`, so that
 * the sidebar lists "Approvals" with the number of releases waiting for the
 * signed-in user (kept current by signals).
 *
 * @alpha
 */
export const approvalsPage = PageBlueprint.make({
  name: 'approvals',
  params: {
    path: '/releases/approvals',
    routeRef: approvalsPageRouteRef,
    title: 'Approvals',
    icon: <ApprovalsBadge />,
    noHeader: true,
    loader: () =>
      import('./components/Approvals').then(m => <m.ApprovalsPage />),
  },
});

/**
 * The Releases tab of Components, Systems and Groups (unless annotated
 * `releases.backstage-itsm.io/enabled: disabled`).
 *
 * @alpha
 */
export const entityReleasesContent = EntityContentBlueprint.make({
  name: 'releases',
  params: {
    path: '/releases',
    title: 'Releases',
    filter: isReleasesAvailable,
    loader: () =>
      import('./components/EntityReleasesContent').then(m => (
        <m.EntityReleasesContent />
      )),
  },
});

/**
 * The Versions tab of Components and Systems.
 *
 * @alpha
 */
export const entityVersionsContent = EntityContentBlueprint.make({
  name: 'versions',
  params: {
    path: '/versions',
    title: 'Versions',
    filter: isVersionsAvailable,
    loader: () =>
      import('./components/Versions').then(m => <m.EntityVersionsContent />),
  },
});

/**
 * Release KPIs of the last 90 days on the overview of Components, Systems
 * and Groups.
 *
 * @alpha
 */
export const entityReleaseKpiCard = EntityCardBlueprint.make({
  name: 'release-kpis',
  params: {
    type: 'content',
    filter: isReleasesAvailable,
    loader: () =>
      import('./components/Metrics').then(m => <m.EntityReleaseKpiCard />),
  },
});

/**
 * The releases plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'releases',
  title: 'Releases',
  icon: <NewReleasesIcon fontSize="inherit" />,
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
  extensions: [
    releasesApi,
    releasesPage,
    approvalsPage,
    entityReleasesContent,
    entityVersionsContent,
    entityReleaseKpiCard,
  ],
});

export { releasesTranslationRef } from './translation';
