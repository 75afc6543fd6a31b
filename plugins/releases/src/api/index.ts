export { releasesApiRef } from './ReleasesApi';
export type {
  ReleasesApi,
  ListReleasesOptions,
  ListReleaseEventsOptions,
  ReleaseEnvironment,
} from './ReleasesApi';
export { ReleasesClient } from './ReleasesClient';
