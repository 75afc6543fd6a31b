import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';

/**
 * A plugin for a test backend that keeps every signal published, as the
 * signals plugin receives them (the events topic "signals"), in `heard`.
 * The backend needs the events service (eventsServiceFactory).
 */
export function captureSignals() {
  const heard: Array<{ channel: string }> = [];
  const plugin = createBackendPlugin({
    pluginId: 'signal-listener',
    register(env) {
      env.registerInit({
        deps: { events: eventsServiceRef },
        async init({ events }) {
          await events.subscribe({
            id: 'signal-listener',
            topics: ['signals'],
            async onEvent(event) {
              heard.push(event.eventPayload as { channel: string });
            },
          });
        },
      });
    },
  });
  return { plugin, heard };
}
