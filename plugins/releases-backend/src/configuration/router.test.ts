import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import request from 'supertest';
import { releasesPlugin } from '../plugin';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const pipeline = mockCredentials.service('external:ci-pipeline');
const alice = mockCredentials.user('user:default/alice');

describe.each(databases.eachSupportedId())(
  'configuration routes on %p',
  databaseId => {
    let knex: Knex;
    let app: Awaited<ReturnType<typeof startTestBackend>>['server'];

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          releasesPlugin,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({ entities: testEntities }),
          mockServices.rootConfig.factory({
            data: {
              releases: {
                environments: [
                  { name: 'development' },
                  { name: 'staging' },
                  { name: 'production', gated: true },
                ],
              },
            },
          }),
        ],
      });
      app = backend.server;
    });

    beforeEach(async () => {
      for (const table of [
        'baseline_items',
        'baselines',
        'current_versions',
        'deployments',
        'release_phase_periods',
        'release_events',
        'release_components',
        'releases',
      ]) {
        await knex(table).delete();
      }
    });

    let externalId = 0;
    const pipelineHeader = mockCredentials.service.header({
      onBehalfOf: pipeline,
      targetPluginId: 'releases',
    });
    function report(
      body: Record<string, unknown>,
      authorization = pipelineHeader,
    ) {
      return request(app)
        .post('/api/releases/deployments')
        .set('Authorization', authorization)
        .send({
          entityRef: 'component:default/payments-api',
          environment: 'staging',
          version: '2.5.0',
          status: 'succeeded',
          source: 'github-actions',
          externalId: `run-${++externalId}`,
          ...body,
        });
    }

    async function releaseInDeploy(
      components: object[],
      environments = ['staging', 'production'],
    ) {
      const created = await request(app)
        .post('/api/releases/releases')
        .set(
          'Authorization',
          mockCredentials.user.header(alice.principal.userEntityRef),
        )
        .send({
          title: 'Payments 2.5',
          type: 'minor',
          plannedStart: '2026-12-01T09:00:00Z',
          plannedEnd: '2026-12-03T17:00:00Z',
          owner: 'group:default/payments-team',
          components,
          environments,
        });
      expect(created.status).toBe(201);
      for (const to of ['design', 'build', 'test', 'deploy']) {
        const moved = await request(app)
          .post(`/api/releases/releases/${created.body.id}/transitions`)
          .send({ to });
        expect(moved.status).toBe(200);
      }
      return created.body.id as string;
    }

    async function deploymentCount() {
      return Number((await knex('deployments').count({ count: '*' }))[0].count);
    }

    describe('POST /deployments', () => {
      it('records a deployment from a pipeline token, normalising the ref', async () => {
        const res = await report({
          entityRef: 'payments-api',
          commit: 'abc1234',
          url: 'https://ci.example.com/runs/1',
        });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          entityRef: 'component:default/payments-api',
          environment: 'staging',
          version: '2.5.0',
          status: 'succeeded',
          actor: 'external:ci-pipeline',
          commit: 'abc1234',
          url: 'https://ci.example.com/runs/1',
          authorized: true,
          authorizationReason:
            'staging is not a gated environment; no freeze window blocks it now',
          reportedAt: null,
        });
        expect(Date.now() - Date.parse(res.body.deployedAt)).toBeLessThan(
          60_000,
        );
      });

      it('records a user as the actor', async () => {
        const res = await report(
          {},
          mockCredentials.user.header(alice.principal.userEntityRef),
        );
        expect(res.status).toBe(201);
        expect(res.body.actor).toBe('user:default/alice');
      });

      it('answers a repeat with the first record and a different payload under the same id with 409', async () => {
        const first = await report({ externalId: 'same' });
        const again = await report({ externalId: 'same' });
        expect(first.status).toBe(201);
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
        const other = await report({ externalId: 'same', version: '9.9.9' });
        expect(other.status).toBe(409);
        expect(other.body.error.fields).toEqual([
          {
            field: 'version',
            message:
              'differs from the report first recorded under this source and externalId (2.5.0); a new deployment needs a new externalId',
          },
        ]);
        expect(await deploymentCount()).toBe(1);
      });

      it('keeps the reported time beside the server time, which decides', async () => {
        const reported = new Date(Date.now() - 3600_000).toISOString();
        const res = await report({ deployedAt: reported });
        expect(res.status).toBe(201);
        expect(res.body.reportedAt).toBe(reported);
        expect(Date.now() - Date.parse(res.body.deployedAt)).toBeLessThan(
          60_000,
        );
        const ahead = await report({
          deployedAt: new Date(Date.now() + 3600_000).toISOString(),
        });
        expect(ahead.status).toBe(400);
        expect(ahead.body.error.fields[0].field).toBe('deployedAt');
        const ancient = await report({ deployedAt: '2020-01-01T00:00:00Z' });
        expect(ancient.status).toBe(400);
        expect(ancient.body.error.message).toBe(
          'deployedAt: must be within the last 90 days',
        );
        expect(await deploymentCount()).toBe(1);
      });

      it('keeps one record under 20 concurrent identical reports', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, () =>
            report({ externalId: 'concurrent', environment: 'production' }),
          ),
        );
        expect(results.map(r => r.status).sort((a, b) => a - b)).toEqual([
          ...Array(19).fill(200),
          201,
        ]);
        expect(new Set(results.map(r => r.body.id)).size).toBe(1);
        expect(await deploymentCount()).toBe(1);
      });

      it.each([
        [
          { environment: 'moon' },
          'environment: "moon" is not a configured environment',
        ],
        [
          { entityRef: 'component:default/ghost' },
          'entityRef: component:default/ghost does not exist in the catalog',
        ],
        [
          { status: 'done' },
          'status: must be one of queued, in_progress, succeeded, failed, cancelled, rolled_back',
        ],
        [{ version: '' }, 'version: is required'],
        [{ source: undefined }, 'source: is required'],
        [
          { deployedAt: 'yesterday' },
          'deployedAt: must be an ISO-8601 date-time',
        ],
        [{ url: 'ftp://ci.example.com/run/1' }, 'url: must be an http(s) URL'],
        [
          { releaseId: '00000000-0000-4000-8000-00000000ffff' },
          'releaseId: no release with id',
        ],
        // PostgreSQL cannot store NUL: these were 500s there (found by fuzzing).
        [
          { externalId: 'run-\u0000' },
          'externalId: must not contain NUL characters',
        ],
        [{ releaseId: '\u0000' }, 'releaseId: must not contain NUL characters'],
      ])(
        'answers 400 naming the field and writes nothing (%#)',
        async (body, message) => {
          const res = await report(body);
          expect(res.status).toBe(400);
          expect(res.body.error.message).toContain(message);
          expect(await deploymentCount()).toBe(0);
        },
      );

      it('refuses a call without credentials', async () => {
        const res = await request(app)
          .post('/api/releases/deployments')
          .set('Authorization', mockCredentials.none.header())
          .send({});
        expect(res.status).toBe(401);
      });
    });

    describe('authorization in a gated environment', () => {
      it('authorizes a deployment while a release with the component and version is in deploy', async () => {
        const releaseId = await releaseInDeploy([
          { entityRef: 'component:default/payments-api', version: '2.5.0' },
        ]);
        const res = await report({ environment: 'production' });
        expect(res.body).toMatchObject({
          authorized: true,
          releaseId,
          authorizationReason:
            'the release is in deploy for production; no approval policy applies to it; no freeze window blocks it now',
        });
      });

      it('flags another version than the release names', async () => {
        const releaseId = await releaseInDeploy([
          { entityRef: 'component:default/payments-api', version: '2.5.0' },
        ]);
        const res = await report({
          environment: 'production',
          version: '2.6.0',
        });
        expect(res.body.authorized).toBe(false);
        expect(res.body.authorizationReason).toBe(
          'the release is in deploy for component:default/payments-api at 2.5.0, not 2.6.0',
        );
        expect(res.body.releaseId).toBeNull();
        expect(releaseId).toBeDefined();
      });

      it('accepts any version when the release names none', async () => {
        await releaseInDeploy([
          { entityRef: 'component:default/payments-api' },
        ]);
        expect(
          (await report({ environment: 'production', version: '7.0.0' })).body
            .authorized,
        ).toBe(true);
      });

      it('flags a release that does not target the environment, and no release at all', async () => {
        await releaseInDeploy(
          [{ entityRef: 'component:default/payments-api' }],
          ['staging'],
        );
        const res = await report({ environment: 'production' });
        expect(res.body.authorized).toBe(false);
        expect(res.body.authorizationReason).toContain(
          'no release containing component:default/payments-api at 2.5.0 is in deploy for production',
        );
      });

      it('judges a report at the server time, whatever time it claims', async () => {
        const releaseId = await releaseInDeploy([
          { entityRef: 'component:default/payments-api' },
        ]);
        const during = await report({ environment: 'production' });
        expect(during.body.authorized).toBe(true);
        await request(app)
          .post(`/api/releases/releases/${releaseId}/transitions`)
          .send({ to: 'review' });
        // Back-dated into the time the release was in deploy: still unauthorized.
        const backDated = await report({
          environment: 'production',
          deployedAt: during.body.deployedAt,
        });
        expect(backDated.status).toBe(201);
        expect(backDated.body.authorized).toBe(false);
        expect(backDated.body.reportedAt).toBe(during.body.deployedAt);
      });
    });

    describe('GET /deployments', () => {
      it('filters by scope, environment, status and authorization, and exports CSV', async () => {
        const startedAt = new Date(Date.now() - 1000).toISOString();
        await report({ environment: 'development' });
        const middle = (await report({ environment: 'production' })).body;
        await report({
          environment: 'production',
          status: 'failed',
          entityRef: 'component:default/checkout-service',
        });

        const get = (q: string) =>
          request(app).get(`/api/releases/deployments?${q}`);
        expect((await get('')).body.totalCount).toBe(3);
        expect(
          (await get('system=system:default/payments')).body.totalCount,
        ).toBe(2);
        expect(
          (await get('owner=group:default/storefront-team')).body.items.map(
            (d: any) => d.entityRef,
          ),
        ).toEqual(['component:default/checkout-service']);
        expect(
          (await get('environment=production&status=failed')).body.totalCount,
        ).toBe(1);
        expect((await get('authorized=false')).body.totalCount).toBe(2);
        expect(
          (
            await get(
              `from=${encodeURIComponent(
                middle.deployedAt,
              )}&to=${encodeURIComponent(middle.deployedAt)}`,
            )
          ).body.items.map((d: any) => d.id),
        ).toEqual([middle.id]);
        expect(
          (await get(`from=${encodeURIComponent(startedAt)}`)).body.totalCount,
        ).toBe(3);
        expect((await get('authorized=maybe')).status).toBe(400);

        const csv = await get('authorized=false&format=csv');
        expect(csv.status).toBe(200);
        expect(csv.headers['content-type']).toContain('text/csv');
        expect(csv.headers['content-disposition']).toMatch(
          /attachment; filename="unauthorized-changes-\d{4}-\d{2}-\d{2}\.csv"/,
        );
        const lines = csv.text.trim().split('\n');
        expect(lines[0]).toBe(
          'id,entityRef,environment,version,status,deployedAt,reportedAt,actor,source,externalId,releaseId,commit,url,authorized,authorizationReason',
        );
        expect(lines).toHaveLength(3);
        expect(lines[1]).toContain(
          'component:default/checkout-service,production,2.5.0,failed,',
        );
        expect(lines[1]).toContain(',false,');

        const json = await get('environment=development&format=json');
        expect(json.headers['content-disposition']).toContain('deployments-');
        expect(json.body).toHaveLength(1);
        expect(json.body[0].environment).toBe('development');
      });

      it('exports a formula-looking value as text, not as a formula', async () => {
        await report({
          version: '=HYPERLINK("http://x.test")',
          commit: '@SUM(1)',
        });
        const csv = await request(app).get(
          '/api/releases/deployments?format=csv',
        );
        expect(csv.text).toContain(`"'=HYPERLINK(""http://x.test"")"`);
        expect(csv.text).toContain(`'@SUM(1)`);
        // The JSON answer keeps the value exactly as reported.
        const json = await request(app).get('/api/releases/deployments');
        expect(json.body.items[0].version).toBe('=HYPERLINK("http://x.test")');
      });
    });

    describe('GET /versions', () => {
      it('shows the latest successful version per environment with drift flags', async () => {
        await report({ environment: 'development', version: '2.4.0' });
        const current = (
          await report({ environment: 'development', version: '2.5.0' })
        ).body;
        // A failed deployment leaves the current version as it was.
        await report({
          environment: 'development',
          version: '2.6.0',
          status: 'failed',
        });
        await report({ environment: 'staging', version: '2.4.0' });
        await report({ environment: 'production', version: '2.5.0' });
        await report({
          entityRef: 'component:default/ledger-service',
          environment: 'production',
          version: '1.0.0',
        });

        const res = await request(app).get(
          '/api/releases/versions?system=system:default/payments',
        );
        expect(res.status).toBe(200);
        expect(res.body.environments.map((e: any) => e.name)).toEqual([
          'development',
          'staging',
          'production',
        ]);
        expect(res.body.totalCount).toBe(2);
        const [ledger, payments] = res.body.rows;
        expect(ledger.entityRef).toBe('component:default/ledger-service');
        expect(payments.entityRef).toBe('component:default/payments-api');

        expect(payments.environments.development).toMatchObject({
          version: '2.5.0',
          deployedAt: current.deployedAt,
          actor: 'external:ci-pipeline',
          drift: [],
        });
        expect(payments.environments.staging).toMatchObject({
          version: '2.4.0',
          drift: [],
        });
        expect(payments.environments.production.version).toBe('2.5.0');
        expect(
          payments.environments.production.drift.map((d: any) => d.kind).sort(),
        ).toEqual(['ahead_of_previous_environment', 'unauthorized']);
        expect(payments.drifted).toBe(true);
        // Production without any version in staging is ahead too.
        expect(
          ledger.environments.production.drift.map((d: any) => d.message),
        ).toContain(
          'production runs 1.0.0 but staging has no version of component:default/ledger-service',
        );
      });

      it('flags a version that differs from the release in deploy', async () => {
        await report({ environment: 'staging', version: '2.4.0' });
        const releaseId = await releaseInDeploy(
          [{ entityRef: 'component:default/payments-api', version: '2.5.0' }],
          ['staging'],
        );
        const res = await request(app).get(
          '/api/releases/versions?entityRef=payments-api',
        );
        expect(res.body.rows[0].environments.staging.drift).toContainEqual({
          kind: 'differs_from_release',
          message:
            'release "Payments 2.5" plans 2.5.0 for staging, which runs 2.4.0',
        });
        expect(releaseId).toBeDefined();
      });

      it('lists components of the scope that were never deployed, and exports the matrix', async () => {
        await report({ environment: 'staging', version: '2.4.0' });
        const res = await request(app).get(
          '/api/releases/versions?owner=group:default/payments-team',
        );
        expect(
          res.body.rows.map((r: any) => [
            r.entityRef,
            Object.keys(r.environments),
          ]),
        ).toEqual([
          ['component:default/ledger-service', []],
          ['component:default/payments-api', ['staging']],
        ]);

        const csv = await request(app).get(
          '/api/releases/versions?owner=group:default/payments-team&format=csv',
        );
        expect(csv.text.trim().split('\n')).toEqual([
          'entityRef,environment,version,deployedAt,actor,releaseId,authorized,drift',
          expect.stringMatching(
            /^component:default\/payments-api,staging,2\.4\.0,.*,external:ci-pipeline,,true,staging runs 2\.4\.0 but development has no version/,
          ),
        ]);
        expect(
          (
            await request(app).get(
              '/api/releases/versions?system=payments&owner=payments-team',
            )
          ).status,
        ).toBe(400);
      });
    });

    describe('baselines', () => {
      it('snapshots a scope and diffs it against now and against another baseline', async () => {
        await report({ environment: 'staging', version: '2.4.0' });
        await report({ environment: 'production', version: '2.3.0' });

        const first = await request(app)
          .post('/api/releases/baselines')
          .send({
            name: 'Before the 2.5 release',
            scope: { system: 'payments' },
          });
        expect(first.status).toBe(201);
        expect(first.body).toMatchObject({
          name: 'Before the 2.5 release',
          scope: { system: 'system:default/payments' },
          itemCount: 2,
          createdBy: 'user:default/mock',
        });

        await report({ environment: 'development', version: '2.5.0' });
        await report({ environment: 'staging', version: '2.5.0' });

        const diff = await request(app).get(
          `/api/releases/baselines/${first.body.id}/diff`,
        );
        expect(diff.status).toBe(200);
        expect(diff.body.summary).toEqual({
          added: 1,
          removed: 0,
          changed: 1,
          unchanged: 1,
        });
        expect(diff.body.entries).toEqual([
          {
            entityRef: 'component:default/payments-api',
            environment: 'development',
            change: 'added',
            before: null,
            after: '2.5.0',
          },
          {
            entityRef: 'component:default/payments-api',
            environment: 'staging',
            change: 'changed',
            before: '2.4.0',
            after: '2.5.0',
          },
        ]);

        const second = await request(app)
          .post('/api/releases/baselines')
          .send({ name: 'After', scope: { system: 'payments' } });
        const between = await request(app).get(
          `/api/releases/baselines/${first.body.id}/diff?against=${second.body.id}`,
        );
        expect(between.body.summary).toEqual({
          added: 1,
          removed: 0,
          changed: 1,
          unchanged: 1,
        });

        const list = await request(app).get('/api/releases/baselines');
        expect(list.body.items.map((b: any) => [b.name, b.itemCount])).toEqual(
          expect.arrayContaining([
            ['Before the 2.5 release', 2],
            ['After', 3],
          ]),
        );

        const csv = await request(app).get(
          `/api/releases/baselines/${first.body.id}/diff?format=csv`,
        );
        expect(csv.text.trim().split('\n')).toEqual([
          'entityRef,environment,change,before,after',
          'component:default/payments-api,development,added,,2.5.0',
          'component:default/payments-api,staging,changed,2.4.0,2.5.0',
        ]);
      });

      it('validates the scope and refuses unknown baselines', async () => {
        const bad = await request(app)
          .post('/api/releases/baselines')
          .send({ name: 'x', scope: { system: 'a', owner: 'b' } });
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toBe(
          'scope: needs exactly one of entityRef, system or owner',
        );
        const ghost = await request(app)
          .post('/api/releases/baselines')
          .send({ name: 'x', scope: { system: 'ghost' } });
        expect(ghost.status).toBe(400);
        expect(ghost.body.error.message).toBe(
          'scope.system: system:default/ghost does not exist in the catalog',
        );
        expect(
          Number((await knex('baselines').count({ count: '*' }))[0].count),
        ).toBe(0);
        expect(
          (
            await request(app).get(
              '/api/releases/baselines/00000000-0000-4000-8000-00000000ffff/diff',
            )
          ).status,
        ).toBe(404);
        // A NUL in the id was a 500 on PostgreSQL (found by fuzzing).
        expect(
          (await request(app).get('/api/releases/baselines/%00')).status,
        ).toBe(404);
        const service = await request(app)
          .post('/api/releases/baselines')
          .set('Authorization', mockCredentials.service.header())
          .send({ name: 'x', scope: { system: 'payments' } });
        expect(service.status).toBe(403);
      });
    });

    describe('GET /impact', () => {
      it('finds dependents, API consumers and systems with how each is reached', async () => {
        const res = await request(app).get(
          '/api/releases/impact?entityRef=ledger-service&depth=3',
        );
        expect(res.status).toBe(200);
        expect(
          res.body.dependents.map((d: any) => [
            d.depth,
            d.entityRef,
            d.relation,
            d.path.join(' > '),
          ]),
        ).toEqual([
          [
            1,
            'component:default/payments-api',
            'dependencyOf',
            'component:default/payments-api',
          ],
          [1, 'system:default/payments', 'partOf', 'system:default/payments'],
          [
            2,
            'component:default/cart-service',
            'consumesApi api:default/payments-rest',
            'component:default/payments-api > component:default/cart-service',
          ],
          [
            2,
            'component:default/checkout-service',
            'dependencyOf',
            'component:default/payments-api > component:default/checkout-service',
          ],
          [
            3,
            'system:default/storefront',
            'partOf',
            'component:default/payments-api > component:default/checkout-service > system:default/storefront',
          ],
        ]);
        const shallow = await request(app).get(
          '/api/releases/impact?entityRef=ledger-service&depth=1',
        );
        expect(shallow.body.dependents).toHaveLength(2);
        expect(
          (await request(app).get('/api/releases/impact?entityRef=ghost'))
            .status,
        ).toBe(400);
        expect(
          (
            await request(app).get(
              '/api/releases/impact?entityRef=ledger-service&depth=9',
            )
          ).body.error.message,
        ).toBe('depth: must be at most 5');
      });
    });
  },
);
