import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  createServiceFactory,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import request from 'supertest';
import releasesModuleNotifications from '@backstage-itsm/plugin-releases-backend-module-notifications';
import { releasesPlugin } from '../plugin';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(90_000);

const databases = createTestDatabases();
const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);

// A freeze of production that began an hour ago, whatever day the test runs.
const now = DateTime.utc();
const config = {
  releases: {
    environments: [{ name: 'staging' }, { name: 'production', gated: true }],
    freezeWindows: [
      {
        name: 'Incident freeze',
        start: now.minus({ hours: 1 }).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
        end: now.plus({ hours: 5 }).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
        timezone: 'UTC',
        environments: ['production'],
        allow: ['emergency'],
      },
    ],
  },
};

describe.each(databases.eachSupportedId())(
  'notices of freezes that start to affect a release on %p',
  databaseId => {
    let knex: Knex;
    let app: any;
    const sent: NotificationSendOptions[] = [];
    const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      app = (
        await startTestBackend({
          features: [
            releasesPlugin,
            releasesModuleNotifications,
            mockServices.database.factory({ knex }),
            catalogServiceMock.factory({ entities: testEntities }),
            mockServices.rootConfig.factory({ data: config }),
            // The scheduler hands its tasks to the test, which runs them.
            mockServices.scheduler.mock({
              scheduleTask: async task => {
                tasks.set(task.id, task);
              },
            }).factory,
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
        })
      ).server;
    });

    async function plan(title: string, environments: string[]) {
      const res = await request(app)
        .post('/api/releases/releases')
        .set('Authorization', as('alice'))
        .send({
          title,
          type: 'minor',
          owner: 'group:default/payments-team',
          plannedStart: now.minus({ hours: 2 }).toISO(),
          plannedEnd: now.plus({ days: 1 }).toISO(),
          environments,
          components: [{ entityRef: 'component:default/payments-api' }],
        });
      expect(res.status).toBe(201);
      const watch = await request(app)
        .post('/api/releases/watches')
        .set('Authorization', as('bob'))
        .send({ releaseId: res.body.id });
      expect(watch.status).toBe(201);
      return res.body.id as string;
    }

    it('tells the stakeholders of each covered release once, across runs', async () => {
      const covered = await plan('Payments hotfix rollout', ['production']);
      await plan('Payments staging trial', ['staging']);
      const job = tasks.get('releases-freeze-notices');
      expect(job).toMatchObject({ scope: 'global' });

      await job!.fn(new AbortController().signal);
      const notices = () =>
        sent.filter(s => s.payload.topic === 'release-freeze');
      expect(notices()).toEqual([
        {
          recipients: {
            type: 'entity',
            entityRef: ['user:default/bob'],
          },
          payload: expect.objectContaining({
            title:
              'Freeze "Incident freeze" now affects Payments hotfix rollout',
            severity: 'high',
            link: `/releases/${covered}`,
          }),
        },
      ]);

      // Another run, as another replica would make it: nothing new.
      await job!.fn(new AbortController().signal);
      expect(notices()).toHaveLength(1);
      expect(
        Number((await knex('release_notices').count({ count: '*' }))[0].count),
      ).toBe(1);
    });
  },
);
