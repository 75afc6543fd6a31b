import { mockServices } from '@backstage/backend-test-utils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationsNotifier } from './NotificationsNotifier';
import { ReleaseNotice } from '@backstage-itsm/plugin-releases-node';

const notice: ReleaseNotice = {
  topic: 'release-approval',
  release: { id: 'r1', title: 'Payments 2.5' } as ReleaseNotice['release'],
  title: 'Approval needed: Payments 2.5',
  description: 'It awaits your approval.',
  link: '/releases/approvals',
  severity: 'high',
  scope: 'release-approval:r1:2',
};

describe('NotificationsNotifier', () => {
  it('sends the notice to exactly the recipients it is given', async () => {
    const send = jest.fn().mockResolvedValue(undefined);
    const notifier = new NotificationsNotifier({
      notifications: { send } as NotificationService,
      logger: mockServices.logger.mock(),
    });
    await notifier.send(notice, ['user:default/carol', 'user:default/dave']);
    expect(send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['user:default/carol', 'user:default/dave'],
      },
      payload: {
        title: 'Approval needed: Payments 2.5',
        description: 'It awaits your approval.',
        link: '/releases/approvals',
        severity: 'high',
        topic: 'release-approval',
        scope: 'release-approval:r1:2',
      },
    });
  });

  it('sends nothing to nobody', async () => {
    const send = jest.fn().mockResolvedValue(undefined);
    const notifier = new NotificationsNotifier({
      notifications: { send } as NotificationService,
      logger: mockServices.logger.mock(),
    });
    await notifier.send(notice, []);
    expect(send).not.toHaveBeenCalled();
  });

  it('logs and swallows a failure to send', async () => {
    const logger = mockServices.logger.mock();
    const notifier = new NotificationsNotifier({
      notifications: {
        send: jest
          .fn()
          .mockRejectedValue(new Error('notifications backend down')),
      } as NotificationService,
      logger,
    });
    await expect(
      notifier.send(notice, ['user:default/carol']),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('notifications backend down'),
    );
  });
});
