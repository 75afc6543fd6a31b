import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { notificationService } from '@backstage/plugin-notifications-node';
import { releasesNotifiersExtensionPoint } from '@backstage-itsm/plugin-releases-node';
import { NotificationsNotifier } from './NotificationsNotifier';

/**
 * Sends the releases plugin's notices (approvals needed, decisions, ...)
 * through the Backstage notifications plugin, to the recipients the
 * releases plugin has narrowed to those who may read the release.
 *
 * @public
 */
export const releasesModuleNotifications = createBackendModule({
  pluginId: 'releases',
  moduleId: 'notifications',
  register(reg) {
    reg.registerInit({
      deps: {
        notifiers: releasesNotifiersExtensionPoint,
        notifications: notificationService,
        logger: coreServices.logger,
      },
      async init({ notifiers, notifications, logger }) {
        notifiers.addNotifier(
          new NotificationsNotifier({ notifications, logger }),
        );
      },
    });
  },
});
