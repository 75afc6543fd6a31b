import { useEffect, useRef } from 'react';
import { useSignal } from '@backstage/plugin-signals-react';
import { releaseSignalChannels } from '@backstage-itsm/plugin-releases-common';

/**
 * Calls `refresh` whenever the releases backend signals a change on `channel`.
 * Messages carry no data on purpose: the refresh asks the API again, so that
 * the viewer's permissions apply. Without the signals plugin nothing happens.
 *
 * @returns whether live updates are available in this app
 */
export function useLiveRefresh(channel: string, refresh: () => void): boolean {
  const { lastSignal, isSignalsAvailable } = useSignal(channel);
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  useEffect(() => {
    if (lastSignal) {
      refreshRef.current();
    }
  }, [lastSignal]);
  return isSignalsAvailable;
}

/** The channels the releases backend publishes on (shared with it). */
export const releaseChannels = releaseSignalChannels;
