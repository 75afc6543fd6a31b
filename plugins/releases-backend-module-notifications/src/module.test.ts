import {
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import {
  ReleaseNotifier,
  releasesNotifiersExtensionPoint,
} from '@backstage-itsm/plugin-releases-node';
import { releasesModuleNotifications } from './module';

describe('releasesModuleNotifications', () => {
  it('adds a notifier that sends through the notifications service', async () => {
    const sent: NotificationSendOptions[] = [];
    const added: ReleaseNotifier[] = [];
    // The extension point as the releases plugin offers it.
    const releases = createBackendPlugin({
      pluginId: 'releases',
      register(env) {
        env.registerExtensionPoint(releasesNotifiersExtensionPoint, {
          addNotifier: (...notifiers) => added.push(...notifiers.flat()),
        });
        env.registerInit({ deps: {}, async init() {} });
      },
    });
    await startTestBackend({
      features: [
        releases,
        releasesModuleNotifications,
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            send: async (options: NotificationSendOptions) => {
              sent.push(options);
            },
          }),
        }),
      ],
    });
    expect(added).toHaveLength(1);
    await added[0].send(
      {
        topic: 'release-approval',
        release: { id: 'r1', title: 'Payments 2.5' } as any,
        title: 'Approval needed: Payments 2.5',
        description: 'It awaits your approval.',
        link: '/releases/approvals',
        severity: 'normal',
        scope: 'release-approval:r1:1',
      },
      ['user:default/carol'],
    );
    expect(sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: ['user:default/carol'] },
        payload: expect.objectContaining({
          title: 'Approval needed: Payments 2.5',
          topic: 'release-approval',
        }),
      },
    ]);
  });
});
