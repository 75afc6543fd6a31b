/**
 * Frontend of the releases plugin: the Releases and Versions tabs of catalog
 * entities, the KPI card and the releases pages, for legacy apps. Apps on the
 * new frontend system use `@backstage-itsm/plugin-releases/alpha`.
 *
 * @packageDocumentation
 */
export {
  releasesPlugin,
  ReleasesPage,
  EntityReleasesContent,
  EntityVersionsContent,
  EntityReleaseKpiCard,
  ApprovalsSidebarItem,
} from './plugin';
export type { ApprovalsSidebarItemProps } from './components/Approvals/ApprovalsSidebarItem';
export { isReleasesAvailable } from './conditions';
export { isVersionsAvailable } from './components/Versions/conditions';
export { releasesApiRef, ReleasesClient } from './api';
export type {
  ReleasesApi,
  ListReleasesOptions,
  ListReleaseEventsOptions,
  ListDeploymentsOptions,
  VersionsOptions,
  ReleaseEnvironment,
  ReleaseDetails,
  DecidedApproval,
  CalendarOptions,
  ScopeOptions,
  SavedRelease,
  ExportFormat,
  ExportRequest,
  CabDecisionResult,
} from './api';
export {
  rootRouteRef as releasesRootRouteRef,
  releaseRouteRef as releasesReleaseRouteRef,
  calendarRouteRef as releasesCalendarRouteRef,
  approvalsRouteRef as releasesApprovalsRouteRef,
  auditRouteRef as releasesAuditRouteRef,
  metricsRouteRef as releasesMetricsRouteRef,
  policiesRouteRef as releasesPoliciesRouteRef,
} from './routes';
export type {
  Release,
  ReleaseEvent,
  ReleasePhase,
  ReleaseType,
  ReleaseComponent,
  Page,
  CreateReleaseRequest,
  UpdateReleaseRequest,
  TransitionRequest,
} from '@backstage-itsm/plugin-releases-common';
