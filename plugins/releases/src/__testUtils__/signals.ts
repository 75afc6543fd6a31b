import { act } from '@testing-library/react';
import { JsonObject } from '@backstage/types';
import { SignalApi } from '@backstage/plugin-signals-react';

/** A signals API that a test publishes on, as the releases backend would. */
export function fakeSignalApi() {
  const subscribers = new Map<string, Set<(message: JsonObject) => void>>();
  const subscribe: SignalApi['subscribe'] = (channel, onMessage) => {
    const set = subscribers.get(channel) ?? new Set();
    const deliver = onMessage as (message: JsonObject) => void;
    set.add(deliver);
    subscribers.set(channel, set);
    return { unsubscribe: () => set.delete(deliver) };
  };
  return {
    subscribe,
    /** Delivers a message to every current subscriber of `channel`. */
    publish(channel: string, message: JsonObject = {}) {
      act(() => {
        subscribers.get(channel)?.forEach(onMessage => onMessage(message));
      });
    },
    /** The channels someone listens on now. */
    channels(): string[] {
      return [...subscribers.entries()]
        .filter(([, set]) => set.size > 0)
        .map(([channel]) => channel);
    },
  };
}
