import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
// The end-to-end test runs the real releases plugin with the module.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import releasesPlugin from '@backstage-itsm/plugin-releases-backend';
import {
  createReleasesTestDatabases,
  releasesTestComponent,
  startReleasesTestBackend,
} from '@backstage-itsm/plugin-releases-node/testUtils';
import request from 'supertest';
import { releasesModuleIncidentGuard } from './module';

jest.setTimeout(60_000);

const databases = createReleasesTestDatabases();
const alice = mockCredentials.user.header('user:default/alice');
const pipeline = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:ci-pipeline'),
  targetPluginId: 'releases',
});

const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
});

describe.each(databases.eachSupportedId())(
  'incident guard on %p',
  databaseId => {
    let backend: Awaited<ReturnType<typeof startReleasesTestBackend>>;

    beforeAll(async () => {
      backend = await startReleasesTestBackend({
        databases,
        databaseId,
        features: [releasesPlugin, releasesModuleIncidentGuard],
        entities: [
          releasesTestComponent('payments-api'),
          releasesTestComponent('search-service'),
          releasesTestComponent(
            'cart-service',
            {},
            {
              system: 'storefront',
              team: 'storefront-team',
            },
          ),
          group('payments-team'),
          group('storefront-team'),
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: { name: 'alice', namespace: 'default' },
            spec: { memberOf: ['payments-team', 'storefront-team'] },
            relations: [
              { type: 'memberOf', targetRef: 'group:default/payments-team' },
              { type: 'memberOf', targetRef: 'group:default/storefront-team' },
            ],
          },
        ],
        config: {
          releases: {
            environments: [
              { name: 'staging' },
              { name: 'production', gated: true },
            ],
          },
        },
      });
    });

    const api = () => request(backend.server);
    /** A minor release of one component to production, planned in 20 days. */
    const planMinor = (component: string, version: string, team: string) =>
      api()
        .post('/api/releases/releases')
        .set('Authorization', alice)
        .send({
          title: `${component} ${version}`,
          type: 'minor',
          owner: `group:default/${team}`,
          plannedStart: new Date(Date.now() + 20 * 86400_000).toISOString(),
          plannedEnd: new Date(Date.now() + 21 * 86400_000).toISOString(),
          components: [
            { entityRef: `component:default/${component}`, version },
          ],
          environments: ['production'],
        });
    const gate = async (component: string) =>
      (
        await api()
          .get(
            `/api/releases/gate?entityRef=component:default/${component}&environment=production&version=2.0.0`,
          )
          .set('Authorization', pipeline)
      ).body;
    const guard = (answer: { checks: Array<{ id: string; reason: string }> }) =>
      answer.checks.find(c => c.id === 'no-open-incident');
    async function releaseInDeploy(
      component: string,
      type: string,
      owner: string,
    ) {
      const created = await api()
        .post('/api/releases/releases')
        .set('Authorization', alice)
        .send({
          title: `${component} 2.0`,
          type,
          owner: `group:default/${owner}`,
          plannedStart: new Date(Date.now() + 86400_000).toISOString(),
          plannedEnd: new Date(Date.now() + 2 * 86400_000).toISOString(),
          components: [
            { entityRef: `component:default/${component}`, version: '2.0.0' },
          ],
          environments: ['production'],
        });
      expect(created.status).toBe(201);
      for (const to of ['design', 'build', 'test', 'deploy']) {
        const moved = await api()
          .post(`/api/releases/releases/${created.body.id}/transitions`)
          .set('Authorization', alice)
          .send({ to, reason: 'Outage' });
        expect(moved.status).toBe(200);
      }
      return created.body;
    }
    const incident = (component: string, body: object = {}) =>
      api()
        .post('/api/releases/incidents')
        .set('Authorization', pipeline)
        .send({
          entityRef: `component:default/${component}`,
          environment: 'production',
          severity: 'critical',
          title: `${component} is down`,
          openedAt: new Date(Date.now() - 60_000).toISOString(),
          source: 'monitoring',
          externalId: `${component}-outage`,
          ...body,
        });

    it('blocks deploys into an open critical incident until it is resolved, in the gate and in recorded deployments', async () => {
      await releaseInDeploy('payments-api', 'minor', 'payments-team');
      expect(await gate('payments-api')).toMatchObject({ allowed: true });
      expect(guard(await gate('payments-api'))).toEqual({
        id: 'no-open-incident',
        passed: true,
        reason:
          'no open critical incident on component:default/payments-api in production',
      });

      expect((await incident('payments-api')).status).toBe(201);
      const blocked = await gate('payments-api');
      expect(blocked.allowed).toBe(false);
      expect(blocked.reasons).toEqual([
        expect.stringMatching(
          /^1 open critical incident on component:default\/payments-api in production \(latest: "payments-api is down", opened .+\); only an emergency release may deploy until it is resolved$/,
        ),
      ]);
      const deployment = await api()
        .post('/api/releases/deployments')
        .set('Authorization', pipeline)
        .send({
          entityRef: 'component:default/payments-api',
          environment: 'production',
          version: '2.0.0',
          status: 'succeeded',
          source: 'ci',
          externalId: 'during-incident',
        });
      expect(deployment.body.authorized).toBe(false);

      expect(
        (
          await incident('payments-api', {
            resolvedAt: new Date().toISOString(),
          })
        ).status,
      ).toBe(200);
      expect(await gate('payments-api')).toMatchObject({ allowed: true });
    });

    it('finds an open critical incident behind a hundred newer open incidents of other severities', async () => {
      await releaseInDeploy('search-service', 'minor', 'payments-team');
      expect(
        (
          await incident('search-service', {
            openedAt: new Date(Date.now() - 3600_000).toISOString(),
          })
        ).status,
      ).toBe(201);
      for (let i = 0; i < 100; i++) {
        const noise = await incident('search-service', {
          severity: 'low',
          title: `Slow query ${i}`,
          openedAt: new Date(Date.now() - 60_000 + i).toISOString(),
          externalId: `slow-query-${i}`,
        });
        expect(noise.status).toBe(201);
      }
      const answer = await gate('search-service');
      expect(answer.allowed).toBe(false);
      expect(guard(answer)?.reason).toMatch(
        /^1 open critical incident on component:default\/search-service in production \(latest: "search-service is down", opened .+\); only an emergency release may deploy until it is resolved$/,
      );

      // The risk factor counts a hundred per environment, and says so.
      const planned = await planMinor(
        'search-service',
        '3.0.0',
        'payments-team',
      );
      expect(planned.status).toBe(201);
      expect(
        planned.body.risk.reasons.find(
          (r: { factor: string }) => r.factor === 'open_incidents',
        ),
      ).toMatchObject({
        label: 'Open incidents',
        detail:
          'at least 100 open incidents on its components where it deploys',
      });
    });

    it('lets an emergency release deploy during the incident', async () => {
      expect((await incident('cart-service')).status).toBe(201);
      const emergency = await releaseInDeploy(
        'cart-service',
        'emergency',
        'storefront-team',
      );
      const answer = await gate('cart-service');
      expect(answer.allowed).toBe(true);
      expect(guard(answer)?.reason).toMatch(
        new RegExp(
          `; release "${emergency.title}" is an emergency release, which may deploy$`,
        ),
      );
    });

    it('counts open incidents where a release deploys in its risk', async () => {
      const created = await planMinor(
        'cart-service',
        '2.1.0',
        'storefront-team',
      );
      expect(created.status).toBe(201);
      expect(created.body.risk.reasons).toContainEqual({
        factor: 'open_incidents',
        label: 'Open incidents',
        points: 10,
        detail: '1 open incident on its components where it deploys',
      });
    });
  },
);
