import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  ReleaseNotice,
  releasesNotifiersExtensionPoint,
} from '@backstage-itsm/plugin-releases-node';

/** A notice a test saw, with whom it went to. */
export interface SentNotice {
  notice: ReleaseNotice;
  recipients: string[];
}

/**
 * A notifier module for a test backend that keeps every notice sent to
 * someone in `sent`.
 */
export function captureNotices() {
  const sent: SentNotice[] = [];
  const module = createBackendModule({
    pluginId: 'releases',
    moduleId: 'test-notifier',
    register(env) {
      env.registerInit({
        deps: { notifiers: releasesNotifiersExtensionPoint },
        async init({ notifiers }) {
          notifiers.addNotifier({
            send: async (notice, recipients) => {
              if (recipients.length > 0) {
                sent.push({ notice, recipients });
              }
            },
          });
        },
      });
    },
  });
  return { module, sent };
}
