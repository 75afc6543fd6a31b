import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import { ReleasesDatabase } from '../database/ReleasesDatabase';
import { createTestDatabases } from '../__testUtils__/databases';
import { ReadDecisionStore } from './ReadDecisionStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'ReadDecisionStore on %p',
  databaseId => {
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await ReleasesDatabase.migrate(knex);
    });

    beforeEach(async () => {
      await knex('read_decisions').delete();
    });

    const rowOf = async (userRef: string) =>
      knex('read_decisions').where({ user_ref: userRef }).first();

    it('writes a user’s decision once while it stays the same, whatever request id the permission client gives it', async () => {
      const store = new ReadDecisionStore({
        knex,
        logger: mockServices.logger.mock(),
      });
      const alice = 'user:default/alice';
      const answer = (
        id: string,
        result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
      ) => ({ id, result } as PolicyDecision);

      await store.remember(alice, answer('request-1', AuthorizeResult.ALLOW));
      const first = await rowOf(alice);
      expect(JSON.parse(first.decision)).toEqual({
        result: AuthorizeResult.ALLOW,
      });

      // The same decision from later requests: nothing is written.
      await knex('read_decisions')
        .where({ user_ref: alice })
        .update({ decided_at: new Date('2026-01-01T00:00:00Z') });
      await store.remember(alice, answer('request-2', AuthorizeResult.ALLOW));
      await store.remember(alice, answer('request-3', AuthorizeResult.ALLOW));
      expect(new Date((await rowOf(alice)).decided_at).toISOString()).toBe(
        '2026-01-01T00:00:00.000Z',
      );

      // A changed decision is written at once.
      await store.remember(alice, answer('request-4', AuthorizeResult.DENY));
      expect(JSON.parse((await rowOf(alice)).decision)).toEqual({
        result: AuthorizeResult.DENY,
      });
      expect(
        (await store.decisionsOf([alice, 'user:default/bob'])).get(alice),
      ).toEqual({
        result: AuthorizeResult.DENY,
      });
      expect((await store.decisionsOf(['user:default/bob'])).size).toBe(0);
    });

    it('keeps the conditions of a conditional decision', async () => {
      const store = new ReadDecisionStore({
        knex,
        logger: mockServices.logger.mock(),
      });
      const decision = {
        id: 'request-9',
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'releases',
        resourceType: 'release',
        conditions: {
          rule: 'IS_RELEASE_OWNER',
          resourceType: 'release',
          params: { owners: ['group:default/team-a'] },
        },
      } as PolicyDecision;
      await store.remember('user:default/carol', decision);
      const { id: _id, ...kept } = decision as PolicyDecision & { id: string };
      expect(
        (await store.decisionsOf(['user:default/carol'])).get(
          'user:default/carol',
        ),
      ).toEqual(kept);
    });
  },
);
