import { useApi } from '@backstage/core-plugin-api';
import { releasesApiRef } from '../api';
import { useLiveLoader } from './useLoader';
import { releaseChannels } from './useLiveRefresh';

/** How many history entries a release page shows. */
const HISTORY_LIMIT = 100;

/**
 * One release with its approvals and review (one request), reloaded whenever
 * the backend signals that it changed.
 */
export function useRelease(releaseId: string) {
  const releasesApi = useApi(releasesApiRef);
  return useLiveLoader(
    () => releasesApi.getRelease(releaseId),
    [releasesApi, releaseId],
    releaseChannels.release(releaseId),
  );
}

/** A release's history, newest first, reloaded on every change of the release. */
export function useReleaseEvents(releaseId: string) {
  const releasesApi = useApi(releasesApiRef);
  return useLiveLoader(
    () =>
      releasesApi.listReleaseEvents(releaseId, {
        order: 'desc',
        limit: HISTORY_LIMIT,
      }),
    [releasesApi, releaseId],
    releaseChannels.release(releaseId),
  );
}
