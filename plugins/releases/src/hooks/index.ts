export { useLoader, useLiveLoader } from './useLoader';
export type { LoaderState } from './useLoader';
export { useLiveRefresh, releaseChannels } from './useLiveRefresh';
export { useRelease, useReleaseEvents } from './useRelease';
export { useInbox, useDecided } from './useApprovals';
export { useEnvironments } from './useEnvironments';
export { useCatalogEntities } from './useCatalogEntities';
export type { EntityOption, CatalogKind } from './useCatalogEntities';
export { useUrlState } from './useUrlState';
