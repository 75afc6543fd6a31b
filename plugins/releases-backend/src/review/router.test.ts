import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { KnexDeploymentStore } from '../configuration/KnexDeploymentStore';
import { ReviewStore } from './ReviewStore';
import { releasesTestFeatures } from '../__testUtils__/backend';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(90_000);

const databases = createTestDatabases();
const pipeline = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:monitoring'),
  targetPluginId: 'releases',
});
const t = (iso: string) => new Date(iso);

describe.each(databases.eachSupportedId())(
  'review and KPIs on %p',
  databaseId => {
    let knex: Knex;
    let app: any;

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
        'incidents',
        'release_reviews',
        'approvals',
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

    async function insertRelease(
      id: string,
      createdAt: string,
      component: string,
      deploys: string[],
    ) {
      await knex('releases').insert({
        id,
        title: id,
        description: '',
        type: 'minor',
        phase: 'closed',
        planned_start: t(createdAt),
        planned_end: t(createdAt),
        owner: 'group:default/payments-team',
        created_by: 'user:default/alice',
        environments: JSON.stringify(['production']),
        revision: 1,
        created_at: t(createdAt),
        updated_at: t(createdAt),
        // As the store keeps it: the first entry into deploy.
        first_deployed_at:
          deploys.length > 0 ? t([...deploys].sort()[0]) : null,
      });
      await knex('release_components').insert({
        release_id: id,
        entity_ref: `component:default/${component}`,
        version: null,
        position: 0,
        // As the store keeps them: the release's phase and times, per component.
        phase: 'closed',
        planned_start: t(createdAt),
        planned_end: t(createdAt),
        first_deployed_at:
          deploys.length > 0 ? t([...deploys].sort()[0]) : null,
        release_created_at: t(createdAt),
      });
      for (const at of deploys) {
        await knex('release_phase_periods').insert({
          release_id: id,
          phase: 'deploy',
          entered_at: t(at),
          left_at: null,
        });
      }
    }

    const deploy = (body: object) =>
      request(app)
        .post('/api/releases/deployments')
        .set('Authorization', pipeline)
        .send({
          status: 'succeeded',
          source: 'ci',
          environment: 'production',
          ...body,
        });
    const incident = (body: object) =>
      request(app)
        .post('/api/releases/incidents')
        .set('Authorization', pipeline)
        .send({
          severity: 'high',
          title: 'Errors',
          source: 'alertmanager',
          environment: 'production',
          ...body,
        });

    /** The fixed data set the KPIs below are computed from by hand. */
    async function seed() {
      const uuid = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
      await insertRelease(uuid(1), '2026-01-01T00:00:00Z', 'payments-api', [
        '2026-01-03T00:00:00Z',
      ]);
      await insertRelease(uuid(2), '2026-01-05T00:00:00Z', 'payments-api', [
        '2026-01-06T00:00:00Z',
        '2026-02-02T00:00:00Z',
      ]);
      await insertRelease(uuid(3), '2026-02-01T00:00:00Z', 'cart-service', [
        '2026-02-11T00:00:00Z',
      ]);
      const reviewed = [
        [uuid(1), '2026-01-10T00:00:00Z', 'successful'],
        [uuid(2), '2026-02-05T00:00:00Z', 'failed'],
      ];
      for (const [releaseId, at, outcome] of reviewed) {
        await knex('release_components')
          .where({ release_id: releaseId })
          .update({ reviewed_at: t(at), review_outcome: outcome });
      }
      await knex('release_reviews').insert([
        {
          release_id: uuid(1),
          outcome: 'successful',
          went_well: '',
          went_wrong: '',
          actions: '[]',
          reviewed_by: 'user:default/bob',
          reviewed_at: t('2026-01-10T00:00:00Z'),
        },
        {
          release_id: uuid(2),
          outcome: 'failed',
          went_well: '',
          went_wrong: '',
          actions: '[]',
          reviewed_by: 'user:default/bob',
          reviewed_at: t('2026-02-05T00:00:00Z'),
        },
      ]);
      // History is written through the stores, as it happened: reports
      // through the API are recorded at the server's time.
      const deployments: Array<Record<string, string>> = [
        {
          externalId: 'd1',
          entityRef: 'payments-api',
          version: '1',
          deployedAt: '2026-01-03T10:00:00Z',
          releaseId: uuid(1),
        },
        {
          externalId: 'd2',
          entityRef: 'payments-api',
          version: '2',
          deployedAt: '2026-01-06T10:00:00Z',
          releaseId: uuid(2),
        },
        {
          externalId: 'd3',
          entityRef: 'cart-service',
          version: '1',
          deployedAt: '2026-02-11T10:00:00Z',
          releaseId: uuid(3),
        },
        {
          externalId: 'd4',
          entityRef: 'payments-api',
          version: '3',
          deployedAt: '2026-02-20T10:00:00Z',
          status: 'failed',
        },
        {
          externalId: 'd5',
          entityRef: 'payments-api',
          version: '3',
          deployedAt: '2026-01-02T10:00:00Z',
          environment: 'staging',
        },
        // A production deployment without a release: deployments and
        // releases differ in number, so a rate divided by the wrong one shows.
        {
          externalId: 'd7',
          entityRef: 'payments-api',
          version: '2.1',
          deployedAt: '2026-01-20T10:00:00Z',
        },
      ];
      const store = new KnexDeploymentStore(knex);
      for (const d of deployments) {
        const { created } = await store.record({
          entityRef: `component:default/${d.entityRef}`,
          environment: d.environment ?? 'production',
          version: d.version,
          status: (d.status ?? 'succeeded') as 'succeeded',
          deployedAt: new Date(d.deployedAt).toISOString(),
          actor: 'external:ci',
          source: 'ci',
          externalId: d.externalId,
          releaseId: d.releaseId ?? null,
          commit: null,
          url: null,
          authorized: true,
          authorizationReason: 'history',
        });
        expect(created).toBe(true);
      }
      const incidents = [
        {
          externalId: 'i1',
          entityRef: 'payments-api',
          openedAt: '2026-01-06T12:00:00Z',
          resolvedAt: '2026-01-06T12:30:00Z',
        },
        {
          externalId: 'i2',
          entityRef: 'cart-service',
          openedAt: '2026-02-13T11:00:00Z',
          resolvedAt: '2026-02-13T13:00:00Z',
        },
        {
          externalId: 'i3',
          entityRef: 'payments-api',
          openedAt: '2026-02-25T00:00:00Z',
        },
        {
          externalId: 'i4',
          entityRef: 'payments-api',
          openedAt: '2026-01-03T11:00:00Z',
          resolvedAt: '2026-01-03T11:10:00Z',
        },
      ];
      const recorded: Record<string, any> = {};
      const reviews = new ReviewStore(knex);
      for (const i of incidents) {
        const { incident: saved, created } = await reviews.recordIncident(
          {
            entityRef: `component:default/${i.entityRef}`,
            environment: 'production',
            severity: 'high',
            title: 'Errors',
            openedAt: new Date(i.openedAt).toISOString(),
            resolvedAt: i.resolvedAt
              ? new Date(i.resolvedAt).toISOString()
              : null,
            url: null,
            source: 'alertmanager',
            externalId: i.externalId,
          },
          24 * 3600 * 1000,
        );
        expect(created).toBe(true);
        recorded[i.externalId] = saved;
      }
      return recorded;
    }

    it('attributes an incident to the latest deployment inside the window, and through it to the release', async () => {
      const recorded = await seed();
      const d2 = await knex('deployments').where({ external_id: 'd2' }).first();
      expect(recorded.i1).toMatchObject({
        deploymentId: String(d2.id),
        releaseId: '00000000-0000-4000-8000-000000000002',
      });
      // 50 hours after cart-service's deployment: outside the 24 h window.
      expect(recorded.i2).toMatchObject({
        deploymentId: null,
        releaseId: null,
      });
      // The failed deployment five days earlier does not count, and none is within 24 h.
      expect(recorded.i3).toMatchObject({
        deploymentId: null,
        releaseId: null,
        resolvedAt: null,
      });

      // Through the API: a report now is attributed to the deployment just made.
      const deployed = await deploy({
        externalId: 'now-1',
        entityRef: 'payments-api',
        version: '4',
      });
      expect(deployed.status).toBe(201);
      const openedAt = new Date(Date.now() - 60_000).toISOString();
      const opened = await incident({
        externalId: 'i-now',
        entityRef: 'payments-api',
        openedAt,
      });
      expect(opened.status).toBe(201);
      // A deployment recorded after the alert opened did not cause it.
      expect(opened.body.deploymentId).toBeNull();
      const later = await incident({
        externalId: 'i-later',
        entityRef: 'payments-api',
        openedAt: new Date(Date.now() + 1000).toISOString(),
      });
      expect(later.body.deploymentId).toBe(deployed.body.id);

      // A repeat of the same alert is the same incident, and may resolve it.
      const resolvedAt = new Date().toISOString();
      const resolved = await incident({
        externalId: 'i-now',
        entityRef: 'payments-api',
        openedAt,
        resolvedAt,
      });
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({
        id: opened.body.id,
        resolvedAt,
      });
      expect(Number((await knex('incidents').count({ c: '*' }))[0].c)).toBe(6);

      const forRelease = await request(app).get(
        '/api/releases/incidents?releaseId=00000000-0000-4000-8000-000000000002',
      );
      expect(forRelease.body.items.map((i: any) => i.externalId)).toEqual([
        'i1',
      ]);

      const bad = await incident({
        externalId: 'x',
        entityRef: 'payments-api',
        openedAt,
        resolvedAt: new Date(Date.parse(openedAt) - 60_000).toISOString(),
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toBe(
        'resolvedAt: must not be before openedAt',
      );
      expect(
        (
          await incident({
            externalId: 'y',
            entityRef: 'ghost',
            openedAt,
          })
        ).body.error.message,
      ).toBe(
        'entityRef: component:default/ghost does not exist in the catalog',
      );
      const stale = await incident({
        externalId: 'z',
        entityRef: 'payments-api',
        openedAt: '2026-02-25T00:00:00Z',
      });
      expect(stale.status).toBe(400);
      expect(stale.body.error.fields).toEqual([
        { field: 'openedAt', message: 'must be within the last 90 days' },
      ]);
    });

    it('computes every KPI as counted by hand, per month and in total', async () => {
      await seed();
      const res = await request(app).get(
        '/api/releases/metrics?from=2026-01-01T00:00:00Z&to=2026-04-01T00:00:00Z&bucket=month',
      );
      expect(res.status).toBe(200);
      const [jan, feb, mar] = res.body.buckets;
      expect(res.body.buckets.map((b: any) => b.start)).toEqual([
        '2026-01-01T00:00:00.000Z',
        '2026-02-01T00:00:00.000Z',
        '2026-03-01T00:00:00.000Z',
      ]);
      expect(jan).toMatchObject({
        releases: 2,
        productionDeployments: 3,
        productionDeploymentsWithIncident: 2,
        changeFailureRate: 0.6667,
        reviewedReleases: 1,
        successfulReleases: 1,
        changeSuccessRate: 1,
        incidents: 2,
        incidentsAfterRelease: 2,
        meanTimeToRecoveryMinutes: 20,
        medianTimeToRecoveryMinutes: 20,
        meanLeadTimeHours: 36,
      });
      expect(feb).toMatchObject({
        releases: 1,
        productionDeployments: 1,
        productionDeploymentsWithIncident: 0,
        changeFailureRate: 0,
        reviewedReleases: 1,
        successfulReleases: 0,
        changeSuccessRate: 0,
        incidents: 2,
        incidentsAfterRelease: 0,
        meanTimeToRecoveryMinutes: 120,
        medianTimeToRecoveryMinutes: 120,
        meanLeadTimeHours: 240,
      });
      // An empty month: counts are zero and rates are null, never NaN.
      expect(mar).toEqual({
        start: '2026-03-01T00:00:00.000Z',
        end: '2026-04-01T00:00:00.000Z',
        releases: 0,
        productionDeployments: 0,
        reviewedReleases: 0,
        successfulReleases: 0,
        changeSuccessRate: null,
        productionDeploymentsWithIncident: 0,
        changeFailureRate: null,
        incidentsAfterRelease: 0,
        incidents: 0,
        meanTimeToRecoveryMinutes: null,
        medianTimeToRecoveryMinutes: null,
        meanLeadTimeHours: null,
        deploymentsWithCommitTime: 0,
        meanLeadTimeForChangesHours: null,
        medianLeadTimeForChangesHours: null,
      });
      expect(res.body.totals).toMatchObject({
        releases: 3,
        productionDeployments: 4,
        productionDeploymentsWithIncident: 2,
        changeFailureRate: 0.5,
        reviewedReleases: 2,
        changeSuccessRate: 0.5,
        incidents: 4,
        incidentsAfterRelease: 2,
        meanTimeToRecoveryMinutes: 53.3,
        medianTimeToRecoveryMinutes: 30,
        meanLeadTimeHours: 104,
      });
      expect(res.text).not.toContain('NaN');
    });

    it('narrows KPIs to a system and buckets by ISO week', async () => {
      await seed();
      const system = await request(app).get(
        '/api/releases/metrics?system=payments&from=2026-01-01T00:00:00Z&to=2026-04-01T00:00:00Z',
      );
      expect(system.body.totals).toMatchObject({
        releases: 2,
        productionDeployments: 3,
        incidents: 3,
        incidentsAfterRelease: 2,
        medianTimeToRecoveryMinutes: 20,
      });

      const weeks = await request(app).get(
        '/api/releases/metrics?from=2026-01-05T00:00:00Z&to=2026-01-19T00:00:00Z&bucket=week',
      );
      expect(
        weeks.body.buckets.map((b: any) => [
          b.start,
          b.releases,
          b.productionDeployments,
          b.incidents,
        ]),
      ).toEqual([
        ['2026-01-05T00:00:00.000Z', 1, 1, 1],
        ['2026-01-12T00:00:00.000Z', 0, 0, 0],
      ]);
    });

    it('answers an empty range without division by zero and refuses bad ranges', async () => {
      const res = await request(app).get(
        '/api/releases/metrics?from=2027-06-01T00:00:00Z&to=2027-07-01T00:00:00Z',
      );
      expect(res.status).toBe(200);
      expect(res.body.totals.changeSuccessRate).toBeNull();
      expect(res.body.totals.meanTimeToRecoveryMinutes).toBeNull();
      expect(res.text).not.toContain('NaN');
      expect(
        (
          await request(app).get(
            '/api/releases/metrics?from=2025-01-01T00:00:00Z&to=2027-01-03T00:00:00Z',
          )
        ).body.error.message,
      ).toBe('to: the range may span at most 731 days');
      expect(
        (
          await request(app).get(
            '/api/releases/metrics?from=2028-06-01T00:00:00Z&to=2028-07-01T00:00:00Z',
          )
        ).body.error.fields,
      ).toEqual([
        { field: 'to', message: 'may be at most 366 days after now' },
      ]);
      expect(
        (
          await request(app).get(
            '/api/releases/metrics?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&bucket=day',
          )
        ).status,
      ).toBe(400);
    });

    it('saves reviews sent at once one after the other, each with its revision and history', async () => {
      const created = await request(app)
        .post('/api/releases/releases')
        .set('Authorization', mockCredentials.user.header('user:default/alice'))
        .send({
          title: 'Payments 2.7',
          type: 'minor',
          owner: 'payments-team',
          plannedStart: '2026-12-07T09:00:00Z',
          plannedEnd: '2026-12-08T09:00:00Z',
          environments: ['staging'],
          components: [{ entityRef: 'payments-api' }],
        });
      const id = created.body.id;
      for (const to of ['design', 'build', 'test', 'deploy', 'review']) {
        await request(app)
          .post(`/api/releases/releases/${id}/transitions`)
          .send({ to });
      }
      const before = (await request(app).get(`/api/releases/releases/${id}`))
        .body.revision;

      const outcomes = ['successful', 'failed', 'rolled_back', 'successful'];
      const saved = await Promise.all(
        outcomes.map(outcome =>
          request(app)
            .post(`/api/releases/releases/${id}/review`)
            .send({ outcome, wentWell: outcome }),
        ),
      );
      expect(saved.map(r => r.status)).toEqual([201, 201, 201, 201]);

      const release = (await request(app).get(`/api/releases/releases/${id}`))
        .body;
      expect(release.revision).toBe(before + outcomes.length);
      const events = await knex('release_events').where({
        release_id: id,
        type: 'reviewed',
      });
      expect(events).toHaveLength(outcomes.length);
      // The review kept is the last one saved, and the release shows its outcome.
      const review = (
        await request(app).get(`/api/releases/releases/${id}/review`)
      ).body;
      expect(release.outcome).toBe(review.outcome);
    });

    it('records a post-implementation review only in review, with history, and closes afterwards', async () => {
      const created = await request(app)
        .post('/api/releases/releases')
        .set('Authorization', mockCredentials.user.header('user:default/alice'))
        .send({
          title: 'Payments 2.6',
          type: 'minor',
          owner: 'payments-team',
          plannedStart: '2026-12-07T09:00:00Z',
          plannedEnd: '2026-12-08T09:00:00Z',
          environments: ['staging'],
          components: [{ entityRef: 'payments-api' }],
        });
      const id = created.body.id;
      expect(created.body.risk).toMatchObject({
        level: expect.stringMatching(/low|medium|high/),
      });
      expect(created.body.risk.reasons.map((r: any) => r.factor)).toEqual([
        'type',
        'dependents',
        'change_failure_rate',
        'freeze_proximity',
        'lead_time',
      ]);

      const review = {
        outcome: 'partially_successful',
        wentWell: 'Rollout',
        wentWrong: 'Alert noise',
        actions: [{ description: 'Tune alerts', owner: 'bob' }],
      };
      const early = await request(app)
        .post(`/api/releases/releases/${id}/review`)
        .send(review);
      expect(early.status).toBe(409);
      expect(
        (await request(app).get(`/api/releases/releases/${id}/review`)).status,
      ).toBe(404);

      for (const to of ['design', 'build', 'test', 'deploy', 'review']) {
        expect(
          (
            await request(app)
              .post(`/api/releases/releases/${id}/transitions`)
              .send({ to })
          ).status,
        ).toBe(200);
      }
      const invalid = await request(app)
        .post(`/api/releases/releases/${id}/review`)
        .send({
          outcome: 'great',
          actions: [{ description: '', owner: 'bob' }],
        });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.message).toBe(
        'outcome: must be one of successful, partially_successful, failed, rolled_back; actions.0.description: is required',
      );
      // NUL characters were 500s on PostgreSQL (found by fuzzing).
      const nul = await request(app)
        .post(`/api/releases/releases/${id}/review`)
        .send({
          ...review,
          actions: [{ description: 'x', owner: 'bob\u0000' }],
        });
      expect(nul.status).toBe(400);
      expect(nul.body.error.message).toBe(
        'actions.0.owner: must not contain NUL characters',
      );
      expect(
        (
          await request(app)
            .post(`/api/releases/releases/${id}%00/review`)
            .send(review)
        ).status,
      ).toBe(404);
      expect(
        Number((await knex('release_reviews').count({ c: '*' }))[0].c),
      ).toBe(0);

      const saved = await request(app)
        .post(`/api/releases/releases/${id}/review`)
        .send(review);
      expect(saved.status).toBe(201);
      expect(saved.body).toMatchObject({
        outcome: 'partially_successful',
        actions: [{ description: 'Tune alerts', owner: 'user:default/bob' }],
        reviewedBy: 'user:default/mock',
      });
      expect(
        (await request(app).get(`/api/releases/releases/${id}/review`)).body
          .wentWrong,
      ).toBe('Alert noise');
      expect(
        (await request(app).get(`/api/releases/releases/${id}`)).body.outcome,
      ).toBe('partially_successful');
      const events = await request(app).get(
        `/api/releases/releases/${id}/events`,
      );
      expect(events.body.items[0]).toMatchObject({
        type: 'reviewed',
        changes: { outcome: { before: null, after: 'partially_successful' } },
      });
      expect(
        (
          await request(app)
            .post(`/api/releases/releases/${id}/transitions`)
            .send({ to: 'closed' })
        ).status,
      ).toBe(200);
    });
  },
);
