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
import { insertReleases } from '../__testUtils__/bulkReleases';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(90_000);

const databases = createTestDatabases();
const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);
const pipeline = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:ci'),
  targetPluginId: 'releases',
});

// A freeze that covers production right now, whatever day the test runs.
const now = DateTime.utc();
const config = (freezeNow: boolean) => ({
  releases: {
    environments: [{ name: 'staging' }, { name: 'production', gated: true }],
    freezeWindows: freezeNow
      ? [
          {
            name: 'Incident freeze',
            start: now.minus({ hours: 1 }).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
            end: now.plus({ hours: 5 }).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
            timezone: 'UTC',
            environments: ['production'],
            allow: ['emergency'],
          },
        ]
      : [],
    approvalPolicies: [
      {
        name: 'cab-for-major',
        when: { types: ['major'], environments: ['production'] },
        require: [
          { group: 'group:default/cab', count: 2 },
          { owner: true, count: 1 },
        ],
      },
      {
        name: 'emergency',
        when: { types: ['emergency'] },
        require: [{ group: 'release-managers', count: 1 }],
        reviewAfter: { days: 2 },
      },
    ],
  },
});

describe.each(databases.eachSupportedId())('approvals on %p', databaseId => {
  let knex: Knex;
  let app: any;
  let frozen: any;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    const start = async (freezeNow: boolean) =>
      (
        await startTestBackend({
          features: [
            releasesPlugin,
            mockServices.database.factory({ knex }),
            catalogServiceMock.factory({ entities: testEntities }),
            mockServices.rootConfig.factory({ data: config(freezeNow) }),
          ],
        })
      ).server;
    app = await start(false);
    frozen = await start(true);
  });

  beforeEach(async () => {
    for (const table of [
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

  async function plan(type: string, by = 'alice', extra: object = {}) {
    const res = await request(app)
      .post('/api/releases/releases')
      .set('Authorization', as(by))
      .send({
        title: `${type} release`,
        type,
        owner: 'group:default/payments-team',
        plannedStart: '2026-12-07T09:00:00Z',
        plannedEnd: '2026-12-08T09:00:00Z',
        environments: ['production'],
        components: [
          { entityRef: 'component:default/payments-api', version: '2.5.0' },
        ],
        ...extra,
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  const decide = (
    id: string,
    user: string,
    decision = 'approved',
    comment = '',
  ) =>
    request(app)
      .post(`/api/releases/releases/${id}/approvals`)
      .set('Authorization', as(user))
      .send({ decision, comment });
  const approvals = (id: string, user = 'bob') =>
    request(app)
      .get(`/api/releases/releases/${id}/approvals`)
      .set('Authorization', as(user));
  const move = (id: string, to: string, reason?: string, server = app) =>
    request(server)
      .post(`/api/releases/releases/${id}/transitions`)
      .set('Authorization', as('alice'))
      .send({ to, reason });
  async function walkTo(id: string, phase: string) {
    for (const to of [
      'design',
      'build',
      'test',
      'deploy',
      'review',
      'closed',
    ]) {
      const res = await move(id, to);
      expect(res.status).toBe(200);
      if (to === phase) return;
    }
  }

  it('shows each rule with required, given, eligible approvers and state', async () => {
    const id = await plan('major');
    const res = await approvals(id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'pending',
      round: 1,
      policies: ['cab-for-major'],
      separationOfDuties: true,
      review: null,
    });
    expect(
      res.body.rules.map((r: any) => [
        r.key,
        r.group,
        r.required,
        r.given,
        r.state,
      ]),
    ).toEqual([
      ['cab-for-major#0', 'group:default/cab', 2, 0, 'pending'],
      ['cab-for-major#1', 'group:default/payments-team', 1, 0, 'pending'],
    ]);
    // alice created it: under separation of duties she is no approver.
    expect(res.body.rules[1].eligible).toEqual([
      'user:default/bob',
      'user:default/dave',
    ]);
    expect(res.body.viewer).toEqual({ canDecide: true });
    expect((await approvals(id, 'alice')).body.viewer).toEqual({
      canDecide: false,
      reason:
        'separation of duties: you created this release, so someone else must approve it',
    });
  });

  it('counts N of M, one person once even in two groups, and opens the deploy gate when complete', async () => {
    const id = await plan('major');
    await walkTo(id, 'test');

    // dave is in cab and payments-team: he counts once.
    expect((await decide(id, 'dave')).status).toBe(201);
    let state = (await approvals(id)).body;
    expect(state.rules.map((r: any) => r.given)).toEqual([1, 0]);

    const refused = await move(id, 'deploy');
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(
      'cannot enter deploy before the release is approved',
    );
    expect(refused.body.error.message).toContain(
      'cab-for-major: 2 of group:default/cab (1 given)',
    );

    expect((await decide(id, 'carol')).status).toBe(201);
    state = (await approvals(id)).body;
    // carol and dave fill the CAB slots; the owner rule still lacks someone.
    expect(state.status).toBe('pending');
    expect(
      state.rules
        .map((r: any) => r.given)
        .reduce((a: number, b: number) => a + b),
    ).toBe(2);

    const last = await decide(id, 'bob', 'approved', 'Tested in staging');
    expect(last.body.approvals.status).toBe('approved');
    expect(
      last.body.approvals.rules.map((r: any) => r.approvers.sort()),
    ).toEqual([
      ['user:default/carol', 'user:default/dave'],
      ['user:default/bob'],
    ]);
    expect((await move(id, 'deploy')).status).toBe(200);

    const events = await request(app).get(
      `/api/releases/releases/${id}/events?order=asc`,
    );
    expect(
      events.body.items
        .filter((e: any) => e.type === 'approved')
        .map((e: any) => e.actor),
    ).toEqual(['user:default/dave', 'user:default/carol', 'user:default/bob']);
  });

  it('refuses the creator, non-members and rejections without a comment, writing nothing', async () => {
    const id = await plan('major');
    const own = await decide(id, 'alice');
    expect(own.status).toBe(403);
    expect(own.body.error.message).toContain('separation of duties');
    const stranger = await decide(id, 'erin');
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.message).toBe(
      'only members of group:default/cab, group:default/payments-team may decide on this release',
    );
    const bare = await decide(id, 'carol', 'rejected');
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toBe(
      'comment: is required when rejecting: say what must change',
    );
    const byPipeline = await request(app)
      .post(`/api/releases/releases/${id}/approvals`)
      .set('Authorization', pipeline)
      .send({ decision: 'approved' });
    expect(byPipeline.status).toBe(403);
    // A NUL in the id was a 500 on PostgreSQL (found by fuzzing).
    expect((await decide(`${id}%00`, 'carol')).status).toBe(404);
    expect(Number((await knex('approvals').count({ c: '*' }))[0].c)).toBe(0);
  });

  it('blocks deploy after a rejection; one decision per person and round, a new round after a change', async () => {
    const id = await plan('major');
    await walkTo(id, 'test');
    await decide(id, 'dave');
    await decide(id, 'bob');
    expect(
      (await decide(id, 'carol', 'rejected', 'No rollback plan')).status,
    ).toBe(201);
    const state = (await approvals(id)).body;
    expect(state.status).toBe('rejected');
    expect(state.rules[0].state).toBe('rejected');
    const refused = await move(id, 'deploy');
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(
      'rejected by a member of group:default/cab',
    );
    expect(refused.body.error.fields[0].field).toBe('to');

    // The same decision again is the same decision; another one is a 409.
    const again = await decide(id, 'carol', 'rejected', 'No rollback plan');
    expect(again.status).toBe(200);
    const changed = await decide(
      id,
      'carol',
      'approved',
      'Rollback plan added',
    );
    expect(changed.status).toBe(409);
    expect(changed.body.error.fields[0].field).toBe('decision');
    expect(
      Number(
        (
          await knex('approvals')
            .where({ release_id: id, approver: 'user:default/carol' })
            .count({ c: '*' })
        )[0].c,
      ),
    ).toBe(1);

    // Re-planning answers the rejection with a new round, where carol decides again.
    const { revision } = (
      await request(app)
        .get(`/api/releases/releases/${id}`)
        .set('Authorization', as('alice'))
    ).body;
    const replanned = await request(app)
      .patch(`/api/releases/releases/${id}`)
      .set('Authorization', as('alice'))
      .send({ revision, plannedEnd: '2026-12-09T09:00:00Z' });
    expect(replanned.body.approvalRound).toBe(2);
    for (const approver of ['carol', 'dave', 'bob']) {
      expect((await decide(id, approver)).status).toBe(201);
    }
    expect((await approvals(id)).body.status).toBe('approved');
  });

  it('resets approvals when what was approved changes, and records it in the history', async () => {
    const id = await plan('major');
    await decide(id, 'carol');
    await decide(id, 'bob');
    const titleOnly = await request(app)
      .patch(`/api/releases/releases/${id}`)
      .set('Authorization', as('alice'))
      .send({ revision: 1, title: 'Renamed' });
    expect(titleOnly.body.approvalRound).toBe(1);

    const moved = await request(app)
      .patch(`/api/releases/releases/${id}`)
      .set('Authorization', as('alice'))
      .send({ revision: 2, plannedEnd: '2026-12-09T09:00:00Z' });
    expect(moved.status).toBe(200);
    expect(moved.body.approvalRound).toBe(2);
    const state = (await approvals(id)).body;
    expect(state.round).toBe(2);
    expect(state.rules.map((r: any) => r.given)).toEqual([0, 0]);
    expect(state.decisions).toHaveLength(2);
    const events = await request(app).get(
      `/api/releases/releases/${id}/events`,
    );
    expect(events.body.items[0].changes.approvalRound).toEqual({
      before: 1,
      after: 2,
    });
  });

  it('records 20 concurrent approvals and counts each person once', async () => {
    const id = await plan('major');
    const reviewers = Array.from({ length: 20 }, (_, i) => `reviewer${i}`);
    const results = await Promise.all(
      [...reviewers, 'reviewer0', 'reviewer0'].map(r => decide(id, r)),
    );
    // reviewer0's repeats find the first decision: one row, one history event.
    expect(results.filter(r => r.status === 201)).toHaveLength(20);
    expect(results.filter(r => r.status === 200)).toHaveLength(2);
    expect(
      Number(
        (await knex('approvals').where({ release_id: id }).count({ c: '*' }))[0]
          .c,
      ),
    ).toBe(20);
    expect(
      Number(
        (
          await knex('release_events')
            .where({ release_id: id, type: 'approved' })
            .count({ c: '*' })
        )[0].c,
      ),
    ).toBe(20);
    const state = (await approvals(id)).body;
    // Only two CAB slots exist; the owner slot needs payments-team.
    expect(state.rules.map((r: any) => [r.given, r.state])).toEqual([
      [2, 'satisfied'],
      [0, 'pending'],
    ]);
    expect(new Set(state.rules[0].approvers).size).toBe(2);
  });

  it('serializes a late decision with the move into deploy: never both', async () => {
    const ids = await Promise.all(
      Array.from({ length: 6 }, () => plan('major')),
    );
    for (const id of ids) {
      await walkTo(id, 'test');
      for (const user of ['dave', 'carol', 'bob']) {
        expect((await decide(id, user)).status).toBe(201);
      }
    }
    const outcomes = await Promise.all(
      ids.map(async id => {
        const [moved, rejected] = await Promise.all([
          move(id, 'deploy'),
          decide(id, 'reviewer0', 'rejected', 'The rollback plan is missing'),
        ]);
        return [moved.status, rejected.status];
      }),
    );
    // Either the rejection came first and the gate refused the move, or the
    // move came first and the decision was refused as too late.
    for (const statuses of outcomes) {
      expect([
        [409, 201],
        [200, 409],
      ]).toContainEqual(statuses);
    }
    for (const id of ids) {
      const release = await knex('releases').where({ id }).first('phase');
      const rejections = await knex('approvals').where({
        release_id: id,
        decision: 'rejected',
      });
      expect(release.phase === 'deploy').toBe(rejections.length === 0);
    }
  });

  it('lets an emergency release break glass with a reason, then asks for the review', async () => {
    const id = await plan('emergency');
    await walkTo(id, 'test');
    const noReason = await move(id, 'deploy');
    expect(noReason.status).toBe(409);
    expect(noReason.body.error.message).toContain(
      'An emergency release may break glass with a reason',
    );

    const broke = await move(id, 'deploy', 'Card payments are failing');
    expect(broke.status).toBe(200);
    expect(broke.body.breakGlass).toMatchObject({
      reason: 'Card payments are failing',
    });

    const state = (await approvals(id, 'erin')).body;
    expect(state.review).toMatchObject({
      reason: 'Card payments are failing',
      overdue: false,
      status: 'pending',
    });
    expect(
      Date.parse(state.review.dueAt) - Date.parse(state.review.breakGlassAt),
    ).toBe(2 * 86400000);
    expect(state.rules[0]).toMatchObject({
      stage: 'review',
      group: 'group:default/release-managers',
    });

    const inbox = await request(app)
      .get('/api/releases/approvals/inbox')
      .set('Authorization', as('erin'));
    expect(inbox.body.items.map((i: any) => [i.release.id, i.stage])).toEqual([
      [id, 'review'],
    ]);

    expect(
      (await decide(id, 'erin', 'approved', 'Fix confirmed')).body.approvals
        .review.status,
    ).toBe('approved');
    expect(
      (
        await request(app)
          .get('/api/releases/approvals/inbox')
          .set('Authorization', as('erin'))
      ).body.items,
    ).toEqual([]);
  });

  it('marks a review overdue after the configured days', async () => {
    const id = await plan('emergency');
    await walkTo(id, 'test');
    await move(id, 'deploy', 'Outage');
    const fresh = (await approvals(id, 'erin')).body;
    expect(fresh.review.overdue).toBe(false);
    expect(
      Date.parse(fresh.review.dueAt) - Date.parse(fresh.review.breakGlassAt),
    ).toBe(2 * 24 * 3600 * 1000);
    await knex('releases')
      .where({ id })
      .update({
        break_glass_at: DateTime.utc().minus({ days: 3 }).toJSDate(),
        break_glass_due_at: DateTime.utc().minus({ days: 1 }).toJSDate(),
      });
    const state = (await approvals(id, 'erin')).body;
    expect(state.review.overdue).toBe(true);
    const inbox = await request(app)
      .get('/api/releases/approvals/inbox')
      .set('Authorization', as('erin'));
    expect(inbox.body.items[0].overdue).toBe(true);
  });

  it('lists in the inbox what the user may decide now, not their own releases or decided ones', async () => {
    const mine = await plan('major', 'carol');
    const theirs = await plan('major', 'alice');
    await plan('minor', 'alice');
    const inbox = async (user: string) =>
      (
        await request(app)
          .get('/api/releases/approvals/inbox')
          .set('Authorization', as(user))
      ).body.items.map((i: any) => i.release.id);
    expect(await inbox('carol')).toEqual([theirs]);
    expect((await inbox('dave')).sort()).toEqual([mine, theirs].sort());
    await decide(theirs, 'dave');
    expect(await inbox('dave')).toEqual([mine]);
    expect(await inbox('erin')).toEqual([]);
  });

  /** 600 open releases of storefront's, planned in January; their ids. */
  const earlierReleases = (type: 'major' | 'minor', title: string) =>
    insertReleases(
      knex,
      '9000',
      Array.from({ length: 600 }, (_, i) => ({
        title: `${title} ${i}`,
        type,
        plannedStart: new Date('2026-01-05T09:00:00Z'),
      })),
    );

  it('finds what waits for the user behind releases they decided, and says when it could not read every candidate', async () => {
    const theirs = await plan('major', 'alice');
    // 600 earlier major releases the CAB asks about, dave has decided on all.
    const ids = await earlierReleases('major', 'Decided');
    await knex.batchInsert(
      'approvals',
      ids.map(id => ({
        release_id: id,
        round: 1,
        approver: 'user:default/dave',
        decision: 'approved',
        comment: '',
        decided_at: new Date('2026-01-05T09:00:00Z'),
      })),
      50,
    );
    const inbox = async (user: string) =>
      (
        await request(app)
          .get('/api/releases/approvals/inbox')
          .set('Authorization', as(user))
      ).body;

    const dave = await inbox('dave');
    expect(dave.items.map((i: any) => i.release.id)).toEqual([theirs]);
    expect(dave.truncated).toBe(false);
    // Carol decided none of them: 601 candidates, the 500 planned soonest
    // read, and the answer says there are more.
    const carol = await inbox('carol');
    expect(carol.items).toHaveLength(500);
    expect(carol.totalCount).toBe(500);
    expect(carol.items.map((i: any) => i.release.id)).not.toContain(theirs);
    expect(carol.truncated).toBe(true);
    // A decision in an earlier round does not count: a new round asks again.
    await knex('releases').whereIn('id', ids.slice(0, 10)).update({
      approval_round: 2,
    });
    const again = await inbox('dave');
    expect(again.items).toHaveLength(11);
    expect(again.truncated).toBe(false);
  });

  it('finds what the user may decide among many earlier releases no rule asks them about', async () => {
    const theirs = await plan('major', 'alice');
    await earlierReleases('minor', 'Unrelated');
    const inbox = await request(app)
      .get('/api/releases/approvals/inbox')
      .set('Authorization', as('carol'));
    expect(inbox.body.items.map((i: any) => i.release.id)).toEqual([theirs]);
  });

  describe('deployment gate', () => {
    it('allows a component and version whose release is in deploy, for pipeline tokens', async () => {
      const id = await plan('emergency');
      await walkTo(id, 'test');
      await move(id, 'deploy', 'Outage');
      const gate = (q: string, server = app) =>
        request(server)
          .get(`/api/releases/gate?${q}`)
          .set('Authorization', pipeline);

      const ok = await gate(
        'entityRef=payments-api&environment=production&version=2.5.0',
      );
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({
        allowed: true,
        releaseId: id,
        reasons: [
          'release "emergency release" is in deploy for production',
          'release "emergency release" broke glass; its review is owed',
          'no freeze window blocks it now',
        ],
        checks: [
          {
            id: 'release-in-deploy',
            passed: true,
            reason: 'release "emergency release" is in deploy for production',
          },
          {
            id: 'approvals',
            passed: true,
            reason:
              'release "emergency release" broke glass; its review is owed',
          },
          {
            id: 'freeze',
            passed: true,
            reason: 'no freeze window blocks it now',
          },
        ],
      });

      const wrong = await gate(
        'entityRef=payments-api&environment=production&version=9.9.9',
      );
      expect(wrong.body.allowed).toBe(false);
      expect(wrong.body.reasons).toEqual([
        'release "emergency release" is in deploy for component:default/payments-api at 2.5.0, not 9.9.9',
      ]);

      const other = await gate(
        'entityRef=ledger-service&environment=production',
      );
      expect(other.body).toMatchObject({
        allowed: false,
        releaseId: null,
        reasons: [
          'no release containing component:default/ledger-service is in deploy for production',
        ],
      });
      expect(
        (await gate('entityRef=ledger-service&environment=staging')).body
          .allowed,
      ).toBe(true);
      expect(
        (await gate('entityRef=ledger-service&environment=moon')).status,
      ).toBe(400);
      expect((await gate('environment=production')).body.error.message).toBe(
        'entityRef: is required',
      );
    });

    it('blocks during a freeze unless the freeze allows the release type', async () => {
      const emergency = await plan('emergency');
      await walkTo(emergency, 'test');
      await move(emergency, 'deploy', 'Outage');
      const gate = (q: string) =>
        request(frozen)
          .get(`/api/releases/gate?${q}`)
          .set('Authorization', pipeline);
      expect(
        (await gate('entityRef=payments-api&environment=production')).body
          .allowed,
      ).toBe(true);

      const blockedStaging = await gate(
        'entityRef=ledger-service&environment=staging',
      );
      expect(blockedStaging.body.allowed).toBe(true);

      await move(emergency, 'cancelled');
      const minor = await plan('minor', 'alice', {
        environments: ['production'],
      });
      await walkTo(minor, 'deploy');
      const blocked = await gate(
        'entityRef=payments-api&environment=production&version=2.5.0',
      );
      expect(blocked.body.allowed).toBe(false);
      expect(blocked.body.releaseId).toBe(minor);
      expect(blocked.body.reasons[0]).toMatch(
        /^the freeze "Incident freeze" covers production until .* \(only emergency releases may deploy\)$/,
      );
    });
  });

  describe('policies', () => {
    it('shows the effective policies and dry-runs a candidate set', async () => {
      const effective = await request(app).get('/api/releases/policies');
      expect(effective.body.separationOfDuties).toBe(true);
      expect(effective.body.policies.map((p: any) => p.name)).toEqual([
        'cab-for-major',
        'emergency',
      ]);
      expect(effective.body.policies[0].require[1]).toEqual({
        owner: true,
        count: 1,
      });

      const minor = await plan('minor');
      await walkTo(minor, 'deploy');
      await request(app)
        .post('/api/releases/deployments')
        .set('Authorization', pipeline)
        .send({
          entityRef: 'payments-api',
          environment: 'production',
          version: '2.5.0',
          status: 'succeeded',
          source: 'ci',
          externalId: 'run-1',
        });

      const res = await request(app)
        .post('/api/releases/policies/dry-run')
        .set('Authorization', as('erin'))
        .send({
          from: '2026-01-01T00:00:00Z',
          to: '2026-12-31T00:00:00Z',
          policies: [
            {
              name: 'all-production',
              when: { environments: ['production'] },
              require: [{ owner: true, count: 1 }],
            },
          ],
        });
      expect(res.status).toBe(200);
      expect(res.body.releases).toEqual([
        expect.objectContaining({
          release: expect.objectContaining({ id: minor }),
          policies: ['all-production'],
          requiredApprovals: 1,
          wouldHaveBlocked: true,
          missing: [
            'all-production: 1 of group:default/payments-team (0 given)',
          ],
        }),
      ]);
      expect(res.body.deployments).toHaveLength(1);
      expect(res.body.deployments[0]).toMatchObject({
        releaseId: minor,
        wouldHaveBlocked: true,
      });

      const bad = await request(app)
        .post('/api/releases/policies/dry-run')
        .set('Authorization', as('erin'))
        .send({
          from: '2026-01-01T00:00:00Z',
          to: '2026-12-31T00:00:00Z',
          policies: [{ name: 'x', require: [{ count: 1 }] }],
        });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain(
        'needs either group or owner: true',
      );

      // A selector value sent as one string is read as a list; a NUL in it
      // is named as it was sent (found by fuzzing).
      const nul = await request(app)
        .post('/api/releases/policies/dry-run')
        .set('Authorization', as('erin'))
        .send({
          from: '2026-01-01T00:00:00Z',
          to: '2026-12-31T00:00:00Z',
          policies: [
            {
              name: 'x',
              when: { selector: { system: 'pay\u0000ments' } },
              require: [{ group: 'group:default/release-managers', count: 1 }],
            },
          ],
        });
      expect(nul.status).toBe(400);
      expect(nul.body.error.message).toBe(
        'policies.0.when.selector.system: must not contain NUL characters',
      );
    });
  });
});
