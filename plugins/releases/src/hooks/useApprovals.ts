import { useApi } from '@backstage/core-plugin-api';
import { releasesApiRef } from '../api';
import { useLiveLoader } from './useLoader';
import { releaseChannels } from './useLiveRefresh';

/** The releases waiting for the signed-in user's decision, kept current by signals. */
export function useInbox() {
  const releasesApi = useApi(releasesApiRef);
  return useLiveLoader(
    () => releasesApi.getInbox(),
    [releasesApi],
    releaseChannels.approvals,
  );
}

/** One page of what the signed-in user decided, newest first. */
export function useDecided(page: { limit: number; offset: number }) {
  const releasesApi = useApi(releasesApiRef);
  return useLiveLoader(
    () => releasesApi.getDecided(page),
    [releasesApi, page.limit, page.offset],
    releaseChannels.approvals,
  );
}
