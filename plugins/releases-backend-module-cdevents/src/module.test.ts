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
import cdevents from './index';
import deployed from './__fixtures__/service-deployed.json';
import detected from './__fixtures__/incident-detected.json';

jest.setTimeout(60_000);

const databases = createReleasesTestDatabases();
const TOKEN = 'cdevents token';

describe.each(databases.eachSupportedId())('CDEvents on %p', databaseId => {
  let backend: Awaited<ReturnType<typeof startReleasesTestBackend>>;

  beforeAll(async () => {
    backend = await startReleasesTestBackend({
      databases,
      databaseId,
      features: [releasesPlugin, eventsPlugin, cdevents],
      entities: [
        releasesTestComponent(
          'cart-service',
          {},
          {
            system: 'storefront',
            team: 'storefront-team',
          },
        ),
      ],
      config: {
        releases: {
          environments: [
            { name: 'staging' },
            { name: 'production', gated: true },
          ],
          events: {
            cdevents: { webhookToken: TOKEN, incidentSeverity: 'critical' },
          },
        },
      },
    });
  });

  const at = (minutesAgo: number) =>
    new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const send = (body: object, contentType = 'application/json') =>
    request(backend.server)
      .post('/api/events/http/cdevents')
      .set('Content-Type', contentType)
      .set('Authorization', `Bearer ${TOKEN}`)
      .send(JSON.stringify(body));

  it('records a deployment and an incident of the service named like a component, in binary and structured mode', async () => {
    const event = {
      ...deployed,
      context: { ...deployed.context, timestamp: at(10) },
    };
    expect((await send(event)).status).toBe(202);
    // Incidents are attributed to the deployment recorded before they opened.
    const opened = {
      ...detected,
      context: { ...detected.context, timestamp: at(0) },
    };
    expect(
      (
        await send(
          {
            specversion: '1.0',
            id: opened.context.id,
            source: opened.context.source,
            type: opened.context.type,
            data: opened,
          },
          'application/cloudevents+json',
        )
      ).status,
    ).toBe(202);
    const resolved = {
      ...detected,
      context: {
        ...detected.context,
        id: 'resolved-1',
        type: 'dev.cdevents.incident.resolved.0.2.0',
        timestamp: at(-1),
      },
    };
    expect((await send(resolved)).status).toBe(202);

    const alice = mockCredentials.user.header('user:default/alice');
    const deployments = await request(backend.server)
      .get('/api/releases/deployments?entityRef=component:default/cart-service')
      .set('Authorization', alice);
    expect(deployments.body.items).toEqual([
      expect.objectContaining({
        version: '3.1.0',
        environment: 'production',
        status: 'succeeded',
        source: 'cdevents',
      }),
    ]);
    const incidents = await request(backend.server)
      .get('/api/releases/incidents?entityRef=component:default/cart-service')
      .set('Authorization', alice);
    expect(incidents.body.items).toEqual([
      expect.objectContaining({
        severity: 'critical',
        title: 'Cart API p99 latency above 2s',
        deploymentId: deployments.body.items[0].id,
        resolvedAt: new Date(resolved.context.timestamp).toISOString(),
      }),
    ]);
  });

  it('refuses a request without the token, and a body that is not JSON', async () => {
    const before = await backend.count('deployments');
    const refused = await request(backend.server)
      .post('/api/events/http/cdevents')
      .set('Content-Type', 'application/json')
      .send(deployed);
    expect(refused.status).toBe(403);
    const broken = await send({}, 'application/cloudevents+json').send('{');
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
    expect(await backend.count('deployments')).toBe(before);
  });
});
