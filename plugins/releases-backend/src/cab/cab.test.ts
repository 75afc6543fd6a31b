import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import ICAL from 'ical.js';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import request from 'supertest';
import { releasesPlugin } from '../plugin';
import { insertReleases } from '../__testUtils__/bulkReleases';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';
import { captureNotices } from '../__testUtils__/notices';
import { policyByUser } from '../__testUtils__/policies';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const BOARD = 'Weekly CAB';
const config = {
  app: { baseUrl: 'http://portal.example.com' },
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
      agendaLeadTime: 'P8D',
      boards: [
        {
          name: BOARD,
          description: 'Major changes to production',
          // carol and dave sit on it; erin (release-managers) chairs it.
          group: 'group:default/cab',
          chair: 'group:default/release-managers',
          rrule: 'FREQ=WEEKLY;BYDAY=TH;BYHOUR=14;BYMINUTE=0;BYSECOND=0',
          duration: 'PT1H',
          timezone: 'Europe/Berlin',
          when: { types: ['major'], environments: ['production'] },
        },
      ],
    },
  },
};

const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);

/** Allows everything, except what `deny` names for a user. */
const policy = (deny: Record<string, string[]>) =>
  policyByUser((user, permission) =>
    deny[permission]?.includes(user)
      ? { result: AuthorizeResult.DENY }
      : undefined,
  );

