export { releasesApiRef } from './ReleasesApi';
export type {
  ReleasesApi,
  ListReleasesOptions,
  ListReleaseEventsOptions,
  ReleaseEnvironment,
  ReleaseDetails,
  DecidedApproval,
  SavedRelease,
  CalendarOptions,
  ScopeOptions,
  ListDeploymentsOptions,
  VersionsOptions,
  ExportFormat,
  ExportRequest,
  CabDecisionResult,
} from './ReleasesApi';
export { ReleasesClient } from './ReleasesClient';
