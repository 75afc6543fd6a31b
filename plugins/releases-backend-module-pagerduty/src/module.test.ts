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
import { createHmac } from 'node:crypto';
import request from 'supertest';
import pagerduty from './index';
import triggered from './__fixtures__/incident-triggered.json';

jest.setTimeout(60_000);

const databases = createReleasesTestDatabases();
const SECRETS = ['old-subscription-secret', 'new-subscription-secret'];

describe.each(databases.eachSupportedId())(
  'PagerDuty v3 webhooks on %p',
  databaseId => {
    let backend: Awaited<ReturnType<typeof startReleasesTestBackend>>;

    beforeAll(async () => {
      backend = await startReleasesTestBackend({
        databases,
        databaseId,
        features: [releasesPlugin, eventsPlugin, pagerduty],
        entities: [
          releasesTestComponent('payments-api', {
            'pagerduty.com/service-id': 'PF9KMXH',
          }),
        ],
        config: {
          releases: {
            environments: [
              { name: 'staging' },
              { name: 'production', gated: true },
            ],
            events: {
              pagerduty: {
                webhookSecret: SECRETS[1],
                webhookSecrets: [SECRETS[0]],
              },
            },
          },
        },
      });
    });

    /** Sends the payload signed as PagerDuty signs it: v1=HMAC-SHA256(body). */
    const deliver = (payload: object, secrets: string[] = [SECRETS[1]]) => {
      const body = JSON.stringify(payload);
      return request(backend.server)
        .post('/api/events/http/pagerduty')
        .set('Content-Type', 'application/json')
        .set(
          'X-PagerDuty-Signature',
          secrets
            .map(
              s => `v1=${createHmac('sha256', s).update(body).digest('hex')}`,
            )
            .join(','),
        )
        .send(body);
    };

    it('opens an incident when triggered and resolves it when resolved', async () => {
      const openedAt = new Date(Date.now() - 20 * 60_000).toISOString();
      const resolvedAt = new Date().toISOString();
      const incident = (type: string, occurredAt: string) => ({
        event: {
          ...triggered.event,
          event_type: type,
          occurred_at: occurredAt,
          data: { ...triggered.event.data, created_at: openedAt },
        },
      });
      expect(
        (await deliver(incident('incident.triggered', openedAt))).status,
      ).toBe(202);
      expect(
        (
          await deliver(incident('incident.acknowledged', openedAt), [
            'wrong',
            SECRETS[0],
          ])
        ).status,
      ).toBe(202);
      expect(
        (await deliver(incident('incident.resolved', resolvedAt))).status,
      ).toBe(202);

      const res = await request(backend.server)
        .get('/api/releases/incidents?entityRef=component:default/payments-api')
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/alice'),
        );
      expect(res.body.items).toEqual([
        expect.objectContaining({
          environment: 'production',
          severity: 'critical',
          source: 'pagerduty',
          title: 'Card captures time out',
          openedAt,
          resolvedAt,
        }),
      ]);
    });

    it('refuses a bad or missing signature, and writes nothing', async () => {
      const before = await backend.count('incidents');
      const forged = await deliver(triggered, ['guessed secret']);
      expect(forged.status).toBe(403);
      expect(forged.body).toEqual({ message: 'invalid signature' });
      const unsigned = await request(backend.server)
        .post('/api/events/http/pagerduty')
        .set('Content-Type', 'application/json')
        .send(triggered);
      expect(unsigned.status).toBe(403);
      expect(await backend.count('incidents')).toBe(before);
      expect(await backend.count('unmapped_events')).toBe(0);
    });
  },
);
