import { useApi } from '@backstage/core-plugin-api';
import { releasesApiRef } from '../../api';
import { releaseChannels, useLiveLoader } from '../../hooks';

/** A release's tasks, reloaded whenever the backend signals the release changed. */
export function useReleaseTasks(releaseId: string) {
  const releasesApi = useApi(releasesApiRef);
  return useLiveLoader(
    () => releasesApi.listTasks(releaseId),
    [releasesApi, releaseId],
    releaseChannels.release(releaseId),
  );
}

/** The sign-offs a release asks for and has, kept current the same way. */
export function useReleaseSignoffs(releaseId: string) {
  const releasesApi = useApi(releasesApiRef);
  return useLiveLoader(
    () => releasesApi.getSignoffs(releaseId),
    [releasesApi, releaseId],
    releaseChannels.release(releaseId),
  );
}

/** How many status updates the timeline shows. */
const UPDATES_LIMIT = 50;

export function useStatusUpdates(releaseId: string) {
  const releasesApi = useApi(releasesApiRef);
  return useLiveLoader(
    () => releasesApi.listStatusUpdates(releaseId, { limit: UPDATES_LIMIT }),
    [releasesApi, releaseId],
    releaseChannels.release(releaseId),
  );
}

export function useMilestones(releaseId: string) {
  const releasesApi = useApi(releasesApiRef);
  return useLiveLoader(
    () => releasesApi.listMilestones(releaseId),
    [releasesApi, releaseId],
    releaseChannels.release(releaseId),
  );
}