describe.each(databases.eachSupportedId())('CAB meetings on %p', databaseId => {
  let knex: Knex;
  let app: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const { module: notifier, sent: notices } = captureNotices();
  const scheduler = mockServices.scheduler.mock();

  const call = (
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
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
          notifier,
          scheduler.factory,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({ entities: testEntities }),
          mockServices.rootConfig.factory({ data: config }),
          // alice may not manage CAB items; dave may not decide.
          policy({
            'releases.cab.manage': ['user:default/alice'],
            'releases.cab.decide': ['user:default/gina'],
          }),
        ],
      })
    ).server;
    // The scheduler is a mock: sync the catalog facts once, by hand.
    for (const [task] of scheduler.scheduleTask.mock.calls) {
      if (task.id.includes('catalog')) {
        await (task.fn as (signal: AbortSignal) => Promise<void>)(
          new AbortController().signal,
        );
      }
    }
  });

  beforeEach(async () => {
    notices.length = 0;
    for (const table of [
      'cab_decisions',
      'cab_items',
      'cab_meetings',
      'approvals',
      'release_phase_periods',
      'release_events',
      'release_components',
      'releases',
    ]) {
      await knex(table).delete();
    }
  });

  async function nextMeeting() {
    const res = await call('get', '/cab/boards', 'carol');
    expect(res.status).toBe(200);
    const [board] = res.body.items;
    expect(board).toMatchObject({
      name: BOARD,
      group: 'group:default/cab',
      chair: 'group:default/release-managers',
      timezone: 'Europe/Berlin',
    });
    return board.nextMeeting as { id: string; start: string; end: string };
  }

  async function plan(
    title: string,
    body: Record<string, unknown> & { plannedStart: string },
  ) {
    const res = await call('post', '/releases', 'alice', {
      title,
      type: 'major',
      owner: 'group:default/payments-team',
      plannedEnd: DateTime.fromISO(body.plannedStart)
        .plus({ hours: 4 })
        .toISO(),
      environments: ['production'],
      components: [{ entityRef: 'component:default/payments-api' }],
      ...body,
    });
    expect(res.status).toBe(201);
    return res.body;
  }

  const after = (start: string, hours: number) =>
    DateTime.fromISO(start).toUTC().plus({ hours }).toISO()!;

  async function moveTo(id: string, phases: string[]) {
    for (const to of phases) {
      const res = await call('post', `/releases/${id}/transitions`, 'alice', {
        to,
      });
      expect({ to, status: res.status, body: res.body }).toMatchObject({
        status: 200,
      });
    }
  }

  it('holds exactly the releases that need the board on the agenda of the next meeting, by planned start then risk', async () => {
    const next = await nextMeeting();
    const following = DateTime.fromISO(next.start).plus({ days: 7 });

    // Need the board and are planned before the following meeting.
    const late = await plan('Payments major, planned last week', {
      plannedStart: DateTime.utc().minus({ days: 3 }).toISO()!,
    });
    const soon = await plan('Payments major', {
      plannedStart: after(next.start, 24),
    });
    const sameTimeLowerRisk = await plan('Cart major', {
      plannedStart: after(next.start, 24),
      owner: 'group:default/storefront-team',
      components: [{ entityRef: 'component:default/cart-service' }],
    });
    expect(soon.risk.score).toBeGreaterThan(sameTimeLowerRisk.risk.score);
    // Not on it: planned after the following meeting, a minor release,
    // staging only, cancelled, or already approved by the board.
    await plan('Planned after the following meeting', {
      plannedStart: following.plus({ hours: 1 }).toUTC().toISO()!,
    });
    await plan('Minor', { plannedStart: after(next.start, 24), type: 'minor' });
    await plan('Staging only', {
      plannedStart: after(next.start, 24),
      environments: ['staging'],
    });
    const cancelled = await plan('Cancelled', {
      plannedStart: after(next.start, 24),
    });
    await moveTo(cancelled.id, ['cancelled']);
    const decided = await plan('Decided', {
      plannedStart: after(next.start, 26),
    });
    expect(
      (
        await call(
          'post',
          `/cab/meetings/${next.id}/items/${decided.id}/decision`,
          'erin',
          { decision: 'approved', comment: 'Fine' },
        )
      ).status,
    ).toBe(201);

    const res = await call('get', `/cab/meetings/${next.id}`, 'carol');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: next.id,
      board: BOARD,
      start: next.start,
      nextStart: following.toUTC().toISO(),
      minutes: null,
      viewer: {
        member: true,
        chair: false,
        canAddItems: true,
        canDecide: false,
      },
    });
    // The decided one stays visible as decided in this meeting; the rest
    // are the agenda by rule.
    const pending = res.body.items.filter((i: any) => i.state === 'pending');
    expect(pending.map((i: any) => i.release.title)).toEqual([
      late.title,
      soon.title,
      sameTimeLowerRisk.title,
    ]);
    expect(
      res.body.items
        .filter((i: any) => i.state !== 'pending')
        .map((i: any) => [i.release.id, i.state, i.decisions.length]),
    ).toEqual([[decided.id, 'approved', 1]]);
    const item = pending[1];
    expect(item).toMatchObject({
      source: 'agenda',
      addedBy: null,
      decisions: [],
      rollbackPlanRequired: false,
    });
    // Collisions and freeze conflicts come with each item.
    expect(item.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'collision', releaseId: decided.id }),
      ]),
    );

    // The same meeting, read by another user, on another call: one row.
    await call('get', `/cab/meetings/${next.id}`, 'erin');
    expect(Number((await knex('cab_meetings').count({ n: '*' }))[0].n)).toBe(1);
  });

  it('finds the releases that need the board behind many it does not cover or has decided', async () => {
    const next = await nextMeeting();
    const needed = await plan('Needs the board', {
      plannedStart: after(next.start, 24),
    });
    // 600 releases planned before it, written straight to the table.
    const at = DateTime.utc().minus({ days: 2 }).toJSDate();
    const earlier = (type: 'major' | 'minor') =>
      insertReleases(
        knex,
        'b000',
        Array.from({ length: 600 }, (_, i) => ({
          title: `Earlier ${i}`,
          type,
          plannedStart: at,
        })),
      );
    const pending = async () =>
      (await call('get', `/cab/meetings/${next.id}`, 'carol')).body.items
        .filter((i: any) => i.state === 'pending')
        .map((i: any) => i.release.id);

    // Minor releases, which the board does not cover.
    const ids = await earlier('minor');
    expect(await pending()).toEqual([needed.id]);

    // Major releases the board approved in their current round, at its
    // meeting a week ago: not on this agenda at all.
    await knex('releases').whereIn('id', ids).delete();
    await earlier('major');
    const lastWeek = DateTime.fromISO(next.start).minus({ days: 7 });
    await knex('cab_meetings').insert({
      id: 'weekly-cab-last-week',
      board: BOARD,
      starts_at: lastWeek.toJSDate(),
      ends_at: lastWeek.plus({ hours: 1 }).toJSDate(),
      timezone: 'Europe/Berlin',
      created_at: at,
    });
    await knex.batchInsert(
      'cab_decisions',
      ids.map(id => ({
        meeting_id: 'weekly-cab-last-week',
        board: BOARD,
        release_id: id,
        round: 1,
        decision: 'approved',
        comment: 'Fine',
        decided_by: 'user:default/erin',
        decided_at: at,
      })),
      50,
    );
    const agenda = (await call('get', `/cab/meetings/${next.id}`, 'carol')).body
      .items;
    expect(agenda.map((i: any) => [i.release.id, i.state])).toEqual([
      [needed.id, 'pending'],
    ]);
  });

  it('says when more releases could need the board than one agenda judges', async () => {
    const next = await nextMeeting();
    const at = DateTime.utc().minus({ days: 2 }).toJSDate();
    // Major releases for staging only: the board's rule is for production,
    // so each is read and judged, and none is on the agenda.
    const staging = (count: number, first: number) =>
      insertReleases(
        knex,
        'b001',
        Array.from({ length: count }, (_, i) => ({
          title: `Staging ${first + i}`,
          type: 'major' as const,
          plannedStart: at,
          environments: ['staging'],
        })),
        first,
      );
    const meeting = async () =>
      (await call('get', `/cab/meetings/${next.id}`, 'carol')).body;
    const ids = await staging(2000, 0);
    try {
      // Exactly as many as one agenda judges: all were judged.
      let view = await meeting();
      expect(view.agendaTruncated).toBeUndefined();
      expect(view.items).toEqual([]);
      ids.push(...(await staging(1, 2000)));
      view = await meeting();
      expect(view.agendaTruncated).toBe(true);
      expect(view.items).toEqual([]);
    } finally {
      await knex('releases').whereIn('id', ids).delete();
    }
  });

  it("takes the chair's approval as the board's, and the release can enter deploy", async () => {
    const next = await nextMeeting();
    const release = await plan('Payments 3.0', {
      plannedStart: after(next.start, 24),
      components: [
        { entityRef: 'component:default/payments-api', version: '3.0.0' },
      ],
    });
    // The owner's approval alone is not enough.
    expect(
      (
        await call('post', `/releases/${release.id}/approvals`, 'bob', {
          decision: 'approved',
          comment: 'Owner says yes',
        })
      ).status,
    ).toBe(201);
    const approvals = await call(
      'get',
      `/releases/${release.id}/approvals`,
      'carol',
    );
    expect(approvals.body.status).toBe('pending');
    expect(approvals.body.boards).toEqual([BOARD]);
    expect(
      approvals.body.rules.find((r: any) => r.kind === 'cab'),
    ).toMatchObject({
      policy: BOARD,
      board: BOARD,
      group: 'group:default/release-managers',
      required: 1,
      given: 0,
      state: 'pending',
      eligible: expect.arrayContaining(['user:default/erin']),
    });
    // A board member's ordinary approval does not count for the board.
    expect(
      (
        await call('post', `/releases/${release.id}/approvals`, 'carol', {
          decision: 'approved',
          comment: 'I am on the CAB',
        })
      ).body.error.message,
    ).toBe(
      'only members of group:default/payments-team may decide on this release; the CAB (Weekly CAB) decides on it in its meetings',
    );
    await moveTo(release.id, ['design', 'build', 'test']);
    const refused = await call(
      'post',
      `/releases/${release.id}/transitions`,
      'alice',
      { to: 'deploy' },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(
      'Weekly CAB: 1 of group:default/release-managers (0 given)',
    );

    // Members do not decide; the chair does.
    const byMember = await call(
      'post',
      `/cab/meetings/${next.id}/items/${release.id}/decision`,
      'carol',
      { decision: 'approved', comment: '' },
    );
    expect(byMember.status).toBe(403);
    expect(byMember.body.error.message).toBe(
      'Only members of group:default/release-managers chair "Weekly CAB" and record its decisions',
    );
    const decided = await call(
      'post',
      `/cab/meetings/${next.id}/items/${release.id}/decision`,
      'erin',
      { decision: 'approved', comment: 'Rollback rehearsed' },
    );
    expect(decided.status).toBe(201);
    expect(decided.body.decision).toMatchObject({
      meetingId: next.id,
      board: BOARD,
      releaseId: release.id,
      round: 1,
      decision: 'approved',
      comment: 'Rollback rehearsed',
      decidedBy: 'user:default/erin',
    });
    expect(decided.body.approvals.status).toBe('approved');
    // A repeat answers the first decision; another verdict is a 409.
    const repeat = await call(
      'post',
      `/cab/meetings/${next.id}/items/${release.id}/decision`,
      'erin',
      { decision: 'approved', comment: 'again' },
    );
    expect(repeat.status).toBe(200);
    expect(repeat.body.decision.id).toBe(decided.body.decision.id);
    const changedMind = await call(
      'post',
      `/cab/meetings/${next.id}/items/${release.id}/decision`,
      'erin',
      { decision: 'rejected', comment: 'Second thoughts' },
    );
    expect(changedMind.status).toBe(409);

    const history = await call(
      'get',
      `/releases/${release.id}/events?order=asc`,
      'alice',
    );
    expect(
      history.body.items.find((e: any) => e.type === 'cab-decision'),
    ).toMatchObject({
      actor: 'user:default/erin',
      reason: 'Rollback rehearsed',
      changes: {
        cabDecision: {
          before: null,
          after: {
            board: BOARD,
            meetingId: next.id,
            round: 1,
            decision: 'approved',
          },
        },
      },
    });

    await moveTo(release.id, ['deploy']);
    const gate = await call(
      'get',
      '/gate?entityRef=component:default/payments-api&environment=production&version=3.0.0',
      'alice',
    );
    expect(gate.body).toMatchObject({ allowed: true, releaseId: release.id });
    // The owner hears of the board's decision.
    expect(
      notices.find(n => n.notice.topic === 'release-cab')?.recipients,
    ).toEqual(expect.arrayContaining(['user:default/bob']));
  });

  it('blocks a rejected release, defers one to the next meeting, and asks again after an edit of what was approved', async () => {
    const next = await nextMeeting();
    const rejected = await plan('Rejected', {
      plannedStart: after(next.start, 24),
    });
    const deferred = await plan('Deferred', {
      plannedStart: after(next.start, 25),
    });
    const edited = await plan('Edited', {
      plannedStart: after(next.start, 26),
    });
    const decide = (id: string, body: object, meeting = next.id) =>
      call(
        'post',
        `/cab/meetings/${meeting}/items/${id}/decision`,
        'erin',
        body,
      );

    expect(
      (await decide(rejected.id, { decision: 'rejected' })).body,
    ).toMatchObject({
      error: {
        message: 'comment: is required when rejecting: give the reason',
      },
    });
    const rejection = await decide(rejected.id, {
      decision: 'rejected',
      comment: 'No rollback plan',
    });
    expect(rejection.status).toBe(201);
    expect(rejection.body.approvals.status).toBe('rejected');
    await call('post', `/releases/${rejected.id}/approvals`, 'bob', {
      decision: 'approved',
      comment: 'Owner',
    });
    await moveTo(rejected.id, ['design', 'build', 'test']);
    const refused = await call(
      'post',
      `/releases/${rejected.id}/transitions`,
      'alice',
      {
        to: 'deploy',
      },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('Weekly CAB: rejected');

    expect(
      (
        await decide(deferred.id, {
          decision: 'deferred',
          comment: 'Next week',
        })
      ).status,
    ).toBe(201);
    const meeting = await call('get', `/cab/meetings/${next.id}`, 'erin');
    expect(
      meeting.body.items.find((i: any) => i.release.id === deferred.id).state,
    ).toBe('deferred');
    // On the next meeting's agenda, pending again.
    const following = (
      await call(
        'get',
        `/cab/meetings?board=${encodeURIComponent(
          BOARD,
        )}&from=${encodeURIComponent(
          after(next.start, 1),
        )}&to=${encodeURIComponent(after(next.start, 24 * 10))}`,
        'carol',
      )
    ).body.items[0];
    expect(following.start).toBe(meeting.body.nextStart);
    const later = await call('get', `/cab/meetings/${following.id}`, 'carol');
    expect(
      later.body.items.find((i: any) => i.release.id === deferred.id).state,
    ).toBe('pending');

    // Approved, then re-planned: a new round, and the board is asked again.
    expect(
      (await decide(edited.id, { decision: 'approved', comment: '' })).status,
    ).toBe(201);
    const current = await call('get', `/releases/${edited.id}`, 'alice');
    expect(current.body.approvalRound).toBe(1);
    const stale = await call('patch', `/releases/${edited.id}`, 'alice', {
      plannedEnd: after(next.start, 40),
      revision: edited.revision,
    });
    expect(stale.status).toBe(409);
    const patched = await call('patch', `/releases/${edited.id}`, 'alice', {
      plannedEnd: after(next.start, 40),
      revision: current.body.revision,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.approvalRound).toBe(2);
    const again = await call('get', `/cab/meetings/${next.id}`, 'erin');
    expect(
      again.body.items.find((i: any) => i.release.id === edited.id),
    ).toMatchObject({ state: 'pending' });
    expect(
      (
        await call('get', `/releases/${edited.id}/approvals`, 'erin')
      ).body.rules.find((r: any) => r.kind === 'cab').state,
    ).toBe('pending');
  });

  it('lets members add an item by hand, and the chair write the minutes', async () => {
    const next = await nextMeeting();
    const farOut = await plan('Planned in three weeks', {
      plannedStart: after(next.start, 24 * 21),
    });
    const add = (who: string, body: object) =>
      call('post', `/cab/meetings/${next.id}/items`, who, body);

    // alice is denied releases.cab.manage; erin chairs; bob is no member.
    expect((await add('alice', { releaseId: farOut.id })).status).toBe(403);
    expect(
      (await add('bob', { releaseId: farOut.id })).body.error.message,
    ).toBe(
      'Only members of group:default/cab (or its chair, group:default/release-managers) add items to the agenda of "Weekly CAB"',
    );
    expect((await add('carol', { releaseId: 'no-such-release' })).status).toBe(
      404,
    );
    const added = await add('carol', {
      releaseId: farOut.id,
      note: 'Risky migration',
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      release: { id: farOut.id },
      source: 'manual',
      addedBy: 'user:default/carol',
      note: 'Risky migration',
      state: 'pending',
    });
    expect((await add('dave', { releaseId: farOut.id })).status).toBe(200);
    const meeting = await call('get', `/cab/meetings/${next.id}`, 'dave');
    expect(meeting.body.items.map((i: any) => i.release.id)).toContain(
      farOut.id,
    );
    const events = await call('get', `/releases/${farOut.id}/events`, 'alice');
    expect(events.body.items[0]).toMatchObject({
      type: 'cab-item-added',
      actor: 'user:default/carol',
      reason: 'Risky migration',
    });
    // A minor release does not need the board.
    const minor = await plan('Minor', {
      plannedStart: after(next.start, 24),
      type: 'minor',
    });
    expect((await add('carol', { releaseId: minor.id })).status).toBe(409);

    expect(
      (
        await call('put', `/cab/meetings/${next.id}/minutes`, 'carol', {
          text: 'Not the chair',
        })
      ).status,
    ).toBe(403);
    const minutes = await call(
      'put',
      `/cab/meetings/${next.id}/minutes`,
      'erin',
      {
        text: 'Approved Payments 3.0; deferred the migration.',
      },
    );
    expect(minutes.status).toBe(200);
    expect(minutes.body.minutes).toMatchObject({
      text: 'Approved Payments 3.0; deferred the migration.',
      by: 'user:default/erin',
    });
  });

  it('shows only items the reader may read, and refuses a hidden release as unknown', async () => {
    const next = await nextMeeting();
    const release = await plan('Payments', {
      plannedStart: after(next.start, 24),
    });
    // gina chairs too, but the policy denies her releases.cab.decide.
    const unknown = await call(
      'post',
      `/cab/meetings/${next.id}/items/00000000-0000-4000-8000-000000000000/decision`,
      'erin',
      { decision: 'approved', comment: '' },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'No release with id 00000000-0000-4000-8000-000000000000',
    );
    const denied = await call(
      'post',
      `/cab/meetings/${next.id}/items/${release.id}/decision`,
      'gina',
      { decision: 'approved', comment: '' },
    );
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(
      /^You are not allowed to releases\.cab\.decide/,
    );
    // A chair does not decide on a release they created (separation of duties).
    const own = await call('post', '/releases', 'erin', {
      title: 'Planned by the chair',
      type: 'major',
      owner: 'group:default/payments-team',
      plannedStart: after(next.start, 24),
      plannedEnd: after(next.start, 26),
      environments: ['production'],
      components: [{ entityRef: 'component:default/payments-api' }],
    });
    expect(own.status).toBe(201);
    const byCreator = await call(
      'post',
      `/cab/meetings/${next.id}/items/${own.body.id}/decision`,
      'erin',
      { decision: 'approved', comment: '' },
    );
    expect(byCreator.status).toBe(403);
    expect(byCreator.body.error.message).toBe(
      'separation of duties: you created this release, so another chair must decide on it',
    );
    expect(
      (await call('get', '/cab/meetings/weekly-cab-20200101T0000Z', 'carol'))
        .status,
    ).toBe(404);
    expect((await call('get', '/cab/meetings/nonsense', 'carol')).status).toBe(
      404,
    );
  });

  it('puts meetings on the calendar and in the feed, and announces the agenda once, to members who may read it', async () => {
    const next = await nextMeeting();
    const release = await plan('Payments', {
      plannedStart: after(next.start, 24),
    });
    const from = DateTime.fromISO(next.start)
      .minus({ days: 1 })
      .toUTC()
      .toISO()!;
    const to = DateTime.fromISO(next.start).plus({ days: 10 }).toUTC().toISO()!;
    const calendar = await call(
      'get',
      `/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      'alice',
    );
    expect(calendar.status).toBe(200);
    expect(calendar.body.cabMeetings.map((m: any) => m.id)).toContain(next.id);
    const feed = await call('get', '/calendar.ics', 'alice');
    const events = new ICAL.Component(ICAL.parse(feed.text))
      .getAllSubcomponents('vevent')
      .map(e => String(e.getFirstPropertyValue('uid')));
    expect(events).toContain(`cab-${next.id}@releases.backstage-itsm`);

    const task = scheduler.scheduleTask.mock.calls.find(
      ([t]) => t.id === 'releases-cab-agendas',
    )![0];
    // Users whose read decision the plugin knows (they made a request).
    for (const user of ['carol', 'dave', 'erin']) {
      await call('get', '/releases', user);
    }
    await (task.fn as () => Promise<void>)();
    await (task.fn as () => Promise<void>)();
    const named = notices.filter(
      n => n.notice.scope === `cab-agenda:${next.id}`,
    );
    expect(named).toHaveLength(1);
    expect(named[0].notice).toMatchObject({
      link: `/releases/cab/meetings/${encodeURIComponent(next.id)}`,
      scope: `cab-agenda:${next.id}`,
    });
    expect(named[0].recipients).toEqual(
      expect.arrayContaining([
        'user:default/carol',
        'user:default/dave',
        'user:default/erin',
      ]),
    );
    const meeting = await call('get', `/cab/meetings/${next.id}`, 'carol');
    expect(meeting.body.agendaAnnouncedAt).not.toBeNull();
    expect(
      meeting.body.items.find((i: any) => i.release.id === release.id).release
        .id,
    ).toBe(release.id);
    expect(
      await knex('cab_items')
        .where({ meeting_id: next.id, source: 'agenda' })
        .select('release_id'),
    ).toEqual([{ release_id: release.id }]);
  });
});
