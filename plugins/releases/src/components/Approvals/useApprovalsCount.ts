import { useEffect } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { releasesApiRef } from '../../api';
import { releaseChannels, useLiveRefresh, useLoader } from '../../hooks';

/** Without the signals plugin the count is asked for once a minute. */
const FALLBACK_POLL_MS = 60_000;

/**
 * How many releases wait for the signed-in user's decision. The backend
 * signals when that may have changed; apps without signals poll instead.
 */
export function useApprovalsCount(
  pollIntervalMs: number = FALLBACK_POLL_MS,
): number {
  const releasesApi = useApi(releasesApiRef);
  const inbox = useLoader(() => releasesApi.getInbox(), [releasesApi]);
  const live = useLiveRefresh(releaseChannels.approvals, inbox.retry);
  const { retry } = inbox;
  useEffect(() => {
    if (live) {
      return undefined;
    }
    const timer = setInterval(retry, pollIntervalMs);
    return () => clearInterval(timer);
  }, [live, retry, pollIntervalMs]);
  // The badge is a hint; the Approvals page reports failures.
  return inbox.value?.totalCount ?? inbox.value?.items.length ?? 0;
}
