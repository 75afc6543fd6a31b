/**
 * Frontend of the releases plugin: the Releases tab of catalog entities and
 * the releases pages.
 *
 * @packageDocumentation
 */
export { releasesPlugin, ReleasesPage, EntityReleasesContent } from './plugin';
export { ApprovalsSidebarItem } from './plugin';
export type { ApprovalsSidebarItemProps } from './components/Approvals/ApprovalsSidebarItem';
export { isReleasesAvailable } from './conditions';
export { EntityVersionsContent } from './plugin';
export { EntityReleaseKpiCard } from './plugin';
export { isVersionsAvailable } from './components/Versions/conditions';
export { releasesApiRef, ReleasesClient } from './api';
export type {
  ReleasesApi,
  ListReleasesOptions,
  ListReleaseEventsOptions,
  ReleaseEnvironment,
} from './api';
export type {
  CalendarOptions,
  ScopeOptions,
  SavedRelease,
} from './api/ReleasesApi';
export { rootRouteRef as releasesRootRouteRef } from './routes';
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
