import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import releasesModuleNotifications from '@backstage-itsm/plugin-releases-backend-module-notifications';
import { releasesPlugin } from '../plugin';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);
const pipeline = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:ci'),
  targetPluginId: 'releases',
});

const PLAN_TABLES = [
  'release_notices',
  'release_notes',
  'release_status_updates',
  'watches',
  'release_signoffs',
  'release_milestones',
  'release_tasks',
  'release_roles',
  'release_reviews',
  'approvals',
  'current_versions',
  'deployments',
  'release_phase_periods',
  'release_events',
  'release_components',
  'releases',
];

const config = {
  releases: {
    environments: [{ name: 'staging' }, { name: 'production', gated: true }],
    roles: [
      {
        id: 'release-manager',
        title: 'Release manager',
        requiredToLeavePlan: true,
        default: 'creator',
      },
      { id: 'qa-lead', title: 'QA lead' },
      { id: 'change-manager', title: 'Change manager' },
    ],
    checklists: {
      major: {
        tasks: [
          {
            title: 'Rollback plan written',
            phase: 'design',
            assignee: 'owner',
            due: { from: 'plannedStart', days: -3 },
          },
          {
            title: 'Integration tests green',
            phase: 'test',
            assignee: 'group:default/cab',
          },
          { title: 'Runbook updated', phase: 'test' },
          {
            title: 'Documentation updated',
            phase: 'review',
            assignee: 'creator',
            due: { from: 'plannedEnd', days: 2 },
          },
        ],
        milestones: [
          {
            phase: 'test',
            due: { from: 'plannedStart', days: -1 },
            bufferDays: 1,
          },
        ],
      },
    },
    exitCriteria: {
      test: {
        signoffs: [
          { name: 'QA', role: 'qa-lead' },
          { name: 'UAT', group: 'group:default/cab', types: ['major'] },
        ],
        deployment: { environment: 'staging', types: ['major'] },
      },
    },
  },
};

