import { mockServices } from '@backstage/backend-test-utils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationsNotifier } from './NotificationsNotifier';

const release = {
  id: 'r1',
  title: 'Payments 2.5',
  type: 'emergency',
  owner: 'group:default/payments-team',
  approvalRound: 2,
} as any;

describe('NotificationsNotifier', () => {
  it('tells the eligible approvers, once per release and round', async () => {
    const send = jest.fn().mockResolvedValue(undefined);
    const notifier = new NotificationsNotifier(
      { send } as NotificationService,
      mockServices.logger.mock(),
    );
    await notifier.awaiting(release, [
      'user:default/carol',
      'user:default/dave',
    ]);
    expect(send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['user:default/carol', 'user:default/dave'],
      },
      payload: expect.objectContaining({
        title: 'Approval needed: Payments 2.5',
        link: '/releases/approvals',
        severity: 'high',
        topic: 'release-approval',
        scope: 'release-approval:r1:2',
      }),
    });
  });

  it('tells the owning group about a rejection with the comment', async () => {
    const send = jest.fn().mockResolvedValue(undefined);
    const notifier = new NotificationsNotifier(
      { send } as NotificationService,
      mockServices.logger.mock(),
    );
    await notifier.decided(release, 'rejected', {
      approver: 'user:default/carol',
      comment: 'No rollback plan',
    } as any);
    expect(send.mock.calls[0][0]).toMatchObject({
      recipients: { entityRef: ['group:default/payments-team'] },
      payload: {
        title: 'Payments 2.5 was rejected',
        description: 'user:default/carol rejected it: No rollback plan',
        link: '/releases/r1',
      },
    });
  });

  it('logs and swallows a failure to send', async () => {
    const logger = mockServices.logger.mock();
    const notifier = new NotificationsNotifier(
      {
        send: jest
          .fn()
          .mockRejectedValue(new Error('notifications backend down')),
      } as NotificationService,
      logger,
    );
    await expect(
      notifier.awaiting(release, ['user:default/carol']),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('notifications backend down'),
    );
  });
});
