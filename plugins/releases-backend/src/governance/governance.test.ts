import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { releasesPlugin } from '../plugin';
import {
  asUser,
  pipelineHeader,
  releasesApi,
} from '../__testUtils__/apiClient';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';

// The walk-arounds of the governance rules found by trying them as a hostile
// user would (issue "Controls that cannot be walked around"), each as it was
// done: every one of these succeeded before the rules moved into one place.

jest.setTimeout(120_000);

const databases = createTestDatabases();

const config = {
  releases: {
    environments: [{ name: 'staging' }, { name: 'production', gated: true }],
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
      {
        name: 'risky',
        when: { riskLevels: ['high'] },
        require: [{ group: 'group:default/cab', count: 1 }],
      },
    ],
    reporters: [{ subject: 'ci-pipeline', sources: ['github-actions'] }],
  },
};

const TABLES = [
  'approvals',
  'release_reviews',
  'incidents',
  'current_versions',
  'deployments',
  'feed_tokens',
  'release_phase_periods',
  'release_events',
  'release_components',
  'releases',
];

describe.each(databases.eachSupportedId())(
  'governance invariants on %p',
  databaseId => {
    let knex: Knex;
    let api: ReturnType<typeof releasesApi>;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          releasesPlugin,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({ entities: testEntities }),
          mockServices.rootConfig.factory({ data: config }),
        ],
      });
      api = releasesApi(server);
    });

    beforeEach(async () => {
      for (const table of TABLES) {
        await knex(table).delete();
      }
    });

    const count = async (table: string, where: object = {}) =>
      Number((await knex(table).where(where).count({ c: '*' }))[0].c);

    describe('what was approved is what deploys', () => {
      it('refuses edits of what was approved once in deploy; the gate and the records follow the release as it is', async () => {
        const { body: release } = await api.plan('alice');
        expect((await api.walkTo(release.id, 'bob', 'deploy'))!.status).toBe(
          200,
        );
        expect((await api.report({ version: '3.0.0' })).body.authorized).toBe(
          true,
        );

        // Into something a policy would have asked approvals for: refused.
        for (const [field, changes] of [
          ['type', { type: 'major' }],
          [
            'components',
            {
              components: [
                {
                  entityRef: 'component:default/payments-api',
                  version: '3.1.0',
                },
              ],
            },
          ],
          ['environments', { environments: ['staging', 'production'] }],
          ['owner', { owner: 'group:default/storefront-team' }],
          [
            'plannedEnd',
            { plannedEnd: DateTime.utc().plus({ days: 20 }).toISO() },
          ],
        ] as const) {
          const res = await api.edit(release.id, 'alice', changes);
          expect(res.status).toBe(409);
          expect(res.body.error.fields.map((f: any) => f.field)).toEqual([
            field,
          ]);
        }
        // The words on it may still change.
        expect(
          (await api.edit(release.id, 'alice', { title: 'Payments 3.0 GA' }))
            .status,
        ).toBe(200);

        // A version the release does not name is neither allowed nor authorized.
        const gate = await api.gate({ version: '3.1.0' });
        expect(gate.body.allowed).toBe(false);
        const report = await api.report({ version: '3.1.0' });
        expect(report.body.authorized).toBe(false);
        expect((await api.get(release.id)).body.type).toBe('minor');
      });

      it('passes the gate again on a return into deploy, judging the release as it is now', async () => {
        const { body: release } = await api.plan('alice');
        await api.walkTo(release.id, 'bob', 'review');
        // The scheduled refresh found it risky meanwhile: the "risky" policy applies now.
        await knex('releases')
          .where({ id: release.id })
          .update({
            risk: JSON.stringify({
              score: 80,
              level: 'high',
              reasons: [],
              computedAt: new Date().toISOString(),
            }),
          });
        const back = await api.move(release.id, 'bob', 'deploy', 'Hotfix');
        expect(back.status).toBe(409);
        expect(back.body.error.fields[0]).toEqual({
          field: 'to',
          message: expect.stringContaining('risky: 1 of group:default/cab'),
        });
        expect((await api.get(release.id)).body.phase).toBe('review');
        // Decided in review, for the return: then it may deploy again.
        expect((await api.decide(release.id, 'carol')).status).toBe(201);
        expect(
          (await api.move(release.id, 'bob', 'deploy', 'Hotfix')).status,
        ).toBe(200);
      });

      it('never lets a decision land while the release is in deploy', async () => {
        const { body: release } = await api.plan('alice');
        await api.walkTo(release.id, 'bob', 'deploy');
        const late = await api.decide(release.id, 'carol');
        expect(late.status).toBe(409);
        expect(await count('approvals')).toBe(0);
      });
    });

    describe('an owed review cannot disappear', () => {
      async function brokeGlass(by = 'alice') {
        const { body: release } = await api.plan(by, { type: 'emergency' });
        await api.walkTo(release.id, by, 'test');
        const broke = await api.move(release.id, by, 'deploy', 'Payments down');
        expect(broke.status).toBe(200);
        expect(broke.body.breakGlass).toMatchObject({
          reason: 'Payments down',
          by: `user:default/${by}`,
          owed: [
            {
              policy: 'emergency',
              group: 'group:default/release-managers',
              owner: false,
              required: 1,
            },
          ],
        });
        return release.id as string;
      }

      it('keeps the release an emergency, and what it owes, through any edit', async () => {
        const id = await brokeGlass();
        expect(
          (await api.move(id, 'alice', 'test', 'Not yet fixed')).status,
        ).toBe(200);
        const retyped = await api.edit(id, 'alice', { type: 'minor' });
        expect(retyped.status).toBe(409);
        expect(retyped.body.error.fields).toEqual([
          {
            field: 'type',
            message:
              'stays emergency: the release broke glass and owes its review',
          },
        ]);
        // Other edits are allowed before deploy; the owed review stays.
        expect(
          (await api.edit(id, 'alice', { environments: ['staging'] })).status,
        ).toBe(200);
        const approvals = (await api.approvals(id)).body;
        expect(approvals.review).toMatchObject({ status: 'pending' });
        expect(approvals.rules.map((r: any) => [r.policy, r.stage])).toEqual([
          ['emergency', 'review'],
        ]);
      });

      it('keeps one person from breaking glass, reviewing and closing alone', async () => {
        const id = await brokeGlass('alice');
        await api.walkTo(id, 'alice', 'review');
        expect((await api.review(id, 'alice')).status).toBe(201);
        const closed = await api.move(id, 'alice', 'closed');
        expect(closed.status).toBe(409);
        expect(closed.body.error.fields[0].message).toContain(
          'owes its after-the-fact approval (still pending)',
        );
        // Whoever broke glass does not approve its review.
        const own = await api.decide(id, 'alice');
        expect(own.status).toBe(403);
        expect(own.body.error.message).toContain('separation of duties');

        expect((await api.decide(id, 'erin')).status).toBe(201);
        expect((await api.move(id, 'alice', 'closed')).status).toBe(200);
      });
    });

    describe('who approves does not follow a rewrite', () => {
      it('starts a new round on an owner change, and the re-owner may not approve', async () => {
        const { body: release } = await api.plan('alice', { type: 'major' });
        for (const approver of ['carol', 'dave', 'bob']) {
          expect((await api.decide(release.id, approver)).status).toBe(201);
        }
        expect((await api.approvals(release.id)).body.status).toBe('approved');

        const reowned = await api.edit(release.id, 'sam', {
          owner: 'group:default/storefront-team',
        });
        expect(reowned.status).toBe(200);
        expect(reowned.body).toMatchObject({
          approvalRound: 2,
          ownerChangedBy: 'user:default/sam',
        });
        const approvals = (await api.approvals(release.id, 'sam')).body;
        expect(approvals.status).toBe('pending');
        expect(approvals.rules.map((r: any) => r.given)).toEqual([0, 0]);
        expect(approvals.viewer).toEqual({
          canDecide: false,
          reason:
            'separation of duties: you changed its owner, so someone else must approve it',
        });
        const own = await api.decide(release.id, 'sam');
        expect(own.status).toBe(403);
        expect((await api.walkTo(release.id, 'bob', 'deploy'))!.status).toBe(
          409,
        );
      });
    });

    describe('the server decides, not the reporter', () => {
      it('keeps a source bound to its pipeline token: nobody claims its ids in advance', async () => {
        const claimed = await api.report(
          { source: 'github-actions', externalId: 'run-42' },
          asUser('alice'),
        );
        expect(claimed.status).toBe(403);
        expect(claimed.body.error.message).toBe(
          "The source github-actions is reported by its pipeline's token only",
        );
        const elsewhere = await api.report(
          { source: 'jenkins', externalId: 'run-42' },
          pipelineHeader('ci-pipeline'),
        );
        expect(elsewhere.status).toBe(403);
        expect(await count('deployments')).toBe(0);

        const real = await api.report(
          { source: 'github-actions', externalId: 'run-42' },
          pipelineHeader('ci-pipeline'),
        );
        expect(real.status).toBe(201);
        // Another token may report other sources.
        expect(
          (await api.report({ source: 'argo' }, pipelineHeader('argo'))).status,
        ).toBe(201);
      });

      it('moves the current version by the time the server recorded it, whatever time was claimed', async () => {
        const inTwoMinutes = new Date(Date.now() + 2 * 60_000).toISOString();
        const first = await api.report(
          {
            environment: 'staging',
            version: '1.0.0',
            deployedAt: inTwoMinutes,
          },
          pipelineHeader('ci-pipeline'),
        );
        expect(first.status).toBe(201);
        const second = await api.report(
          { environment: 'staging', version: '1.1.0' },
          pipelineHeader('ci-pipeline'),
        );
        expect(second.status).toBe(201);
        const versions = await api.call(
          'get',
          '/versions?entityRef=payments-api',
          'bob',
        );
        expect(versions.body.rows[0].environments.staging.version).toBe(
          '1.1.0',
        );
      });
    });

    describe('every request does bounded work', () => {
      it.each([
        [
          'a calendar range far from now',
          () =>
            api.call(
              'get',
              '/calendar?from=2999-01-01T00:00:00Z&to=2999-12-01T00:00:00Z',
              'bob',
            ),
          { field: 'to', message: 'may be at most 1096 days after now' },
        ],
        [
          'a plan check in a far year',
          () =>
            api.call('post', '/calendar/check', 'bob', {
              type: 'minor',
              plannedStart: '9999-01-01T00:00:00Z',
              plannedEnd: '9999-01-02T00:00:00Z',
              components: [{ entityRef: 'component:default/payments-api' }],
            }),
          {
            field: 'plannedEnd',
            message: 'may be at most 1096 days after now',
          },
        ],
        [
          'a dry-run over a long range',
          () =>
            api.call('post', '/policies/dry-run', 'erin', {
              policies: [],
              from: '2020-01-01T00:00:00Z',
              to: '2026-12-01T00:00:00Z',
            }),
          { field: 'from', message: 'may be at most 1827 days before now' },
        ],
        [
          'a dry-run with thousands of rules',
          () =>
            api.call('post', '/policies/dry-run', 'erin', {
              policies: [
                {
                  name: 'huge',
                  require: Array.from({ length: 3000 }, () => ({
                    group: 'group:default/cab',
                    count: 1,
                  })),
                },
              ],
              from: DateTime.utc().minus({ days: 1 }).toISO(),
              to: DateTime.utc().toISO(),
            }),
          { field: 'policies.0.require', message: 'may list at most 10 rules' },
        ],
      ])(
        'refuses %s with a 400 naming the field',
        async (_what, send, field) => {
          const res = await send();
          expect(res.status).toBe(400);
          expect(res.body.error.fields).toContainEqual(field);
        },
      );
    });

    describe('the calendar feed and its tokens', () => {
      it('writes query parameters into the feed as text, never as properties or events', async () => {
        const token = await api.call('post', '/feed-tokens', 'bob', {
          name: 'Phone',
        });
        const feed = await api.call(
          'get',
          `/calendar.ics?${new URLSearchParams({
            token: token.body.token,
            entityRef: 'payments-api\r\nBEGIN:VEVENT\r\nSUMMARY:Injected',
          })}`,
          'Bearer ',
        );
        // Either refused as no entity ref, or written as text: never an event.
        expect([200, 400]).toContain(feed.status);
        const lines = feed.status === 200 ? feed.text.split('\r\n') : [];
        expect(lines.filter(l => l === 'BEGIN:VEVENT')).toHaveLength(
          lines.filter(l => l.startsWith('DTSTART')).length,
        );
        expect(lines.some(l => l.startsWith('SUMMARY:Injected'))).toBe(false);
      });

      it('pages a user’s tokens, hides revoked ones unless asked, and caps live ones', async () => {
        const ids: string[] = [];
        for (let i = 0; i < 20; i++) {
          const created = await api.call('post', '/feed-tokens', 'bob', {
            name: `Calendar ${i}`,
          });
          expect(created.status).toBe(201);
          ids.push(created.body.id);
        }
        const over = await api.call('post', '/feed-tokens', 'bob', {
          name: 'One more',
        });
        expect(over.status).toBe(409);
        expect(over.body.error.fields[0].field).toBe('name');
        expect(
          (await api.call('delete', `/feed-tokens/${ids[0]}`, 'bob')).status,
        ).toBe(204);
        expect(
          (await api.call('post', '/feed-tokens', 'bob', { name: 'Again' }))
            .status,
        ).toBe(201);

        const page = await api.call('get', '/feed-tokens?limit=5', 'bob');
        expect(page.body).toMatchObject({ totalCount: 20, limit: 5 });
        expect(page.body.items).toHaveLength(5);
        const all = await api.call(
          'get',
          '/feed-tokens?includeRevoked=true&limit=100',
          'bob',
        );
        expect(all.body.totalCount).toBe(21);
        expect(all.body.items[20].revokedAt).not.toBeNull();
      });
    });
  },
);
