import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { releasesTestFeatures } from '../__testUtils__/backend';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const pipeline = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:ci-pipeline'),
  targetPluginId: 'releases',
});
const alice = mockCredentials.user.header('user:default/alice');
const HOUR = 3600_000;

describe.each(databases.eachSupportedId())(
  'deployment states on %p',
  databaseId => {
    let knex: Knex;
    let app: Awaited<ReturnType<typeof startTestBackend>>['server'];

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      app = (
        await startTestBackend({
          features: [...releasesTestFeatures(knex)],
        })
      ).server;
    });

    beforeEach(async () => {
      for (const table of [
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

    const base = {
      entityRef: 'component:default/payments-api',
      environment: 'staging',
      version: '2.6.0',
      source: 'deploy-tool',
      externalId: 'deploy-42',
      commit: '9fceb02d0ae598e95dc970b74767f19372d61af8',
    };
    const report = (body: Record<string, unknown>) =>
      request(app)
        .post('/api/releases/deployments')
        .set('Authorization', pipeline)
        .send({ ...base, ...body });
    const rows = () => knex('deployments').select('*');
    const currentVersion = async () =>
      (
        await request(app)
          .get(
            '/api/releases/versions?entityRef=component:default/payments-api',
          )
          .set('Authorization', pipeline)
      ).body.rows[0]?.environments?.staging?.version;

    it('moves one deployment forward: queued, in progress, succeeded', async () => {
      const queued = await report({
        status: 'queued',
        deployedAt: new Date(Date.now() - 60_000).toISOString(),
      });
      expect(queued.status).toBe(201);
      expect(queued.body).toMatchObject({
        status: 'queued',
        startedAt: null,
        finishedAt: null,
      });
      expect(await currentVersion()).toBeUndefined();

      const running = await report({
        status: 'in_progress',
        url: 'https://ci.example.com/runs/42',
      });
      expect(running.status).toBe(200);
      expect(running.body).toMatchObject({
        id: queued.body.id,
        status: 'in_progress',
        finishedAt: null,
        url: 'https://ci.example.com/runs/42',
        // The first report's time is kept.
        reportedAt: queued.body.reportedAt,
      });
      expect(Date.parse(running.body.startedAt)).toBeGreaterThanOrEqual(
        Date.parse(queued.body.deployedAt),
      );
      expect(await currentVersion()).toBeUndefined();

      const done = await report({
        status: 'succeeded',
        committedAt: new Date(Date.now() - 2 * HOUR).toISOString(),
      });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({
        id: queued.body.id,
        status: 'succeeded',
        startedAt: running.body.startedAt,
      });
      expect(Date.parse(done.body.finishedAt)).toBeGreaterThanOrEqual(
        Date.parse(running.body.startedAt),
      );
      expect(done.body.committedAt).not.toBeNull();
      expect(await currentVersion()).toBe('2.6.0');
      expect(await rows()).toHaveLength(1);
    });

    it('keeps the later state when an earlier one arrives late, and answers the record', async () => {
      expect((await report({ status: 'succeeded' })).status).toBe(201);
      for (const status of ['in_progress', 'queued']) {
        const late = await report({ status });
        expect(late.status).toBe(200);
        expect(late.body.status).toBe('succeeded');
      }
      const [row] = await rows();
      expect(row.status).toBe('succeeded');
    });

    it('refuses a second, different outcome and any change of what was deployed (409), writing nothing', async () => {
      const first = await report({ status: 'in_progress' });
      expect(first.status).toBe(201);

      const otherVersion = await report({
        status: 'succeeded',
        version: '2.7.0',
      });
      expect(otherVersion.status).toBe(409);
      expect(otherVersion.body.error.fields).toEqual([
        {
          field: 'version',
          message: expect.stringContaining('(2.6.0)'),
        },
      ]);
      const otherCommit = await report({
        status: 'succeeded',
        commit: 'abc1234',
      });
      expect(otherCommit.status).toBe(409);
      expect(otherCommit.body.error.fields[0].field).toBe('commit');

      expect((await report({ status: 'failed' })).status).toBe(200);
      const changedMind = await report({ status: 'succeeded' });
      expect(changedMind.status).toBe(409);
      expect(changedMind.body.error.fields).toEqual([
        {
          field: 'status',
          message: expect.stringContaining('(failed)'),
        },
      ]);
      const [row] = await rows();
      expect(row).toMatchObject({ status: 'failed', version: '2.6.0' });
      expect(await currentVersion()).toBeUndefined();
    });

    it('still refuses a repeat of the same state with different details', async () => {
      expect(
        (await report({ status: 'succeeded', url: 'https://ci.example.com/a' }))
          .status,
      ).toBe(201);
      const repeat = await report({
        status: 'succeeded',
        url: 'https://ci.example.com/b',
      });
      expect(repeat.status).toBe(409);
      expect(repeat.body.error.fields[0].field).toBe('url');
      expect(
        (await report({ status: 'succeeded', url: 'https://ci.example.com/a' }))
          .status,
      ).toBe(200);
    });

    it("keeps each state's reported time, so a retried final report with its own time is the same report", async () => {
      // GitLab and most tools stamp each state with the time it changed.
      const runningAt = new Date(Date.now() - 3 * 60_000).toISOString();
      const doneAt = new Date(Date.now() - 60_000).toISOString();
      const running = await report({
        status: 'in_progress',
        deployedAt: runningAt,
      });
      expect(running.status).toBe(201);
      expect(running.body.reportedAt).toBe(runningAt);
      const done = await report({ status: 'succeeded', deployedAt: doneAt });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({
        id: running.body.id,
        status: 'succeeded',
        reportedAt: doneAt,
        startedAt: running.body.startedAt,
      });
      // The delivery retried: the same record, nothing changes.
      const retried = await report({ status: 'succeeded', deployedAt: doneAt });
      expect(retried.status).toBe(200);
      expect(retried.body).toEqual(done.body);
      // A late, retried start changes nothing either.
      const late = await report({
        status: 'in_progress',
        deployedAt: runningAt,
      });
      expect(late.status).toBe(200);
      expect(late.body).toEqual(done.body);
      // The final state reported with another time is another report.
      const other = await report({
        status: 'succeeded',
        deployedAt: runningAt,
      });
      expect(other.status).toBe(409);
      expect(other.body.error.fields).toEqual([
        expect.objectContaining({ field: 'deployedAt' }),
      ]);
      expect(await rows()).toEqual([
        expect.objectContaining({ status: 'succeeded' }),
      ]);
    });

    it('decides authorization again when a queued deployment starts', async () => {
      const queued = await report({
        status: 'queued',
        environment: 'production',
      });
      expect(queued.body).toMatchObject({ authorized: false, releaseId: null });

      const created = await request(app)
        .post('/api/releases/releases')
        .set('Authorization', alice)
        .send({
          title: 'Payments 2.6',
          type: 'minor',
          plannedStart: new Date(Date.now() + 24 * HOUR).toISOString(),
          plannedEnd: new Date(Date.now() + 48 * HOUR).toISOString(),
          owner: 'group:default/payments-team',
          components: [
            { entityRef: 'component:default/payments-api', version: '2.6.0' },
          ],
          environments: ['production'],
        });
      expect(created.status).toBe(201);
      for (const to of ['design', 'build', 'test', 'deploy']) {
        const moved = await request(app)
          .post(`/api/releases/releases/${created.body.id}/transitions`)
          .set('Authorization', alice)
          .send({ to });
        expect(moved.status).toBe(200);
      }

      const started = await report({
        status: 'in_progress',
        environment: 'production',
      });
      expect(started.body).toMatchObject({
        authorized: true,
        releaseId: created.body.id,
      });
      expect(Date.parse(started.body.deployedAt)).toBeGreaterThan(
        Date.parse(queued.body.deployedAt),
      );

      // Once started, the verdict stands: the release leaving deploy does
      // not make the deployment that ran under it unauthorized.
      const moved = await request(app)
        .post(`/api/releases/releases/${created.body.id}/transitions`)
        .set('Authorization', alice)
        .send({ to: 'review' });
      expect(moved.status).toBe(200);
      const finished = await report({
        status: 'succeeded',
        environment: 'production',
      });
      expect(finished.body).toMatchObject({
        authorized: true,
        deployedAt: started.body.deployedAt,
      });
    });

    it('applies concurrent reports of one deployment one after the other', async () => {
      const statuses = [
        'queued',
        'succeeded',
        'in_progress',
        'queued',
        'succeeded',
        'in_progress',
        'succeeded',
        'queued',
      ];
      const answers = await Promise.all(
        statuses.map(status => report({ status })),
      );
      expect(answers.map(a => a.status).sort()).toEqual(
        [201, ...Array(statuses.length - 1).fill(200)].sort(),
      );
      const all = await rows();
      expect(all).toHaveLength(1);
      expect(all[0].status).toBe('succeeded');
      const current = await knex('current_versions').select('*');
      expect(current).toHaveLength(1);
      expect(String(current[0].deployment_id)).toBe(String(all[0].id));
    });

    it("measures DORA's lead time for changes from the commit to production", async () => {
      const deploy = (externalId: string, hoursAgo?: number) =>
        report({
          externalId,
          environment: 'production',
          status: 'succeeded',
          ...(hoursAgo
            ? {
                committedAt: new Date(
                  Date.now() - hoursAgo * HOUR,
                ).toISOString(),
              }
            : {}),
        });
      expect((await deploy('lead-1', 2)).status).toBe(201);
      expect((await deploy('lead-2', 10)).status).toBe(201);
      expect((await deploy('lead-3', 12)).status).toBe(201);
      // Without a commit time it counts as a deployment, not towards the lead time.
      expect((await deploy('lead-4')).status).toBe(201);
      // Staging is not production.
      expect(
        (
          await report({
            externalId: 'lead-5',
            status: 'succeeded',
            committedAt: new Date(Date.now() - 100 * HOUR).toISOString(),
          })
        ).status,
      ).toBe(201);

      const metrics = await request(app)
        .get(
          `/api/releases/metrics?from=${new Date(
            Date.now() - 24 * HOUR,
          ).toISOString()}&to=${new Date(Date.now() + HOUR).toISOString()}`,
        )
        .set('Authorization', pipeline);
      expect(metrics.status).toBe(200);
      expect(metrics.body.totals).toMatchObject({
        productionDeployments: 4,
        deploymentsWithCommitTime: 3,
        meanLeadTimeForChangesHours: 8,
        medianLeadTimeForChangesHours: 10,
      });
    });
  },
);
