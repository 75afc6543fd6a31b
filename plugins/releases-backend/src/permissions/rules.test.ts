import { Knex } from 'knex';
import { ReleasesDatabase } from '../database/ReleasesDatabase';
import { KnexReleaseStore } from '../releases/KnexReleaseStore';
import { createTestDatabases } from '../__testUtils__/databases';
import { releaseResourceLoader } from './rules';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'the release loader of the permission framework on %p',
  databaseId => {
    let knex: Knex;
    let store: KnexReleaseStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await ReleasesDatabase.migrate(knex);
      store = new KnexReleaseStore(knex);
    });

    async function create(n: number) {
      const id = `00000000-0000-4000-8000-00000000000${n}`;
      await store.create(
        {
          id,
          title: `Release ${n}`,
          description: '',
          type: 'minor',
          phase: 'plan',
          plannedStart: '2026-12-01T09:00:00.000Z',
          plannedEnd: '2026-12-02T09:00:00.000Z',
          owner: 'group:default/payments-team',
          createdBy: 'user:default/alice',
          components: [{ entityRef: 'component:default/payments-api' }],
          environments: ['production'],
        },
        { type: 'created', actor: 'user:default/alice', at: new Date() },
      );
      return id;
    }

    it('answers one release per id asked, in the order asked, nothing for unknown ids', async () => {
      const [a, b, c] = [await create(1), await create(2), await create(3)];
      const unknown = '00000000-0000-4000-8000-0000000000ff';
      const asked = [c, unknown, a, b, c, '\u0000'];
      const answered = await releaseResourceLoader(store)(asked);
      expect(answered.map(r => r?.id)).toEqual([
        c,
        undefined,
        a,
        b,
        c,
        undefined,
      ]);
      expect(answered[2]?.title).toBe('Release 1');
    });
  },
);
