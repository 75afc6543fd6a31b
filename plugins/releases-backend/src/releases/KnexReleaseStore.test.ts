import { ConflictError, NotFoundError } from '@backstage/errors';
import fc from 'fast-check';
import { Knex } from 'knex';
import { ApprovalStore } from '../approvals/ApprovalStore';
import { ReleasesDatabase } from '../database/ReleasesDatabase';
import { fromDbTime } from '../database/time';
import { createTestDatabases } from '../__testUtils__/databases';
import { StaleRevisionError } from './errors';
import { KnexReleaseStore } from './KnexReleaseStore';
import { NewRelease } from './ReleaseStore';

jest.setTimeout(60_000);

const at = new Date('2026-11-01T10:00:00.000Z');

function newRelease(overrides: Partial<NewRelease> = {}): NewRelease {
  return {
    id:
      overrides.id ??
      `00000000-0000-4000-8000-${String(
        Math.floor(Math.random() * 1e12),
      ).padStart(12, '0')}`,
    title: 'Payments 2.5',
    description: '',
    type: 'minor',
    phase: 'plan',
    plannedStart: '2026-12-01T09:00:00.000Z',
    plannedEnd: '2026-12-03T17:00:00.000Z',
    owner: 'group:default/payments-team',
    createdBy: 'user:default/alice',
    components: [
      { entityRef: 'component:default/payments-api', version: '2.5.0' },
    ],
    environments: ['production'],
    ...overrides,
  };
}

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'KnexReleaseStore on %p',
  databaseId => {
    let knex: Knex;
    let store: KnexReleaseStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await ReleasesDatabase.migrate(knex);
      store = new KnexReleaseStore(knex);
    });

    beforeEach(async () => {
      await knex('release_events').delete();
      await knex('release_components').delete();
      await knex('releases').delete();
    });

    it('creates a release with its components and one history event', async () => {
      const created = await store.create(
        newRelease({ id: '00000000-0000-4000-8000-000000000001' }),
        {
          type: 'created',
          actor: 'user:default/alice',
          at,
        },
      );

      expect(created).toEqual({
        id: '00000000-0000-4000-8000-000000000001',
        title: 'Payments 2.5',
        description: '',
        type: 'minor',
        phase: 'plan',
        plannedStart: '2026-12-01T09:00:00.000Z',
        plannedEnd: '2026-12-03T17:00:00.000Z',
        actualStart: null,
        actualEnd: null,
        owner: 'group:default/payments-team',
        createdBy: 'user:default/alice',
        ownerChangedBy: null,
        components: [
          { entityRef: 'component:default/payments-api', version: '2.5.0' },
        ],
        environments: ['production'],
        approvalRound: 1,
        breakGlass: null,
        outcome: null,
        risk: null,
        rollbackPlan: null,
        standardChange: null,
        revision: 1,
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
      });
      expect(await store.get(created.id)).toEqual(created);

      const events = await store.listEvents(created.id, {
        limit: 10,
        offset: 0,
      });
      expect(events.totalCount).toBe(1);
      expect(events.items[0]).toMatchObject({
        type: 'created',
        actor: 'user:default/alice',
        at: at.toISOString(),
        reason: null,
      });
      expect(events.items[0].changes.title).toEqual({
        before: null,
        after: 'Payments 2.5',
      });
    });

    it('writes nothing when part of a creation fails', async () => {
      const duplicate = { entityRef: 'component:default/payments-api' };
      await expect(
        store.create(newRelease({ components: [duplicate, duplicate] }), {
          type: 'created',
          actor: 'user:default/alice',
          at,
        }),
        // A unique violation: SQLite's and PostgreSQL's code for it.
      ).rejects.toMatchObject({
        code: expect.stringMatching(/^(SQLITE_CONSTRAINT_PRIMARYKEY|23505)$/),
      });

      expect(await store.count()).toBe(0);
      const [{ count }] = await knex('release_events').count({ count: '*' });
      expect(Number(count)).toBe(0);
    });

    it('updates changed fields, bumps the revision and records before and after', async () => {
      const created = await store.create(newRelease(), {
        type: 'created',
        actor: 'user:default/alice',
        at,
      });
      const later = new Date('2026-11-02T08:00:00.000Z');

      const { release, changes } = await store.update(created.id, {
        expectedRevision: 1,
        set: {
          title: 'Payments 2.6',
          description: '',
          components: [
            { entityRef: 'component:default/payments-api', version: '2.6.0' },
            { entityRef: 'component:default/ledger-service' },
          ],
        },
        event: { type: 'updated', actor: 'user:default/bob', at: later },
      });

      expect(release.revision).toBe(2);
      expect(release.updatedAt).toBe(later.toISOString());
      expect(release.components).toEqual([
        { entityRef: 'component:default/payments-api', version: '2.6.0' },
        { entityRef: 'component:default/ledger-service' },
      ]);
      // The unchanged description is not part of the history.
      expect(Object.keys(changes).sort()).toEqual(['components', 'title']);
      const events = await store.listEvents(created.id, {
        limit: 10,
        offset: 0,
        order: 'desc',
      });
      expect(events.items.map(e => e.type)).toEqual(['updated', 'created']);
      expect(events.items[0]).toMatchObject({
        actor: 'user:default/bob',
        changes: { title: { before: 'Payments 2.5', after: 'Payments 2.6' } },
      });
    });

    it('refuses a stale revision and reports the current release', async () => {
      const created = await store.create(newRelease(), {
        type: 'created',
        actor: 'user:default/alice',
        at,
      });
      await store.update(created.id, {
        expectedRevision: 1,
        set: { title: 'First' },
        event: { type: 'updated', actor: 'user:default/alice', at },
      });

      const stale = store.update(created.id, {
        expectedRevision: 1,
        set: { title: 'Second' },
        event: { type: 'updated', actor: 'user:default/bob', at },
      });
      await expect(stale).rejects.toBeInstanceOf(StaleRevisionError);
      await expect(stale).rejects.toMatchObject({
        current: { revision: 2, title: 'First' },
      });
      expect(
        (await store.listEvents(created.id, { limit: 10, offset: 0 }))
          .totalCount,
      ).toBe(2);
    });

    it('lets exactly one of two concurrent writers with the same revision win', async () => {
      const created = await store.create(newRelease(), {
        type: 'created',
        actor: 'user:default/alice',
        at,
      });
      const results = await Promise.allSettled(
        ['A', 'B', 'C', 'D'].map(title =>
          store.update(created.id, {
            expectedRevision: 1,
            set: { title },
            event: { type: 'updated', actor: 'user:default/alice', at },
          }),
        ),
      );
      expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
      for (const result of results.filter(r => r.status === 'rejected')) {
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(
          ConflictError,
        );
      }
      expect((await store.get(created.id))!.revision).toBe(2);
      expect(
        (await store.listEvents(created.id, { limit: 10, offset: 0 }))
          .totalCount,
      ).toBe(2);
    });

    it('refuses a change expected in another phase', async () => {
      const created = await store.create(newRelease(), {
        type: 'created',
        actor: 'user:default/alice',
        at,
      });
      await expect(
        store.update(created.id, {
          expectedPhase: 'design',
          set: { phase: 'build' },
          event: { type: 'transitioned', actor: 'user:default/alice', at },
        }),
      ).rejects.toBeInstanceOf(ConflictError);
      expect((await store.get(created.id))!.phase).toBe('plan');
    });

    it('refuses a change checked against approval decisions that changed meanwhile', async () => {
      const created = await store.create(newRelease({ phase: 'test' }), {
        type: 'created',
        actor: 'user:default/alice',
        at,
      });
      const approvals = new ApprovalStore(knex);
      const decide = async (
        approver: string,
        decision: 'approved' | 'rejected',
      ) =>
        (
          await approvals.record(
            {
              releaseId: created.id,
              round: 1,
              approver,
              onBehalfOf: 'group:default/payments-team',
              decision,
              comment: decision === 'rejected' ? 'Not yet' : '',
              decidedAt: at.toISOString(),
            },
            { phases: ['plan', 'design', 'build', 'test'] },
          )
        ).decision;
      const approved = await decide('user:default/bob', 'approved');
      // The gate saw bob's approval; dave's rejection lands before the move.
      await decide('user:default/dave', 'rejected');
      const move = (lastDecisionId: string | null) =>
        store.update(created.id, {
          expectedPhase: 'test',
          expectedDecisions: { round: 1, lastDecisionId },
          set: { phase: 'deploy' },
          event: { type: 'transitioned', actor: 'user:default/alice', at },
        });
      await expect(move(approved.id)).rejects.toBeInstanceOf(ConflictError);
      await expect(move(null)).rejects.toBeInstanceOf(ConflictError);
      expect((await store.get(created.id))!.phase).toBe('test');

      const [{ last }] = await knex('approvals').max({ last: 'id' });
      expect((await move(String(last))).release.phase).toBe('deploy');
      // And a decision checked against the phase before is refused after it.
      await expect(
        decide('user:default/carol', 'approved'),
      ).rejects.toBeInstanceOf(ConflictError);
      const [{ count }] = await knex('approvals')
        .where({ release_id: created.id })
        .count({ count: '*' });
      expect(Number(count)).toBe(2);
    });

    it('keeps when a release first entered deploy, across a step back', async () => {
      const created = await store.create(newRelease({ phase: 'test' }), {
        type: 'created',
        actor: 'user:default/alice',
        at,
      });
      const firstDeployedAt = async () =>
        (
          await knex('releases')
            .where({ id: created.id })
            .first('first_deployed_at')
        ).first_deployed_at;
      expect(await firstDeployedAt()).toBeNull();

      const move = (phase: 'deploy' | 'test', when: Date) =>
        store.update(created.id, {
          set: { phase },
          event: { type: 'transitioned', actor: 'user:default/bob', at: when },
        });
      const first = new Date('2026-11-02T10:00:00.000Z');
      await move('deploy', first);
      await move('test', new Date('2026-11-03T10:00:00.000Z'));
      await move('deploy', new Date('2026-11-04T10:00:00.000Z'));

      expect(fromDbTime(await firstDeployedAt())).toBe(first.toISOString());
    });

    it('reads the releases in deploy of a component, on PostgreSQL with their current round decisions in the same statement', async () => {
      const event = {
        type: 'created' as const,
        actor: 'user:default/alice',
        at,
      };
      const inDeploy = await store.create(
        newRelease({ phase: 'deploy', title: 'In deploy' }),
        event,
      );
      await store.create(
        newRelease({ phase: 'test', title: 'In test' }),
        event,
      );
      await store.create(
        newRelease({
          phase: 'deploy',
          title: 'Other component',
          components: [{ entityRef: 'component:default/cart' }],
        }),
        event,
      );
      const approvals = new ApprovalStore(knex);
      const decide = (round: number, approver: string, decidedAt: string) =>
        approvals.record({
          releaseId: inDeploy.id,
          round,
          approver,
          onBehalfOf: null,
          decision: 'approved',
          comment: `round ${round}`,
          decidedAt,
        });
      await decide(1, 'user:default/bob', '2026-11-01T10:00:00.000Z');
      await store.update(inDeploy.id, {
        set: { approvalRound: 2 },
        event: { type: 'updated', actor: 'user:default/alice', at },
      });
      await decide(2, 'user:default/carol', '2026-11-02T10:00:00.123Z');
      await decide(2, 'user:default/dave', '2026-11-02T11:00:00.456Z');

      const found = await store.inDeployFor('component:default/payments-api');

      expect(found.map(f => f.release)).toEqual([await store.get(inDeploy.id)]);
      const roundTwo = (await approvals.decisions([inDeploy.id])).filter(
        d => d.round === 2,
      );
      expect(roundTwo.map(d => d.approver)).toEqual([
        'user:default/dave',
        'user:default/carol',
      ]);
      expect(found[0].decisions).toEqual(
        knex.client.config.client === 'pg' ? roundTwo : undefined,
      );
    });

    it('answers concurrent reads of the releases in deploy together, each as a read of its own', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              phase: fc.constantFrom('deploy', 'deploy', 'test'),
              startDay: fc.integer({ min: 1, max: 4 }),
              components: fc.subarray(['a', 'b', 'c', 'd'], { minLength: 1 }),
              environments: fc.subarray(['staging', 'production'], {
                minLength: 1,
              }),
            }),
            { maxLength: 12 },
          ),
          fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), {
            minLength: 1,
            maxLength: 8,
          }),
          async (planned, asked) => {
            await knex('release_events').delete();
            await knex('release_components').delete();
            await knex('releases').delete();
            for (const [i, release] of planned.entries()) {
              await store.create(
                newRelease({
                  title: `Release ${i}`,
                  phase: release.phase as 'deploy' | 'test',
                  plannedStart: `2026-12-0${release.startDay}T09:00:00.000Z`,
                  components: release.components.map(c => ({
                    entityRef: `component:default/${c}`,
                    version: `1.${i}.0`,
                  })),
                  environments: release.environments,
                }),
                { type: 'created', actor: 'user:default/alice', at },
              );
            }
            const refs = asked.map(c => `component:default/${c}`);
            const together = await Promise.all(
              refs.map(ref => store.inDeployFor(ref)),
            );
            for (const [i, ref] of refs.entries()) {
              expect(together[i]).toEqual(await store.inDeployFor(ref));
              expect(together[i].map(r => r.release.title).sort()).toEqual(
                planned
                  .flatMap((release, n) =>
                    release.phase === 'deploy' &&
                    release.components.some(
                      c => `component:default/${c}` === ref,
                    )
                      ? [`Release ${n}`]
                      : [],
                  )
                  .sort(),
              );
            }
          },
        ),
        { numRuns: 20 },
      );
    });

    it('fails only the read of releases in deploy whose input the database refuses', async () => {
      const inDeploy = await store.create(
        newRelease({ phase: 'deploy', title: 'In deploy' }),
        { type: 'created', actor: 'user:default/alice', at },
      );
      const [, neighbour, refused] = await Promise.allSettled([
        store.inDeployFor('component:default/cart'),
        store.inDeployFor('component:default/payments-api'),
        store.inDeployFor('component:default/nul\u0000byte'),
      ]);
      expect(neighbour).toEqual({
        status: 'fulfilled',
        value: [
          expect.objectContaining({ release: await store.get(inDeploy.id) }),
        ],
      });
      // PostgreSQL refuses a NUL byte in text; SQLite finds nothing.
      expect(
        refused.status === 'fulfilled' ? refused.value : 'refused',
      ).toEqual(knex.client.config.client === 'pg' ? 'refused' : []);
    });

    it('writes no event for a change that changes nothing', async () => {
      const created = await store.create(newRelease(), {
        type: 'created',
        actor: 'user:default/alice',
        at,
      });
      const { release, changes } = await store.update(created.id, {
        expectedRevision: 1,
        set: { title: created.title },
        event: { type: 'updated', actor: 'user:default/alice', at },
      });
      expect(changes).toEqual({});
      expect(release.revision).toBe(1);
      expect(
        (await store.listEvents(created.id, { limit: 10, offset: 0 }))
          .totalCount,
      ).toBe(1);
    });

    it('throws NotFoundError for an unknown release', async () => {
      await expect(
        store.update('00000000-0000-4000-8000-00000000ffff', {
          set: { title: 'x' },
          event: { type: 'updated', actor: 'user:default/alice', at },
        }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('filters by scope, type, phase, time range and title, and pages', async () => {
      const mk = (id: string, o: Partial<NewRelease>) =>
        store.create(
          newRelease({ id: `00000000-0000-4000-8000-00000000000${id}`, ...o }),
          {
            type: 'created',
            actor: 'user:default/alice',
            at,
          },
        );
      await mk('1', {
        title: '100% uptime',
        plannedStart: '2026-12-01T00:00:00Z',
        plannedEnd: '2026-12-02T00:00:00Z',
      });
      await mk('2', {
        type: 'major',
        owner: 'group:default/storefront-team',
        components: [{ entityRef: 'component:default/checkout-service' }],
        plannedStart: '2026-12-05T00:00:00Z',
        plannedEnd: '2026-12-06T00:00:00Z',
      });
      await mk('3', {
        type: 'emergency',
        components: [{ entityRef: 'component:default/ledger-service' }],
        plannedStart: '2026-12-10T00:00:00Z',
        plannedEnd: '2026-12-11T00:00:00Z',
      });

      const ids = async (
        filter: Parameters<KnexReleaseStore['list']>[0],
        order: 'asc' | 'desc' = 'asc',
      ) =>
        (await store.list(filter, { limit: 10, offset: 0, order })).items.map(
          r => r.id.slice(-1),
        );

      expect(await ids({})).toEqual(['1', '2', '3']);
      expect(await ids({}, 'desc')).toEqual(['3', '2', '1']);
      expect(
        await ids({
          scopes: [
            { entityRefs: ['component:default/payments-api'], owners: [] },
          ],
        }),
      ).toEqual(['1']);
      expect(
        await ids({
          scopes: [
            {
              entityRefs: ['component:default/ledger-service'],
              owners: ['group:default/storefront-team'],
            },
          ],
        }),
      ).toEqual(['2', '3']);
      expect(await ids({ scopes: [{ entityRefs: [], owners: [] }] })).toEqual(
        [],
      );
      expect(await ids({ types: ['major', 'emergency'] })).toEqual(['2', '3']);
      expect(await ids({ phases: ['design'] })).toEqual([]);
      expect(
        await ids({ from: '2026-12-05T12:00:00Z', to: '2026-12-10T00:00:00Z' }),
      ).toEqual(['2', '3']);
      expect(await ids({ q: '100%' })).toEqual(['1']);
      expect(await ids({ q: '0%' })).toEqual(['1']);
      expect(await ids({ q: 'PAYMENTS' })).toEqual(['2', '3']);
      expect(
        await ids({ condition: q => q.whereIn('releases.type', ['minor']) }),
      ).toEqual(['1']);
      // Releases shown elsewhere are left out, and take none of the page.
      const second = '00000000-0000-4000-8000-000000000002';
      expect(await ids({ excluding: [second] })).toEqual(['1', '3']);
      const scopedExcluding = await store.list(
        {
          scopes: [
            {
              entityRefs: ['component:default/ledger-service'],
              owners: ['group:default/storefront-team'],
            },
          ],
          excluding: [second],
        },
        { limit: 1, offset: 0, order: 'asc' },
      );
      expect(scopedExcluding.items.map(r => r.id.slice(-1))).toEqual(['3']);
      expect(scopedExcluding.totalCount).toBe(1);

      const page = await store.list({}, { limit: 2, offset: 2, order: 'asc' });
      expect(page.totalCount).toBe(3);
      expect(page.items.map(r => r.id.slice(-1))).toEqual(['3']);
    });

    it('lists a scope the same whether its releases are few enough to name by id or not', async () => {
      // 510 releases of the shared component (more than the store names by
      // id), every third also of the ledger, every other one in build.
      const shared = 'component:default/shared-lib';
      const ledger = 'component:default/ledger-service';
      const expected: Array<{
        id: string;
        start: string;
        ledger: boolean;
        build: boolean;
      }> = [];
      for (let i = 0; i < 510; i++) {
        const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
        const start = new Date(Date.UTC(2026, 11, 1) + (i % 97) * 3600_000);
        expected.push({
          id,
          start: start.toISOString(),
          ledger: i % 3 === 0,
          build: i % 2 === 0,
        });
      }
      await knex.batchInsert(
        'releases',
        expected.map(e => ({
          id: e.id,
          title: `Release ${e.id.slice(-4)}`,
          description: '',
          type: 'minor',
          phase: e.build ? 'build' : 'plan',
          planned_start: e.start,
          planned_end: new Date(Date.parse(e.start) + 3600_000).toISOString(),
          owner: e.ledger
            ? 'group:default/ledger-team'
            : 'group:default/payments-team',
          created_by: 'user:default/alice',
          environments: '["production"]',
          revision: 1,
          created_at: at.toISOString(),
          updated_at: at.toISOString(),
        })),
        100,
      );
      await knex.batchInsert(
        'release_components',
        expected.flatMap(e =>
          [shared, ...(e.ledger ? [ledger] : [])].map(
            (entityRef, position) => ({
              release_id: e.id,
              entity_ref: entityRef,
              position,
              phase: e.build ? 'build' : 'plan',
              planned_start: e.start,
              planned_end: new Date(
                Date.parse(e.start) + 3600_000,
              ).toISOString(),
            }),
          ),
        ),
        100,
      );
      const byStart = (
        a: { id: string; start: string },
        b: { id: string; start: string },
      ) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id);
      const check = async (
        filter: Parameters<KnexReleaseStore['list']>[0],
        want: typeof expected,
      ) => {
        const sorted = [...want].sort(byStart);
        const page = await store.list(filter, {
          limit: 25,
          offset: 10,
          order: 'asc',
        });
        expect(page.totalCount).toBe(sorted.length);
        expect(page.items.map(r => r.id)).toEqual(
          sorted.slice(10, 35).map(e => e.id),
        );
      };
      const scope = (entityRefs: string[], owners: string[] = []) => ({
        entityRefs,
        owners,
      });

      // 510 in scope: a semi-join.
      await check({ scopes: [scope([shared])] }, expected);
      // 255 in build: named by id.
      await check(
        { scopes: [scope([shared])], phases: ['build'] },
        expected.filter(e => e.build),
      );
      // Two scopes: releases in both.
      await check(
        { scopes: [scope([shared]), scope([ledger])] },
        expected.filter(e => e.ledger),
      );
      // Components and owners: either.
      await check(
        {
          scopes: [scope([ledger], ['group:default/payments-team'])],
          phases: ['plan'],
        },
        expected.filter(e => !e.build),
      );
      // Named ids and a condition on the releases together.
      await check(
        {
          scopes: [scope([ledger])],
          condition: q =>
            q.where('releases.owner', 'group:default/ledger-team'),
        },
        expected.filter(e => e.ledger),
      );
      expect(
        (
          await store.list(
            { scopes: [scope([shared]), scope(['component:default/none'])] },
            { limit: 5, offset: 0 },
          )
        ).totalCount,
      ).toBe(0);
    });
  },
);
