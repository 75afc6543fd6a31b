import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  ReleaseNotice,
  ReleaseNotifier,
} from '@backstage-itsm/plugin-releases-node';

/**
 * Sends notices through the Backstage notifications plugin. A notification
 * that cannot be sent is logged; it never fails the change that caused it.
 *
 * @public
 */
export class NotificationsNotifier implements ReleaseNotifier {
  constructor(
    private readonly options: {
      notifications: NotificationService;
      logger: LoggerService;
    },
  ) {}

  async send(notice: ReleaseNotice, recipients: string[]): Promise<void> {
    if (recipients.length === 0) {
      return;
    }
    try {
      await this.options.notifications.send({
        recipients: { type: 'entity', entityRef: recipients },
        payload: {
          title: notice.title,
          description: notice.description,
          link: notice.link,
          severity: notice.severity,
          topic: notice.topic,
          scope: notice.scope,
        },
      });
    } catch (error) {
      this.options.logger.warn(
        `Could not send notification "${notice.title}": ${error}`,
      );
    }
  }
}
