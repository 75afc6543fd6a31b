import { useEffect, useRef } from 'react';
import { useSignal } from '@backstage/plugin-signals-react';

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

/** The channels the releases backend publishes on. */
export const releaseChannels = {
  /** Any change of one release: edit, transition, decision, review. */
  release: (releaseId: string) => `releases:release:${releaseId}`,
  /** A release on this entity's Releases tab (a component's, its system's, its owner's, the release owner's) was created or changed. */
  entity: (entityRef: string) =>
    `releases:entity:${entityRef.toLocaleLowerCase('en-US')}`,
  /** What the signed-in user must decide may have changed (sent to them only). */
  approvals: 'releases:approvals',
};
