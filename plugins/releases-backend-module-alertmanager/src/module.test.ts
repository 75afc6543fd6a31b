import { mockCredentials } from '@backstage/backend-test-utils';
import eventsPlugin from '@backstage/plugin-events-backend';
// The end-to-end test runs the real releases plugin with the module.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import releasesPlugin from '@backstage-itsm/plugin-releases-backend';
import {
  createReleasesTestDatabases,
  releasesTestComponent,
  startReleasesTestBackend,
} from '@backstage-itsm/plugin-releases-node/testUtils';
import request from 'supertest';
import alertmanager from './index';
import firing from './__fixtures__/firing.json';

jest.setTimeout(60_000);

const databases = createReleasesTestDatabases();
const TOKEN = 'alertmanager receiver token';
const pipeline = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:ci-pipeline'),
  targetPluginId: 'releases',
});
const alice = mockCredentials.user.header('user:default/alice');

describe.each(databases.eachSupportedId())(
  'Alertmanager notifications on %p',
  databaseId => {
    let backend: Awaited<ReturnType<typeof startReleasesTestBackend>>;

    beforeAll(async () => {
      backend = await startReleasesTestBackend({
        databases,
        databaseId,
        features: [releasesPlugin, eventsPlugin, alertmanager],
        entities: [
          releasesTestComponent('payments-api', {
            'releases.backstage-itsm.io/alertmanager-service': 'payments-api',
          }),
        ],
        config: {
          releases: {
            environments: [
              { name: 'staging' },
              { name: 'production', gated: true },
            ],
            events: { alertmanager: { webhookToken: TOKEN } },
          },
        },
      });
    });

    const deploy = async (version: string) => {
      const res = await request(backend.server)
        .post('/api/releases/deployments')
        .set('Authorization', pipeline)
        .send({
          entityRef: 'component:default/payments-api',
          environment: 'production',
          version,
          status: 'succeeded',
          source: 'ci',
          externalId: `deploy-${version}`,
        });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const notify = (status: string, startsAt: string, endsAt?: string) =>
      request(backend.server)
        .post('/api/events/http/alertmanager')
        .set('Content-Type', 'application/json')
        .set('Authorization', `Bearer ${TOKEN}`)
        .send({
          ...firing,
          status,
          alerts: firing.alerts.map(a => ({
            ...a,
            status,
            startsAt,
            endsAt: endsAt ?? '0001-01-01T00:00:00Z',
          })),
        });

    it('opens and resolves one incident attributed to the deployment before it fired', async () => {
      await deploy('2.5.0');
      const culprit = await deploy('2.6.0');
      const startsAt = new Date().toISOString();
      expect((await notify('firing', startsAt)).status).toBe(202);
      // Alertmanager repeats a firing alert on its repeat interval.
      expect((await notify('firing', startsAt)).status).toBe(202);
      // A later deployment (the fix) does not take the incident over.
      await deploy('2.6.1');
      const endsAt = new Date(Date.now() + 1000).toISOString();
      expect((await notify('resolved', startsAt, endsAt)).status).toBe(202);

      const res = await request(backend.server)
        .get('/api/releases/incidents?entityRef=component:default/payments-api')
        .set('Authorization', alice);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          entityRef: 'component:default/payments-api',
          environment: 'production',
          severity: 'critical',
          source: 'alertmanager',
          externalId: `c4b6b6c4a0a8f2e1@${startsAt}`,
          openedAt: startsAt,
          resolvedAt: endsAt,
          deploymentId: culprit,
        }),
      ]);
      expect(await backend.count('unmapped_events')).toBe(0);
    });

    it('refuses a notification without the token, and writes nothing', async () => {
      const before = await backend.count('incidents');
      const res = await request(backend.server)
        .post('/api/events/http/alertmanager')
        .set('Content-Type', 'application/json')
        .send(firing);
      expect(res.status).toBe(403);
      expect(await backend.count('incidents')).toBe(before);
    });
  },
);
