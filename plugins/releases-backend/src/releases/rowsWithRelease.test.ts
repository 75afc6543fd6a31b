import { ReleasePhase } from '@backstage-itsm/plugin-releases-common';
import fc from 'fast-check';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import {
  ApprovalStore,
  decisionsWithRelease,
} from '../approvals/ApprovalStore';
import { ReleasesDatabase } from '../database/ReleasesDatabase';
import { planRowsWithRelease, PlanStore } from '../plans/PlanStore';
import { reviewWithRelease, ReviewStore } from '../review/ReviewStore';
import { createTestDatabases } from '../__testUtils__/databases';
import { insertReleases } from '../__testUtils__/bulkReleases';
import { KnexReleaseStore } from './KnexReleaseStore';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const parts = {
  decisions: decisionsWithRelease,
  review: reviewWithRelease,
  ...planRowsWithRelease,
};

const PHASES: ReleasePhase[] = ['plan', 'design', 'build', 'test', 'review'];
const people = ['alice', 'bob', 'carol', 'dave'].map(n => `user:default/${n}`);

/** What one release's page holds besides the release: anything from nothing to a bit of everything. */
const contents = fc.record({
  tasks: fc.array(
    fc.record({
      phase: fc.constantFrom<ReleasePhase>('plan', 'design', 'build'),
      done: fc.boolean(),
      due: fc.option(fc.integer({ min: 0, max: 30 })),
    }),
    { maxLength: 5 },
  ),
  roles: fc.subarray(['release-manager', 'qa-lead', 'change-owner']),
  signoffRounds: fc.array(fc.subarray(['QA', 'Security'], { minLength: 1 }), {
    maxLength: 3,
  }),
  decisionRounds: fc.array(fc.subarray(people, { minLength: 1 }), {
    maxLength: 3,
  }),
  reviewed: fc.boolean(),
  phase: fc.constantFrom(...PHASES),
});

describe.each(databases.eachSupportedId())(
  'rows read with a release on %p',
  databaseId => {
    let knex: Knex;
    let releases: KnexReleaseStore;
    let plans: PlanStore;
    let approvals: ApprovalStore;
    let reviews: ReviewStore;
    let next = 0;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await ReleasesDatabase.migrate(knex);
      releases = new KnexReleaseStore(knex);
      plans = new PlanStore(knex);
      approvals = new ApprovalStore(knex);
      reviews = new ReviewStore(knex);
    });

    it('answers each part as its own store reads it', async () => {
      await fc.assert(
        fc.asyncProperty(contents, async content => {
          const [id] = await insertReleases(
            knex,
            '8123',
            [
              {
                title: 'Page',
                type: 'major',
                plannedStart: new Date('2026-12-10T09:00:00.000Z'),
              },
            ],
            next++,
          );
          const at = (minutes: number) =>
            new Date(Date.UTC(2026, 10, 20, 9, minutes, 7, 123));
          for (const [i, task] of content.tasks.entries()) {
            await plans.addTask({
              id: randomUUID(),
              releaseId: id,
              title: `Task ${i}`,
              phase: task.phase,
              assignee: i % 2 ? people[i % people.length] : null,
              dueAt: task.due === null ? null : at(task.due * 60).toISOString(),
              status: task.done ? 'done' : 'open',
              skipReason: null,
              evidence: task.done
                ? [{ kind: 'link', url: 'https://ci.example.com/1' }]
                : [],
              template: null,
              createdBy: people[0],
              createdAt: at(i).toISOString(),
              updatedBy: people[0],
              updatedAt: at(i).toISOString(),
              completedBy: task.done ? people[1] : null,
              completedAt: task.done ? at(i + 1).toISOString() : null,
              revision: 1,
            });
          }
          if (content.roles.length > 0) {
            await plans.setRoles(
              id,
              Object.fromEntries(content.roles.map((r, i) => [r, people[i]])),
              people[3],
              at(40),
            );
          }
          for (const [round, names] of content.signoffRounds.entries()) {
            await knex('releases')
              .where({ id })
              .update({ signoff_round: round + 1 });
            for (const name of names) {
              await plans.recordSignoff({
                releaseId: id,
                name,
                signer: people[2],
                onBehalfOf: 'group:default/qa',
                comment: `round ${round + 1}`,
                signedAt: at(50 + round).toISOString(),
              });
            }
          }
          for (const [round, approvers] of content.decisionRounds.entries()) {
            for (const approver of approvers) {
              await approvals.record({
                releaseId: id,
                round: round + 1,
                approver,
                onBehalfOf: null,
                decision: approver === people[3] ? 'rejected' : 'approved',
                comment: 'ok',
                decidedAt: at(20 + round).toISOString(),
              });
            }
          }
          await knex('releases')
            .where({ id })
            .update({
              phase: content.phase,
              approval_round: Math.max(1, content.decisionRounds.length),
            });
          if (content.reviewed) {
            await reviews.saveReview(
              {
                releaseId: id,
                outcome: 'successful',
                wentWell: 'smooth',
                wentWrong: '',
                actions: [
                  { description: 'Automate the smoke test', owner: people[1] },
                ],
                reviewedBy: people[1],
                reviewedAt: at(59).toISOString(),
              },
              content.phase,
            );
          }

          const read = await releases.getWith(id, parts);
          expect(read?.release).toEqual(await releases.get(id));
          const separately = {
            decisions: await approvals.decisions([id]),
            review: (await reviews.getReview(id)) ?? null,
            roles: (await plans.roles([id])).get(id) ?? [],
            phaseTasks: await plans.tasks(id, { phases: [content.phase] }),
            signoffs: await plans.signoffs(id),
            planState: await plans.planState(id),
          };
          // Each part reads its own where the database cannot aggregate them.
          expect(read?.parts).toEqual(
            knex.client.config.client === 'pg' ? separately : undefined,
          );
          // The contents are really there, so the comparison compares something.
          expect(separately.decisions).toHaveLength(
            content.decisionRounds.flat().length,
          );
          expect(separately.signoffs).toHaveLength(
            content.signoffRounds.flat().length,
          );
          expect(separately.roles).toHaveLength(content.roles.length);
          expect(separately.review !== null).toBe(content.reviewed);
        }),
        { numRuns: 25 },
      );
    });

    it('reads nothing for an unknown or unstorable id', async () => {
      expect(
        await releases.getWith('00000000-0000-4000-8123-ffffffffffff', parts),
      ).toBeUndefined();
      expect(await releases.getWith('bad\u0000id', parts)).toBeUndefined();
    });
  },
);
