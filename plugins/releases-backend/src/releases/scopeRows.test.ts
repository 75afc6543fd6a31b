import { Knex } from 'knex';
import { ReleasesDatabase } from '../database/ReleasesDatabase';
import { ReviewStore } from '../review/ReviewStore';
import { createTestDatabases } from '../__testUtils__/databases';
import { KnexReleaseStore } from './KnexReleaseStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const at = new Date('2026-12-01T09:00:00.000Z');
const actor = 'user:default/alice';

describe.each(databases.eachSupportedId())(
  'the component rows that scope reads start from, on %p',
  databaseId => {
    let knex: Knex;
    let store: KnexReleaseStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await ReleasesDatabase.migrate(knex);
      store = new KnexReleaseStore(knex);
    });

    const rows = async (id: string) =>
      (
        await knex('release_components')
          .where({ release_id: id })
          .orderBy('entity_ref')
      ).map(
        (r: {
          entity_ref: string;
          phase: string;
          planned_start: unknown;
          planned_end: unknown;
          first_deployed_at: unknown;
          reviewed_at: unknown;
          release_created_at: unknown;
          review_outcome: string | null;
        }) => ({
          ref: r.entity_ref,
          phase: r.phase,
          start: new Date(r.planned_start as string | number).toISOString(),
          end: new Date(r.planned_end as string | number).toISOString(),
          deployed: r.first_deployed_at
            ? new Date(r.first_deployed_at as string | number).toISOString()
            : null,
          reviewed: r.reviewed_at
            ? new Date(r.reviewed_at as string | number).toISOString()
            : null,
          created: new Date(
            r.release_created_at as string | number,
          ).toISOString(),
          outcome: r.review_outcome,
        }),
      );

    it('follow the release through creation, edits, moves and its review, in the same transactions', async () => {
      const release = await store.create(
        {
          id: '00000000-0000-4000-8000-00000000a001',
          title: 'Payments 3',
          description: '',
          type: 'minor',
          phase: 'plan',
          plannedStart: '2026-12-01T09:00:00.000Z',
          plannedEnd: '2026-12-02T09:00:00.000Z',
          owner: 'group:default/payments-team',
          createdBy: actor,
          components: [{ entityRef: 'component:default/payments-api' }],
          environments: ['production'],
        },
        { type: 'created', actor, at },
      );
      expect(await rows(release.id)).toEqual([
        {
          ref: 'component:default/payments-api',
          phase: 'plan',
          start: '2026-12-01T09:00:00.000Z',
          end: '2026-12-02T09:00:00.000Z',
          deployed: null,
          reviewed: null,
          created: at.toISOString(),
          outcome: null,
        },
      ]);

      await store.update(release.id, {
        set: {
          plannedEnd: '2026-12-05T09:00:00.000Z',
          components: [
            { entityRef: 'component:default/payments-api' },
            { entityRef: 'component:default/ledger-service' },
          ],
        },
        event: { type: 'updated', actor, at },
      });
      const deployedAt = new Date('2026-12-03T10:00:00.000Z');
      for (const phase of [
        'design',
        'build',
        'test',
        'deploy',
        'review',
      ] as const) {
        await store.update(release.id, {
          set: { phase },
          event: {
            type: 'transitioned',
            actor,
            at: phase === 'deploy' ? deployedAt : at,
          },
        });
      }
      const review = {
        releaseId: release.id,
        outcome: 'successful' as const,
        wentWell: '',
        wentWrong: '',
        actions: [],
        reviewedBy: actor,
        reviewedAt: '2026-12-06T09:00:00.000Z',
      };
      await new ReviewStore(knex).saveReview(review, 'review');
      expect((await rows(release.id)).map(r => r.outcome)).toEqual([
        'successful',
        'successful',
      ]);
      // A corrected review moves its outcome and time on every row.
      await new ReviewStore(knex).saveReview(
        {
          ...review,
          outcome: 'failed',
          reviewedAt: '2026-12-07T09:00:00.000Z',
        },
        'review',
      );
      expect(await rows(release.id)).toEqual(
        [
          'component:default/ledger-service',
          'component:default/payments-api',
        ].map(ref => ({
          ref,
          phase: 'review',
          start: '2026-12-01T09:00:00.000Z',
          end: '2026-12-05T09:00:00.000Z',
          deployed: deployedAt.toISOString(),
          reviewed: '2026-12-07T09:00:00.000Z',
          created: at.toISOString(),
          outcome: 'failed',
        })),
      );

      // A list scoped to a component reads them: phase and window filters included.
      const list = (filter: object) =>
        store.list(
          {
            scopes: [
              { entityRefs: ['component:default/ledger-service'], owners: [] },
            ],
            ...filter,
          },
          { limit: 10, offset: 0 },
        );
      expect((await list({ phases: ['review'] })).totalCount).toBe(1);
      expect((await list({ phases: ['plan'] })).totalCount).toBe(0);
      expect(
        (await list({ from: '2026-12-06T00:00:00.000Z' })).totalCount,
      ).toBe(0);
      expect(
        (await list({ from: '2026-12-04T00:00:00.000Z' })).totalCount,
      ).toBe(1);
    });
  },
);