describe.each(databases.eachSupportedId())(
  'release plans on %p',
  databaseId => {
    let knex: Knex;
    let app: any;
    const sent: NotificationSendOptions[] = [];

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      app = (
        await startTestBackend({
          features: [
            releasesPlugin,
            releasesModuleNotifications,
            mockServices.database.factory({ knex }),
            catalogServiceMock.factory({ entities: testEntities }),
            mockServices.rootConfig.factory({ data: config }),
            // erin may read releases, not deployments.
            mockServices.permissions.mock({
              authorizeConditional: async (requests, options) =>
                requests.map(r => ({
                  result:
                    (
                      options?.credentials.principal as {
                        userEntityRef?: string;
                      }
                    ).userEntityRef === 'user:default/erin' &&
                    r.permission.name === 'releases.deployment.read'
                      ? AuthorizeResult.DENY
                      : AuthorizeResult.ALLOW,
                })) as any,
            }).factory,
            createServiceFactory({
              service: notificationService,
              deps: {},
              factory: () => ({
                send: async (options: NotificationSendOptions) => {
                  sent.push(options);
                },
              }),
            }),
          ],
        })
      ).server;
    });

    beforeEach(async () => {
      for (const table of PLAN_TABLES) {
        await knex(table).delete();
      }
      sent.length = 0;
    });

    async function plan(type: string, extra: object = {}, by = 'alice') {
      const res = await request(app)
        .post('/api/releases/releases')
        .set('Authorization', as(by))
        .send({
          title: `Payments ${type}`,
          type,
          owner: 'group:default/payments-team',
          plannedStart: '2026-12-14T09:00:00Z',
          plannedEnd: '2026-12-15T17:00:00Z',
          environments: ['staging', 'production'],
          components: [
            { entityRef: 'component:default/payments-api', version: '2.6.0' },
          ],
          ...extra,
        });
      expect(res.status).toBe(201);
      return res.body.id as string;
    }

    const move = (id: string, to: string, by = 'alice', reason?: string) =>
      request(app)
        .post(`/api/releases/releases/${id}/transitions`)
        .set('Authorization', as(by))
        .send({ to, reason });

    const get = (path: string, by = 'alice') =>
      request(app).get(`/api/releases${path}`).set('Authorization', as(by));

    const send = (
      method: 'post' | 'put' | 'patch' | 'delete',
      path: string,
      body: object,
      by = 'alice',
    ) =>
      request(app)
        [method](`/api/releases${path}`)
        .set('Authorization', as(by))
        .send(body);

    async function tasksOf(id: string) {
      const res = await get(`/releases/${id}/tasks`);
      expect(res.status).toBe(200);
      return res.body.items as Array<{
        id: string;
        title: string;
        revision: number;
        phase: string;
      }>;
    }

    async function finishTasks(id: string, phase: string) {
      for (const task of (await tasksOf(id)).filter(t => t.phase === phase)) {
        const res = await send('patch', `/releases/${id}/tasks/${task.id}`, {
          revision: task.revision,
          status: 'done',
          evidence: [{ kind: 'ci_run', url: 'https://ci.example.com/runs/42' }],
        });
        expect(res.status).toBe(200);
      }
    }

    async function toTest(id: string) {
      expect((await move(id, 'design')).status).toBe(200);
      await finishTasks(id, 'design');
      expect((await move(id, 'build')).status).toBe(200);
      expect((await move(id, 'test')).status).toBe(200);
    }

    async function signOffAll(id: string) {
      expect(
        (
          await send('put', `/releases/${id}/roles`, {
            roles: { 'qa-lead': 'carol' },
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await send(
            'post',
            `/releases/${id}/signoffs`,
            { name: 'QA' },
            'carol',
          )
        ).status,
      ).toBe(201);
      expect(
        (
          await send(
            'post',
            `/releases/${id}/signoffs`,
            { name: 'UAT' },
            'dave',
          )
        ).status,
      ).toBe(201);
    }

    const deployToStaging = (
      version = '2.6.0',
      externalId = `run-${version}`,
    ) =>
      request(app)
        .post('/api/releases/deployments')
        .set('Authorization', pipeline)
        .send({
          entityRef: 'component:default/payments-api',
          environment: 'staging',
          version,
          status: 'succeeded',
          source: 'ci',
          externalId,
        });

    it('gives a major release its checklist, milestones and default roles when it is created', async () => {
      const id = await plan('major');
      const tasks = (await get(`/releases/${id}/tasks`)).body.items;
      expect(tasks).toEqual([
        expect.objectContaining({
          title: 'Rollback plan written',
          phase: 'design',
          assignee: 'group:default/payments-team',
          dueAt: '2026-12-11T09:00:00.000Z',
          status: 'open',
          template: 'major',
          revision: 1,
        }),
        expect.objectContaining({
          title: 'Integration tests green',
          phase: 'test',
          assignee: 'group:default/cab',
          dueAt: null,
        }),
        expect.objectContaining({ title: 'Runbook updated', assignee: null }),
        expect.objectContaining({
          title: 'Documentation updated',
          phase: 'review',
          assignee: 'user:default/alice',
          dueAt: '2026-12-17T17:00:00.000Z',
        }),
      ]);
      expect((await get(`/releases/${id}/milestones`)).body.items).toEqual([
        expect.objectContaining({
          phase: 'test',
          plannedEnd: '2026-12-13T09:00:00.000Z',
          bufferDays: 1,
          bufferEnd: '2026-12-14T09:00:00.000Z',
          state: 'on_track',
        }),
      ]);

      // The release read carries its roles and its phase's exit criteria.
      const detail = (await get(`/releases/${id}`)).body;
      expect(detail.roles).toEqual([
        expect.objectContaining({
          id: 'release-manager',
          holder: 'user:default/alice',
          requiredToLeavePlan: true,
        }),
        expect.objectContaining({ id: 'qa-lead', holder: null }),
        expect.objectContaining({ id: 'change-manager', holder: null }),
      ]);
      expect(detail.exitCriteria).toEqual({
        phase: 'plan',
        next: 'design',
        met: true,
        criteria: [
          expect.objectContaining({
            id: 'role:release-manager',
            kind: 'role',
            met: true,
          }),
        ],
      });

      // Written with the release, in its creation's history row.
      const [created] = (await get(`/releases/${id}/events`)).body.items;
      expect(created.type).toBe('created');
      expect(created.changes.tasks.after).toHaveLength(4);
      expect(created.changes['roles.release-manager'].after).toBe(
        'user:default/alice',
      );

      // A minor release has no checklist.
      const minor = await plan('minor');
      expect((await get(`/releases/${minor}/tasks`)).body).toEqual({
        items: [],
        totalCount: 0,
      });
    });

    it('refuses test → deploy listing each unmet criterion, then allows it once tasks are done, QA and UAT signed off and staging runs the version', async () => {
      const id = await plan('major');
      // Leaving design needs its task.
      expect((await move(id, 'design')).status).toBe(200);
      const refusedBuild = await move(id, 'build');
      expect(refusedBuild.status).toBe(409);
      expect(refusedBuild.body.error.fields).toEqual([
        {
          field: 'exitCriteria',
          message: expect.stringContaining('Tasks of Design done or skipped'),
        },
      ]);
      await finishTasks(id, 'design');
      expect((await move(id, 'build')).status).toBe(200);
      expect((await move(id, 'test')).status).toBe(200);

      const refused = await move(id, 'deploy');
      expect(refused.status).toBe(409);
      expect(refused.body.error.name).toBe('ConflictError');
      expect(refused.body.error.fields).toEqual([
        {
          field: 'exitCriteria',
          message: expect.stringMatching(
            /^not met before Deploy: Tasks of Test done or skipped \(2 of 2 still open/,
          ),
        },
        {
          field: 'exitCriteria',
          message: expect.stringContaining('QA signed off'),
        },
        {
          field: 'exitCriteria',
          message: expect.stringContaining('UAT signed off'),
        },
        {
          field: 'exitCriteria',
          message: expect.stringContaining('Deployed to staging'),
        },
      ]);
      expect(refused.body.error.message).not.toContain(id);
      const criteria = (await get(`/releases/${id}/exit-criteria`)).body;
      expect(criteria).toMatchObject({
        phase: 'test',
        next: 'deploy',
        met: false,
      });
      expect(criteria.criteria.map((c: { id: string }) => c.id)).toEqual([
        'tasks',
        'signoff:QA',
        'signoff:UAT',
        'deployment:staging',
      ]);

      // One task done, one skipped: a skip says why.
      const [integration, runbook] = (await tasksOf(id)).filter(
        t => t.phase === 'test',
      );
      const noReason = await send(
        'patch',
        `/releases/${id}/tasks/${runbook.id}`,
        {
          revision: runbook.revision,
          status: 'skipped',
        },
      );
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.fields).toEqual([
        { field: 'skipReason', message: 'is required when a task is skipped' },
      ]);
      const skipped = await send(
        'patch',
        `/releases/${id}/tasks/${runbook.id}`,
        {
          revision: runbook.revision,
          status: 'skipped',
          skipReason: 'The runbook did not change',
        },
      );
      expect(skipped.status).toBe(200);
      expect(skipped.body).toMatchObject({
        status: 'skipped',
        skipReason: 'The runbook did not change',
        completedBy: 'user:default/alice',
        revision: 2,
      });
      // A stale revision loses nothing.
      const stale = await send('patch', `/releases/${id}/tasks/${runbook.id}`, {
        revision: runbook.revision,
        title: 'Renamed',
      });
      expect(stale.status).toBe(409);
      expect(stale.body.error.fields[0].field).toBe('revision');
      const done = await send(
        'patch',
        `/releases/${id}/tasks/${integration.id}`,
        {
          revision: integration.revision,
          status: 'done',
          evidence: [{ kind: 'link', url: 'https://ci.example.com/run/7' }],
        },
        'carol',
      );
      expect(done.status).toBe(200);

      // Sign-offs: by the QA lead's holder, and by a member of the UAT group.
      const noHolder = await send(
        'post',
        `/releases/${id}/signoffs`,
        { name: 'QA' },
        'carol',
      );
      expect(noHolder.status).toBe(409);
      expect(noHolder.body.error.message).toContain(
        'nobody holds the QA lead role',
      );
      // A padded role id is not trimmed into a configured one: the error
      // names the key as it was sent (found by the fuzz suite).
      const padded = await send('put', `/releases/${id}/roles`, {
        roles: { ' qa-lead': 'carol' },
      });
      expect(padded.status).toBe(400);
      expect(padded.body.error.fields).toEqual([
        expect.objectContaining({ field: 'roles. qa-lead' }),
      ]);
      const roles = await send('put', `/releases/${id}/roles`, {
        roles: { 'qa-lead': 'carol' },
      });
      expect(roles.status).toBe(200);
      expect(roles.body.roles).toContainEqual(
        expect.objectContaining({
          id: 'qa-lead',
          holder: 'user:default/carol',
        }),
      );
      const notHolder = await send(
        'post',
        `/releases/${id}/signoffs`,
        { name: 'QA' },
        'erin',
      );
      expect(notHolder.status).toBe(403);
      expect(notHolder.body.error.message).toBe(
        'only the QA lead (user:default/carol) may sign off QA',
      );
      const qa = await send(
        'post',
        `/releases/${id}/signoffs`,
        { name: 'qa', comment: 'Regression suite green' },
        'carol',
      );
      expect(qa.status).toBe(201);
      expect(qa.body.signoff).toMatchObject({
        name: 'QA',
        round: 1,
        signer: 'user:default/carol',
        onBehalfOf: 'qa-lead',
        comment: 'Regression suite green',
      });
      // A repeat answers the first; someone else's is a conflict.
      const repeat = await send(
        'post',
        `/releases/${id}/signoffs`,
        { name: 'QA', comment: 'again' },
        'carol',
      );
      expect(repeat.status).toBe(200);
      expect(repeat.body.signoff.id).toBe(qa.body.signoff.id);
      expect(repeat.body.signoff.comment).toBe('Regression suite green');
      const outsider = await send(
        'post',
        `/releases/${id}/signoffs`,
        { name: 'UAT' },
        'erin',
      );
      expect(outsider.status).toBe(403);
      expect(
        (
          await send(
            'post',
            `/releases/${id}/signoffs`,
            { name: 'UAT' },
            'dave',
          )
        ).status,
      ).toBe(201);
      const other = await send(
        'post',
        `/releases/${id}/signoffs`,
        { name: 'UAT' },
        'carol',
      );
      expect(other.status).toBe(409);
      const unknown = await send(
        'post',
        `/releases/${id}/signoffs`,
        { name: 'Security' },
        'carol',
      );
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.fields[0].field).toBe('name');

      const signoffs = (await get(`/releases/${id}/signoffs`, 'dave')).body;
      expect(signoffs.round).toBe(1);
      expect(
        signoffs.required.map((r: { name: string; signoff: unknown }) => [
          r.name,
          Boolean(r.signoff),
        ]),
      ).toEqual([
        ['QA', true],
        ['UAT', true],
      ]);

      // Still no deployment to staging of 2.6.0: an older version does not count.
      expect((await deployToStaging('2.5.0')).status).toBe(201);
      const undeployed = await move(id, 'deploy');
      expect(undeployed.status).toBe(409);
      expect(undeployed.body.error.fields).toEqual([
        {
          field: 'exitCriteria',
          message: expect.stringContaining(
            'no successful deployment to staging yet of component:default/payments-api 2.6.0',
          ),
        },
      ]);
      expect((await deployToStaging('2.6.0')).status).toBe(201);
      expect((await get(`/releases/${id}/exit-criteria`)).body.met).toBe(true);
      const moved = await move(id, 'deploy');
      expect(moved.status).toBe(200);
      expect(moved.body.phase).toBe('deploy');

      // Stepping back never needs criteria.
      expect((await move(id, 'test', 'alice', 'Found a bug')).status).toBe(200);

      // The history has every step of the plan.
      const types = (
        await get(`/releases/${id}/events?limit=100`)
      ).body.items.map((e: { type: string }) => e.type);
      expect(types).toEqual(
        expect.arrayContaining([
          'task-updated',
          'roles-changed',
          'signed-off',
          'transitioned',
        ]),
      );
    });

    it('resets the sign-offs when an edit changes what was signed off, visibly in the history', async () => {
      const id = await plan('major');
      await toTest(id);
      await signOffAll(id);
      const before = (await get(`/releases/${id}`)).body;

      // A title is not what was signed off.
      const renamed = await send('patch', `/releases/${id}`, {
        title: 'Payments 2.6: renamed',
        revision: before.revision,
      });
      expect(renamed.status).toBe(200);
      expect((await get(`/releases/${id}/signoffs`)).body.round).toBe(1);

      const edited = await send('patch', `/releases/${id}`, {
        plannedEnd: '2026-12-16T17:00:00Z',
        revision: renamed.body.revision,
      });
      expect(edited.status).toBe(200);
      const signoffs = (await get(`/releases/${id}/signoffs`)).body;
      expect(signoffs.round).toBe(2);
      expect(
        signoffs.required.every(
          (r: { signoff: unknown }) => r.signoff === null,
        ),
      ).toBe(true);
      // The earlier round is kept, not deleted.
      expect(
        signoffs.items.map((s: { name: string; round: number }) => [
          s.name,
          s.round,
        ]),
      ).toEqual([
        ['UAT', 1],
        ['QA', 1],
      ]);
      const [updated] = (await get(`/releases/${id}/events`)).body.items;
      expect(updated.type).toBe('updated');
      expect(updated.changes.signoffs).toEqual({
        before: ['QA', 'UAT'],
        after: [],
      });
      expect(updated.changes.plannedEnd).toBeDefined();
      const criteria = (await get(`/releases/${id}/exit-criteria`)).body
        .criteria;
      expect(
        criteria
          .filter((c: { kind: string }) => c.kind === 'signoff')
          .map((c: { met: boolean }) => c.met),
      ).toEqual([false, false]);

      // Signing again in the new round works.
      expect(
        (
          await send(
            'post',
            `/releases/${id}/signoffs`,
            { name: 'QA' },
            'carol',
          )
        ).body.signoff.round,
      ).toBe(2);
    });

    it('sends each watcher one notification per phase change, never to the mover, naming the release only to readers', async () => {
      const id = await plan('minor');
      // bob watches the release and, through his team, its owner; erin the
      // component; dave the system, for payments-team (he is a member).
      expect(
        (await send('post', '/watches', { releaseId: id }, 'bob')).status,
      ).toBe(201);
      const teamWatch = await send(
        'post',
        '/watches',
        { entityRef: 'group:default/payments-team', group: 'payments-team' },
        'dave',
      );
      expect(teamWatch.status).toBe(201);
      expect(teamWatch.body).toMatchObject({
        watcher: 'group:default/payments-team',
        target: { kind: 'entity', entityRef: 'group:default/payments-team' },
      });
      expect(
        (await send('post', '/watches', { entityRef: 'payments-api' }, 'erin'))
          .status,
      ).toBe(201);
      expect(
        (
          await send(
            'post',
            '/watches',
            { entityRef: 'system:payments' },
            'carol',
          )
        ).status,
      ).toBe(201);
      // Watching again is the same watch.
      expect(
        (await send('post', '/watches', { releaseId: id }, 'bob')).status,
      ).toBe(200);
      sent.length = 0;

      expect((await move(id, 'design')).status).toBe(200);
      expect((await move(id, 'build')).status).toBe(200);

      const phaseNotices = sent.filter(
        s => s.payload.topic === 'release-phase',
      );
      expect(phaseNotices.map(s => s.payload.title)).toEqual([
        'Payments minor is now in Design',
        'Payments minor is now in Build',
      ]);
      for (const notice of phaseNotices) {
        const recipients = notice.recipients as { entityRef: string[] };
        expect([...recipients.entityRef].sort()).toEqual([
          'user:default/bob',
          'user:default/carol',
          'user:default/dave',
          'user:default/erin',
        ]);
        expect(notice.payload.link).toBe(`/releases/${id}`);
        expect(notice.payload.scope).toMatch(/^release-phase:/);
      }
      expect(new Set(phaseNotices.map(n => n.payload.scope)).size).toBe(2);

      // A slip of the planned window is news too.
      const current = (await get(`/releases/${id}`)).body;
      expect(
        (
          await send('patch', `/releases/${id}`, {
            plannedEnd: '2026-12-18T17:00:00Z',
            revision: current.revision,
          })
        ).status,
      ).toBe(200);
      const slip = sent.filter(s => s.payload.topic === 'release-slip');
      expect(slip).toHaveLength(1);
      expect(slip[0].payload.description).toContain(
        'Planned end moved from 2026-12-15T17:00:00.000Z to 2026-12-18T17:00:00.000Z',
      );

      // The watch list, and its end.
      const mine = (await get('/watches', 'bob')).body;
      expect(mine.totalCount).toBe(2);
      expect(mine.items).toContainEqual(
        expect.objectContaining({
          watcher: 'user:default/bob',
          target: { kind: 'release', releaseId: id, title: 'Payments minor' },
        }),
      );
      const own = mine.items.find(
        (w: { watcher: string }) => w.watcher === 'user:default/bob',
      );
      expect(
        (await send('delete', `/watches/${own.id}`, {}, 'erin')).status,
      ).toBe(404);
      expect(
        (await send('delete', `/watches/${own.id}`, {}, 'bob')).status,
      ).toBe(204);
      expect(
        (await send('delete', `/watches/${own.id}`, {}, 'bob')).status,
      ).toBe(404);
    });

    it('lets the release manager post status updates that watchers receive, as a timeline', async () => {
      const id = await plan('minor');
      expect(
        (await send('post', '/watches', { releaseId: id }, 'carol')).status,
      ).toBe(201);
      const notManager = await send(
        'post',
        `/releases/${id}/updates`,
        { text: 'All good' },
        'bob',
      );
      expect(notManager.status).toBe(403);
      expect(notManager.body.error.message).toBe(
        'only the Release manager (user:default/alice) may post status updates',
      );
      const first = await send('post', `/releases/${id}/updates`, {
        text: 'Build is green',
      });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        author: 'user:default/alice',
        health: 'on_track',
        text: 'Build is green',
      });
      // The team holds the role now: any member posts.
      expect(
        (
          await send('put', `/releases/${id}/roles`, {
            roles: { 'release-manager': 'group:payments-team' },
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await send(
            'post',
            `/releases/${id}/updates`,
            { text: 'Staging is slow', health: 'at_risk' },
            'bob',
          )
        ).status,
      ).toBe(201);
      const timeline = (await get(`/releases/${id}/updates`, 'carol')).body;
      expect(timeline.totalCount).toBe(2);
      expect(timeline.items.map((u: { text: string }) => u.text)).toEqual([
        'Staging is slow',
        'Build is green',
      ]);
      const notices = sent.filter(
        s => s.payload.topic === 'release-status-update',
      );
      expect(notices.map(n => n.payload.title)).toEqual([
        'Payments minor: on track',
        'Payments minor: at risk',
      ]);
      expect(
        (notices[0].recipients as { entityRef: string[] }).entityRef,
      ).toContain('user:default/carol');
      // Nobody in the role: nobody posts.
      await send('put', `/releases/${id}/roles`, {
        roles: { 'release-manager': null },
      });
      expect(
        (await send('post', `/releases/${id}/updates`, { text: 'x' })).status,
      ).toBe(409);
    });

    it('lists releases with their role holders when asked to, in one page', async () => {
      const first = await plan('major');
      const second = await plan('minor');
      await send('put', `/releases/${second}/roles`, {
        roles: { 'qa-lead': 'carol' },
      });
      const listed = await get(
        `/releases?include=roles&entityRef=component:default/payments-api&limit=10`,
      );
      expect(listed.status).toBe(200);
      const byId = new Map<string, { roles: unknown }>(
        listed.body.items.map((r: { id: string; roles: unknown }) => [r.id, r]),
      );
      expect(byId.get(second)!.roles).toEqual([
        expect.objectContaining({
          id: 'release-manager',
          holder: 'user:default/alice',
        }),
        expect.objectContaining({
          id: 'qa-lead',
          holder: 'user:default/carol',
        }),
        expect.objectContaining({ id: 'change-manager', holder: null }),
      ]);
      expect(byId.get(first)!.roles).toContainEqual(
        expect.objectContaining({ id: 'qa-lead', holder: null }),
      );
      // Without the include the list stays as it was.
      const plain = await get(
        '/releases?entityRef=component:default/payments-api',
      );
      expect(plain.body.items[0]).not.toHaveProperty('roles');
      const bad = await get('/releases?include=tasks');
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0].field).toBe('include.0');
    });

    it('needs the roles a release must have before it leaves plan', async () => {
      const id = await plan('minor');
      expect(
        (
          await send('put', `/releases/${id}/roles`, {
            roles: { 'release-manager': null, 'change-manager': 'erin' },
          })
        ).status,
      ).toBe(200);
      const refused = await move(id, 'design');
      expect(refused.status).toBe(409);
      expect(refused.body.error.fields).toEqual([
        {
          field: 'exitCriteria',
          message: expect.stringContaining('Release manager assigned'),
        },
      ]);
      const bad = await send('put', `/releases/${id}/roles`, {
        roles: {
          'release-manager': 'user:default/nobody',
          'qa-lead': 'component:default/payments-api',
        },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields).toEqual([
        {
          field: 'roles.qa-lead',
          message: '"component:default/payments-api" must be a user or a group',
        },
      ]);
      const unknownHolder = await send('put', `/releases/${id}/roles`, {
        roles: { 'release-manager': 'user:default/nobody' },
      });
      expect(unknownHolder.status).toBe(400);
      expect(unknownHolder.body.error.fields[0].field).toBe(
        'roles.release-manager',
      );
      const unknownRole = await send('put', `/releases/${id}/roles`, {
        roles: { sponsor: 'alice' },
      });
      expect(unknownRole.status).toBe(400);
      expect(unknownRole.body.error.fields[0].field).toBe('roles.sponsor');
      await send('put', `/releases/${id}/roles`, {
        roles: { 'release-manager': 'bob' },
      });
      expect((await move(id, 'design')).status).toBe(200);
    });

    it('lists my work: tasks assigned to me or my groups on releases I may read, nearest due first', async () => {
      const first = await plan('major');
      const second = await plan('major', {
        title: 'Ledger major',
        plannedStart: '2026-12-10T09:00:00Z',
        plannedEnd: '2026-12-11T09:00:00Z',
      });
      const added = await send('post', `/releases/${first}/tasks`, {
        title: 'Check the dashboards',
        phase: 'build',
        assignee: 'bob',
        dueAt: '2026-12-01T09:00:00Z',
      });
      expect(added.status).toBe(201);

      const bob = (await get('/my-work', 'bob')).body;
      // bob's own task, and the two owner-assigned tasks of payments-team.
      expect(bob.totalCount).toBe(3);
      expect(
        bob.items.map(
          (i: { task: { title: string }; release: { id: string } }) => [
            i.task.title,
            i.release.id,
          ],
        ),
      ).toEqual([
        ['Check the dashboards', first],
        ['Rollback plan written', second],
        ['Rollback plan written', first],
      ]);
      const paged = (await get('/my-work?limit=1&offset=1', 'bob')).body;
      expect(paged).toMatchObject({ totalCount: 3, limit: 1, offset: 1 });
      expect(paged.items).toHaveLength(1);

      const carol = (await get('/my-work', 'carol')).body;
      expect(
        carol.items.map((i: { task: { title: string } }) => i.task.title),
      ).toEqual(['Integration tests green', 'Integration tests green']);

      // Done tasks leave it, unless asked for.
      const task = added.body;
      await send('patch', `/releases/${first}/tasks/${task.id}`, {
        revision: task.revision,
        status: 'done',
      });
      expect((await get('/my-work', 'bob')).body.totalCount).toBe(2);
      expect((await get('/my-work?status=done', 'bob')).body.totalCount).toBe(
        1,
      );
      // A cancelled release's tasks are nobody's work.
      expect((await move(second, 'cancelled')).status).toBe(200);
      expect((await get('/my-work', 'bob')).body.totalCount).toBe(1);
    });

    it('checks task input: assignee and evidence must exist, a closed release takes no tasks', async () => {
      const id = await plan('minor');
      const badAssignee = await send('post', `/releases/${id}/tasks`, {
        title: 'Smoke test',
        phase: 'test',
        assignee: 'nobody',
      });
      expect(badAssignee.status).toBe(400);
      expect(badAssignee.body.error.fields).toEqual([
        {
          field: 'assignee',
          message: 'user:default/nobody does not exist in the catalog',
        },
      ]);
      const badEvidence = await send('post', `/releases/${id}/tasks`, {
        title: 'Smoke test',
        phase: 'test',
        evidence: [{ kind: 'deployment', deploymentId: '999999' }],
      });
      expect(badEvidence.status).toBe(400);
      expect(badEvidence.body.error.fields[0].field).toBe(
        'evidence.0.deploymentId',
      );
      const deployment = await deployToStaging('2.6.0', 'evidence-run');
      const withEvidence = await send('post', `/releases/${id}/tasks`, {
        title: 'Smoke test',
        phase: 'test',
        assignee: 'group:cab',
        status: 'done',
        evidence: [{ kind: 'deployment', deploymentId: deployment.body.id }],
      });
      expect(withEvidence.status).toBe(201);
      expect(withEvidence.body).toMatchObject({
        assignee: 'group:default/cab',
        status: 'done',
        completedBy: 'user:default/alice',
      });
      const missing = await send(
        'patch',
        `/releases/${id}/tasks/no-such-task`,
        {
          revision: 1,
          status: 'done',
        },
      );
      expect(missing.status).toBe(404);

      expect((await move(id, 'cancelled')).status).toBe(200);
      const closed = await send('post', `/releases/${id}/tasks`, {
        title: 'Too late',
        phase: 'test',
      });
      expect(closed.status).toBe(409);
      expect(closed.body.error.fields[0].field).toBe('phase');
    });

    it('shows milestones and due tasks on the calendar when asked to', async () => {
      const id = await plan('major');
      const range = '?from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z';
      const plain = (await get(`/calendar${range}`)).body;
      expect(plain.milestones).toBeUndefined();
      expect(plain.tasks).toBeUndefined();
      const calendar = (await get(`/calendar${range}&include=milestones,tasks`))
        .body;
      expect(calendar.milestones).toEqual([
        expect.objectContaining({
          releaseId: id,
          phase: 'test',
          plannedEnd: '2026-12-13T09:00:00.000Z',
          state: 'on_track',
        }),
      ]);
      expect(
        calendar.tasks.map((t: { title: string; dueAt: string }) => [
          t.title,
          t.dueAt,
        ]),
      ).toEqual([
        ['Rollback plan written', '2026-12-11T09:00:00.000Z'],
        ['Documentation updated', '2026-12-17T17:00:00.000Z'],
      ]);
      const bad = await get(`/calendar${range}&include=holidays`);
      expect(bad.status).toBe(400);

      // Moving a milestone later is a slip the stakeholders hear of.
      expect(
        (await send('post', '/watches', { releaseId: id }, 'carol')).status,
      ).toBe(201);
      const moved = await send('put', `/releases/${id}/milestones`, {
        milestones: [
          { phase: 'test', plannedEnd: '2026-12-13T15:00:00Z', bufferDays: 2 },
          { phase: 'deploy', plannedEnd: '2026-12-15T09:00:00Z' },
        ],
      });
      expect(moved.status).toBe(200);
      expect(moved.body.items.map((m: { phase: string }) => m.phase)).toEqual([
        'test',
        'deploy',
      ]);
      expect(
        sent
          .filter(s => s.payload.topic === 'release-slip')
          .map(s => s.payload.title),
      ).toEqual(['Payments major: milestones slipped']);
      const twice = await send('put', `/releases/${id}/milestones`, {
        milestones: [
          { phase: 'test', plannedEnd: '2026-12-13T15:00:00Z' },
          { phase: 'test', plannedEnd: '2026-12-14T15:00:00Z' },
        ],
      });
      expect(twice.status).toBe(400);
      expect(twice.body.error.fields[0].field).toBe('milestones.1.phase');
    });

    it('generates release notes with the versions, deployments, tasks, sign-offs, approvals and review, editable until close', async () => {
      // What ran before: 2.5.0 on staging, 2.4.0 in production.
      expect((await deployToStaging('2.5.0')).status).toBe(201);
      const id = await plan('major');
      await toTest(id);
      await finishTasks(id, 'test');
      await signOffAll(id);
      expect((await deployToStaging('2.6.0')).status).toBe(201);
      expect((await move(id, 'deploy')).status).toBe(200);
      const production = await request(app)
        .post('/api/releases/deployments')
        .set('Authorization', pipeline)
        .send({
          entityRef: 'component:default/payments-api',
          environment: 'production',
          version: '2.6.0',
          status: 'succeeded',
          source: 'ci',
          externalId: 'prod-1',
          releaseId: id,
          url: 'https://ci.example.com/runs/prod-1',
        });
      expect(production.status).toBe(201);
      expect((await move(id, 'review')).status).toBe(200);
      expect(
        (
          await send('post', `/releases/${id}/review`, {
            outcome: 'successful',
            wentWell: 'Quiet rollout',
            wentWrong: 'Slow approvals',
            actions: [{ description: 'Automate UAT', owner: 'carol' }],
          })
        ).status,
      ).toBe(201);

      // The review is news for the role holders (not for its author).
      const reviewNotices = sent.filter(
        s => s.payload.topic === 'release-review',
      );
      expect(reviewNotices).toHaveLength(1);
      expect(reviewNotices[0].payload.title).toBe(
        'Payments major was reviewed: successful',
      );
      expect(reviewNotices[0].recipients).toEqual({
        type: 'entity',
        entityRef: ['user:default/carol'],
      });

      const notes = (await get(`/releases/${id}/notes`)).body;
      expect(notes.components).toEqual([
        {
          entityRef: 'component:default/payments-api',
          version: '2.6.0',
          fromVersions: { staging: '2.5.0' },
        },
      ]);
      expect(notes.deployments).toEqual([
        {
          environment: 'production',
          items: [
            expect.objectContaining({
              entityRef: 'component:default/payments-api',
              version: '2.6.0',
              status: 'succeeded',
              url: 'https://ci.example.com/runs/prod-1',
            }),
          ],
        },
      ]);
      expect(notes.signoffs.map((s: { name: string }) => s.name)).toEqual([
        'QA',
        'UAT',
      ]);
      expect(notes.approvals.status).toBe('not_required');
      expect(notes.review).toMatchObject({
        outcome: 'successful',
        actions: [{ description: 'Automate UAT', owner: 'user:default/carol' }],
      });
      expect(notes.revision).toBe(0);
      expect(notes.edited).toBeNull();

      const md = await get(`/releases/${id}/notes?format=md`);
      expect(md.status).toBe(200);
      expect(md.headers['content-type']).toMatch(/^text\/markdown/);
      expect(md.headers['content-disposition']).toBe(
        'attachment; filename="release-notes-payments-major.md"',
      );
      expect(md.text).toContain('# Release notes: Payments major');
      expect(md.text).toContain(
        '| component:default/payments-api | 2.6.0 | staging: 2.5.0 |',
      );
      expect(md.text).toContain('Outcome: **successful**');
      expect(md.text).toContain('- Automate UAT (user:default/carol)');
      expect(md.text).toContain('- **QA**: user:default/carol');

      // Without releases.deployment.read, no deployments.
      const withoutDeployments = (await get(`/releases/${id}/notes`, 'erin'))
        .body;
      expect(withoutDeployments.deployments).toBeNull();
      expect(withoutDeployments.markdown).not.toContain('## Deployments');
      expect(md.text).toContain('## Deployments');

      // A pipeline may read them too.
      const forPipeline = await request(app)
        .get(`/api/releases/releases/${id}/notes?format=md`)
        .set('Authorization', pipeline);
      expect(forPipeline.status).toBe(200);
      expect(forPipeline.text).toBe(md.text);

      const extended = await send('put', `/releases/${id}/notes`, {
        mode: 'extend',
        text: 'Adds 3-D Secure 2 to every card payment.',
        revision: 0,
      });
      expect(extended.status).toBe(200);
      expect(extended.body.revision).toBe(1);
      expect(extended.body.markdown).toMatch(
        /^# Release notes: Payments major\n\nAdds 3-D Secure 2 to every card payment\.\n\n- \*\*Type:\*\* major/,
      );
      const stale = await send('put', `/releases/${id}/notes`, {
        mode: 'override',
        text: 'Lost',
        revision: 0,
      });
      expect(stale.status).toBe(409);
      const overridden = await send('put', `/releases/${id}/notes`, {
        mode: 'override',
        text: '# Payments 2.6\n\nOur words only.',
        revision: 1,
      });
      expect(overridden.body.markdown).toBe(
        '# Payments 2.6\n\nOur words only.\n',
      );
      expect(overridden.body.review.outcome).toBe('successful');
      const [edit] = (await get(`/releases/${id}/events`)).body.items;
      expect(edit.type).toBe('notes-edited');

      // Leaving review needs its task done, like any phase.
      expect((await move(id, 'closed')).status).toBe(409);
      await finishTasks(id, 'review');
      expect((await move(id, 'closed')).status).toBe(200);
      const closed = await send('put', `/releases/${id}/notes`, {
        mode: 'extend',
        text: 'Too late',
        revision: 2,
      });
      expect(closed.status).toBe(409);
    });
  },
);
