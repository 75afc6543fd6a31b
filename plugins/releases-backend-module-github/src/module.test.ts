import { mockCredentials } from '@backstage/backend-test-utils';
import eventsPlugin from '@backstage/plugin-events-backend';
import githubEventsModule from '@backstage/plugin-events-backend-module-github';
// The end-to-end test runs the real releases plugin with the module.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import releasesPlugin from '@backstage-itsm/plugin-releases-backend';
import {
  createReleasesTestDatabases,
  releasesTestComponent,
  startReleasesTestBackend,
} from '@backstage-itsm/plugin-releases-node/testUtils';
import { createHmac, randomUUID } from 'node:crypto';
import request from 'supertest';
import fixture from './__fixtures__/deployment_status.json';
import { releasesModuleGithub } from './module';

jest.setTimeout(60_000);

const databases = createReleasesTestDatabases();
const SECRET = 'webhook secret of the acme organisation';
const alice = mockCredentials.user.header('user:default/alice');

/** A deployment_status webhook as GitHub sends it now, in a given state. */
function webhook(
  state: string,
  changes: { repository?: string; deploymentId?: number } = {},
) {
  const now = Date.now();
  return {
    ...fixture,
    deployment_status: {
      ...fixture.deployment_status,
      state,
      created_at: new Date(now - 60_000).toISOString(),
    },
    deployment: {
      ...fixture.deployment,
      id: changes.deploymentId ?? fixture.deployment.id,
      url: `https://api.github.com/repos/acme/payments-api/deployments/${
        changes.deploymentId ?? fixture.deployment.id
      }`,
    },
    workflow_run: {
      ...fixture.workflow_run,
      head_commit: {
        ...fixture.workflow_run.head_commit,
        timestamp: new Date(now - 2 * 3600_000).toISOString(),
      },
    },
    repository: {
      ...fixture.repository,
      full_name: changes.repository ?? fixture.repository.full_name,
    },
  };
}

describe.each(databases.eachSupportedId())(
  'GitHub deployment_status webhooks on %p',
  databaseId => {
    let backend: Awaited<ReturnType<typeof startReleasesTestBackend>>;

    beforeAll(async () => {
      backend = await startReleasesTestBackend({
        databases,
        databaseId,
        features: [
          releasesPlugin,
          eventsPlugin,
          githubEventsModule,
          releasesModuleGithub,
        ],
        entities: [
          releasesTestComponent('payments-api', {
            'github.com/project-slug': 'acme/payments-api',
          }),
        ],
        config: {
          events: { modules: { github: { webhookSecret: SECRET } } },
          releases: {
            environments: [
              { name: 'staging' },
              { name: 'production', gated: true },
            ],
          },
        },
      });
    });

    /** Posts the payload to the events backend's HTTP ingress, signed like GitHub signs it. */
    function deliver(payload: object, secret = SECRET) {
      const body = JSON.stringify(payload);
      return request(backend.server)
        .post('/api/events/http/github')
        .set('Content-Type', 'application/json')
        .set('X-GitHub-Event', 'deployment_status')
        .set('X-GitHub-Delivery', randomUUID())
        .set(
          'X-Hub-Signature-256',
          `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
        )
        .send(body);
    }
    const deployments = async () =>
      (
        await request(backend.server)
          .get(
            '/api/releases/deployments?entityRef=component:default/payments-api',
          )
          .set('Authorization', alice)
      ).body;

    it('records a signed deployment_status as a deployment of the annotated component, once', async () => {
      const event = webhook('success');
      expect((await deliver(event)).status).toBe(202);
      expect((await deliver(event)).status).toBe(202);
      const page = await deployments();
      expect(page.totalCount).toBe(1);
      expect(page.items[0]).toMatchObject({
        entityRef: 'component:default/payments-api',
        environment: 'production',
        version: 'v2.6.0',
        status: 'succeeded',
        source: 'github',
        externalId: 'api.github.com/deployments/1459887461',
        actor: 'external:github',
        commit: '9fceb02d0ae598e95dc970b74767f19372d61af8',
        committedAt: event.workflow_run.head_commit.timestamp,
        authorized: false,
      });
    });

    it('moves a deployment forward as its statuses arrive, in any order', async () => {
      const deploymentId = 1459887999;
      for (const state of ['queued', 'success', 'in_progress']) {
        expect((await deliver(webhook(state, { deploymentId }))).status).toBe(
          202,
        );
      }
      const ours = (await deployments()).items.filter(
        (d: { externalId: string }) =>
          d.externalId === `api.github.com/deployments/${deploymentId}`,
      );
      expect(ours).toHaveLength(1);
      expect(ours[0]).toMatchObject({ status: 'succeeded', startedAt: null });
      expect(ours[0].finishedAt).not.toBeNull();
    });

    it('refuses a bad signature and writes nothing', async () => {
      const before = {
        deployments: await backend.count('deployments'),
        unmapped: await backend.count('unmapped_events'),
      };
      const forged = await deliver(
        webhook('success', { deploymentId: 1459880000 }),
        'not the secret',
      );
      expect(forged.status).toBe(403);
      expect(forged.body).toEqual({ message: 'invalid signature' });
      const unsigned = await request(backend.server)
        .post('/api/events/http/github')
        .set('Content-Type', 'application/json')
        .set('X-GitHub-Event', 'deployment_status')
        .send(webhook('success', { deploymentId: 1459880001 }));
      expect(unsigned.status).toBe(403);
      expect({
        deployments: await backend.count('deployments'),
        unmapped: await backend.count('unmapped_events'),
      }).toEqual(before);
    });

    it('lists a deployment of a repository no component is annotated with, with the reason', async () => {
      expect(
        (
          await deliver(
            webhook('success', {
              repository: 'acme/unknown',
              deploymentId: 1459881111,
            }),
          )
        ).status,
      ).toBe(202);
      const res = await request(backend.server)
        .get('/api/releases/events/unmapped?source=github')
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          source: 'github',
          topic: 'github.deployment_status',
          reason:
            'no component in the catalog carries github.com/project-slug=acme/unknown',
          summary:
            'deployment api.github.com/deployments/1459881111 (succeeded) of github.com/project-slug=acme/unknown at v2.6.0 to production',
          deliveries: 1,
        }),
      ]);
      expect(res.body.sources).toEqual([
        {
          id: 'github',
          topics: ['github.deployment_status'],
          unmappedEvents: 1,
          unmappedDeliveries: 1,
        },
      ]);
    });
  },
);
