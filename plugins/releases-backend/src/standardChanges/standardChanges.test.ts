import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import request from 'supertest';
import { releasesPlugin } from '../plugin';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const config = {
  releases: {
    environments: [{ name: 'staging' }, { name: 'production', gated: true }],
    approvalPolicies: [
      {
        name: 'owner-for-production',
        when: { environments: ['production'] },
        require: [{ owner: true, count: 1 }],
      },
    ],
    cab: {
      boards: [
        {
          name: 'Weekly CAB',
          group: 'group:default/cab',
          rrule: 'FREQ=WEEKLY;BYDAY=TH;BYHOUR=14',
          when: { environments: ['production'] },
        },
      ],
    },
    standardChanges: [
      {
        name: 'Certificate rotation',
        description: 'Rotate the TLS certificates of the payments API',
        components: ['payments-api'],
        environments: ['staging', 'production'],
        maxRiskLevel: 'medium',
        checklist: ['New certificate issued by the internal CA'],
      },
      {
        name: 'Payments config tweak',
        selector: { system: 'payments' },
        environments: ['production'],
        maxRiskLevel: 'low',
      },
    ],
    rollbackPlans: {
      requiredWhen: [{ types: ['major'], environments: ['production'] }],
    },
  },
};

const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);

describe.each(databases.eachSupportedId())(
  'standard changes and rollback plans on %p',
  databaseId => {
    let knex: Knex;
    let app: Awaited<ReturnType<typeof startTestBackend>>['server'];

    const call = (
      method: 'get' | 'post' | 'patch',
      path: string,
      who: string,
      body?: object,
    ) => {
      const req = request(app)
        [method](`/api/releases${path}`)
        .set('Authorization', as(who));
      return body ? req.send(body) : req;
    };

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      app = (
        await startTestBackend({
          features: [
            releasesPlugin,
            mockServices.database.factory({ knex }),
            catalogServiceMock.factory({ entities: testEntities }),
            mockServices.rootConfig.factory({ data: config }),
          ],
        })
      ).server;
    });

    const inAWeek = DateTime.utc().plus({ days: 7 }).startOf('hour');
    const window = {
      plannedStart: inAWeek.toISO(),
      plannedEnd: inAWeek.plus({ hours: 2 }).toISO(),
    };

    async function plan(body: Record<string, unknown>) {
      return call('post', '/releases', 'alice', {
        title: 'Rotate certificates',
        type: 'minor',
        owner: 'group:default/payments-team',
        components: [{ entityRef: 'component:default/payments-api' }],
        ...window,
        ...body,
      });
    }

    async function toDeploy(id: string) {
      for (const to of ['design', 'build', 'test']) {
        expect(
          (await call('post', `/releases/${id}/transitions`, 'alice', { to }))
            .status,
        ).toBe(200);
      }
      return call('post', `/releases/${id}/transitions`, 'alice', {
        to: 'deploy',
      });
    }

    it('lists the catalogue', async () => {
      const res = await call('get', '/standard-changes', 'bob');
      expect(res.status).toBe(200);
      expect(res.body.items[0]).toEqual({
        name: 'Certificate rotation',
        description: 'Rotate the TLS certificates of the payments API',
        components: ['component:default/payments-api'],
        environments: ['staging', 'production'],
        maxRiskLevel: 'medium',
        checklist: ['New certificate issued by the internal CA'],
      });
      expect(res.body.items[1]).toMatchObject({
        name: 'Payments config tweak',
        selector: { system: ['payments'] },
        maxRiskLevel: 'low',
      });
    });

    it('deploys a standard change inside its template without any human approval', async () => {
      const created = await plan({ standardChange: 'Certificate rotation' });
      expect(created.status).toBe(201);
      // Its template's environments, as none were given.
      expect(created.body.environments).toEqual(['staging', 'production']);
      expect(created.body.standardChange).toEqual({
        name: 'Certificate rotation',
        qualifies: true,
        reason: expect.stringContaining(
          'pre-approved by the standard change "Certificate rotation"',
        ),
      });
      const approvals = await call(
        'get',
        `/releases/${created.body.id}/approvals`,
        'bob',
      );
      expect(approvals.body).toMatchObject({
        status: 'approved',
        standardChange: { name: 'Certificate rotation', qualifies: true },
        viewer: {
          canDecide: false,
          reason:
            'the release is pre-approved as the standard change "Certificate rotation"',
        },
      });
      // Pre-approved: the owner rule is satisfied by the template; no CAB.
      expect(approvals.body.rules).toEqual([
        expect.objectContaining({
          policy: 'owner-for-production',
          state: 'satisfied',
          approvers: [],
          satisfiedBy: 'standard change "Certificate rotation"',
        }),
      ]);
      expect(approvals.body.boards).toBeUndefined();
      const history = await call(
        'get',
        `/releases/${created.body.id}/events`,
        'bob',
      );
      expect(history.body.items[0]).toMatchObject({
        type: 'created',
        changes: {
          standardChange: {
            before: null,
            after: { name: 'Certificate rotation', qualifies: true },
          },
        },
      });

      expect((await toDeploy(created.body.id)).status).toBe(200);
      const gate = await call(
        'get',
        '/gate?entityRef=payments-api&environment=production',
        'bob',
      );
      expect(gate.body).toMatchObject({
        allowed: true,
        releaseId: created.body.id,
      });
      expect(gate.body.reasons).toContain(
        'pre-approved as the standard change "Certificate rotation"',
      );

      // The world moves on: its risk is now high, above the ceiling. The
      // gate judges it as it is now, and it is a normal change again.
      const risk = { ...created.body.risk, level: 'high', score: 80 };
      await knex('releases')
        .where({ id: created.body.id })
        .update({ risk: JSON.stringify(risk) });
      const closed = await call(
        'get',
        '/gate?entityRef=payments-api&environment=production',
        'bob',
      );
      expect(closed.body.allowed).toBe(false);
      expect(closed.body.reasons.join(' ')).toContain(
        'not pre-approved as the standard change "Certificate rotation": its risk is high (score 80), above the ceiling of the standard change "Certificate rotation" (medium)',
      );
      const read = await call('get', `/releases/${created.body.id}`, 'bob');
      expect(read.body.standardChange).toMatchObject({ qualifies: false });
      await knex('releases').where({ id: created.body.id }).delete();
    });

    it('makes a release outside its template a normal change, and says why', async () => {
      const outside = await plan({
        standardChange: 'Certificate rotation',
        components: [
          { entityRef: 'component:default/payments-api' },
          { entityRef: 'component:default/checkout-service' },
        ],
      });
      expect(outside.status).toBe(201);
      expect(outside.body.standardChange).toEqual({
        name: 'Certificate rotation',
        qualifies: false,
        reason:
          'it touches component:default/checkout-service, which the standard change "Certificate rotation" does not cover',
      });
      const refused = await toDeploy(outside.body.id);
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toContain(
        'It is a normal change, not the standard change "Certificate rotation": it touches component:default/checkout-service',
      );
      expect(refused.body.error.message).toContain('owner-for-production');
      expect(refused.body.error.message).toContain('Weekly CAB');

      // Too risky for a template with a low ceiling (a major release is at least medium).
      const risky = await plan({
        standardChange: 'Payments config tweak',
        type: 'major',
        environments: ['production'],
        rollbackPlan: { text: 'Redeploy the previous version' },
      });
      expect(risky.status).toBe(201);
      expect(risky.body.standardChange.qualifies).toBe(false);
      expect(risky.body.standardChange.reason).toMatch(
        /^its risk is (medium|high) \(score \d+\), above the ceiling of the standard change "Payments config tweak" \(low\)$/,
      );

      // An edit that leaves the template makes a standard change normal, in the history.
      const inside = await plan({ standardChange: 'Certificate rotation' });
      expect(inside.body.standardChange.qualifies).toBe(true);
      const edited = await call(
        'patch',
        `/releases/${inside.body.id}`,
        'alice',
        {
          environments: ['staging', 'production'],
          components: [{ entityRef: 'component:default/ledger-service' }],
          revision: inside.body.revision,
        },
      );
      expect(edited.status).toBe(200);
      expect(edited.body.standardChange).toMatchObject({
        qualifies: false,
        reason: expect.stringContaining('component:default/ledger-service'),
      });
      const history = await call(
        'get',
        `/releases/${inside.body.id}/events`,
        'alice',
      );
      expect(history.body.items[0].changes.standardChange).toMatchObject({
        before: { qualifies: true },
        after: { qualifies: false },
      });

      const unknown = await plan({ standardChange: 'Nope' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toBe(
        'standardChange: "Nope" is not a standard change ("Certificate rotation", "Payments config tweak")',
      );
    });

    it('refuses a release the configuration asks a rollback plan of to enter deploy without one', async () => {
      // Planned the day after the board's next meeting, so that it is on
      // that meeting's agenda whatever the day and hour of the run (a week
      // ahead falls after the following meeting on Thursday afternoons).
      const meeting = (await call('get', '/cab/boards', 'carol')).body.items[0]
        .nextMeeting;
      const dayAfter = DateTime.fromISO(meeting.start).plus({ days: 1 });
      const created = await plan({
        title: 'Payments 4.0',
        type: 'major',
        environments: ['production'],
        plannedStart: dayAfter.toISO(),
        plannedEnd: dayAfter.plus({ hours: 2 }).toISO(),
      });
      expect(created.status).toBe(201);
      expect(created.body.rollbackPlan).toBeNull();
      const id = created.body.id;
      // Its approvals: the owner, and the CAB's chair (the cab group here).
      await call('post', `/releases/${id}/approvals`, 'bob', {
        decision: 'approved',
        comment: 'Owner',
      });
      expect(
        (
          await call(
            'post',
            `/cab/meetings/${meeting.id}/items/${id}/decision`,
            'carol',
            { decision: 'approved', comment: '' },
          )
        ).status,
      ).toBe(201);

      const refused = await toDeploy(id);
      expect(refused.status).toBe(409);
      expect(refused.body.error.fields).toEqual([
        {
          field: 'rollbackPlan',
          message:
            'is required before deploy for major releases to production (releases.rollbackPlans.requiredWhen): say how to undo the release first',
        },
      ]);
      const agenda = await call('get', `/cab/meetings/${meeting.id}`, 'carol');
      expect(
        agenda.body.items.find((i: any) => i.release.id === id),
      ).toMatchObject({ rollbackPlanRequired: true, state: 'approved' });

      const current = await call('get', `/releases/${id}`, 'alice');
      const withPlan = await call('patch', `/releases/${id}`, 'alice', {
        rollbackPlan: {
          text: 'Roll back to 3.9 with the blue/green switch',
          link: 'https://runbooks.example.com/payments/rollback',
        },
        revision: current.body.revision,
      });
      expect(withPlan.status).toBe(200);
      // Not what approvers approve: no new round.
      expect(withPlan.body.approvalRound).toBe(1);
      expect(
        (
          await call('post', `/releases/${id}/transitions`, 'alice', {
            to: 'deploy',
          })
        ).status,
      ).toBe(200);
      const read = await call('get', `/releases/${id}`, 'alice');
      expect(read.body.rollbackPlan).toEqual({
        text: 'Roll back to 3.9 with the blue/green switch',
        link: 'https://runbooks.example.com/payments/rollback',
      });
      const cleared = await call('patch', `/releases/${id}`, 'alice', {
        rollbackPlan: null,
        revision: read.body.revision,
      });
      expect(cleared.status).toBe(409);
      expect(cleared.body.error.fields[0].field).toBe('rollbackPlan');

      const badLink = await plan({
        // eslint-disable-next-line no-script-url -- a hostile input, refused
        rollbackPlan: { text: 'x', link: 'javascript:alert(1)' },
      });
      expect(badLink.status).toBe(400);
      expect(badLink.body.error.message).toBe(
        'rollbackPlan.link: must be an http(s) URL',
      );
    });
  },
);
