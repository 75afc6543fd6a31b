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
import argocd from './index';
import fixture from './__fixtures__/sync-succeeded.json';

jest.setTimeout(60_000);

const databases = createReleasesTestDatabases();
const TOKEN = 'argocd notifications token';

/** The releases and events plugins with the module and an annotated component. */
function start(
  databaseId: ReturnType<typeof databases.eachSupportedId>[number][0],
  argocdConfig: { webhookToken?: string },
) {
  return startReleasesTestBackend({
    databases,
    databaseId,
    features: [releasesPlugin, eventsPlugin, argocd],
    entities: [
      releasesTestComponent('payments-api', {
        'argocd/app-name': 'payments-api-prod',
      }),
    ],
    config: {
      releases: {
        environments: [
          { name: 'staging' },
          { name: 'production', gated: true },
        ],
        events: { argocd: argocdConfig },
      },
    },
  });
}

describe.each(databases.eachSupportedId())(
  'Argo CD notifications on %p',
  databaseId => {
    let backend: Awaited<ReturnType<typeof startReleasesTestBackend>>;

    beforeAll(async () => {
      backend = await start(databaseId, { webhookToken: TOKEN });
    });

    const now = Date.now();
    const sync = (phase: string) => ({
      ...fixture,
      phase,
      startedAt: new Date(now - 120_000).toISOString(),
      finishedAt:
        phase === 'Running' ? '' : new Date(now - 30_000).toISOString(),
      commitTime: new Date(now - 3 * 3600_000).toISOString(),
    });
    const deliver = (body: object, authorization = `Bearer ${TOKEN}`) =>
      request(backend.server)
        .post('/api/events/http/argocd')
        .set('Content-Type', 'application/json')
        .set('Authorization', authorization)
        .send(body);

    it('records a sync of the annotated Application as it runs and succeeds', async () => {
      expect((await deliver(sync('Running'))).status).toBe(202);
      expect((await deliver(sync('Succeeded'))).status).toBe(202);
      const res = await request(backend.server)
        .get(
          '/api/releases/deployments?entityRef=component:default/payments-api',
        )
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/alice'),
        );
      expect(res.body.totalCount).toBe(1);
      expect(res.body.items[0]).toMatchObject({
        environment: 'production',
        version: '2.6.0',
        status: 'succeeded',
        source: 'argocd',
        actor: 'external:argocd',
        committedAt: new Date(now - 3 * 3600_000).toISOString(),
      });
      expect(res.body.items[0].startedAt).not.toBeNull();
    });

    it('refuses a request without the token, and writes nothing', async () => {
      const before = await backend.count('deployments');
      for (const authorization of ['Bearer guessed', '']) {
        const res = await deliver(
          { ...sync('Succeeded'), startedAt: new Date().toISOString() },
          authorization,
        );
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ message: 'invalid token' });
      }
      expect(await backend.count('deployments')).toBe(before);
      expect(await backend.count('unmapped_events')).toBe(0);
    });
  },
);

describe('Argo CD notifications without a token configured', () => {
  it('opens no ingress, so that nobody can write deployments unauthenticated', async () => {
    const [databaseId] = databases.eachSupportedId()[0];
    const backend = await start(databaseId, {});
    const res = await request(backend.server)
      .post('/api/events/http/argocd')
      .set('Content-Type', 'application/json')
      .send(fixture);
    expect(res.status).toBe(404);
    expect(await backend.count('deployments')).toBe(0);
  });
});
