import { Release } from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { ReleasesDatabase } from '../database/ReleasesDatabase';
import { createTestDatabases } from '../__testUtils__/databases';
import { KnexReleaseStore } from './KnexReleaseStore';
import { ReleaseGovernance } from '../governance/ReleaseGovernance';
import { ReleaseService, RiskAssessor } from './ReleaseService';

jest.setTimeout(60_000);

const now = new Date('2026-11-29T12:00:00.000Z');
const HOUR = 3600 * 1000;

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'ReleaseService.refreshStaleRisks on %p',
  databaseId => {
    let knex: Knex;
    let store: KnexReleaseStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await ReleasesDatabase.migrate(knex);
      store = new KnexReleaseStore(knex);
    });

    async function release(
      phase: Release['phase'],
      riskAgeHours: number | null,
    ): Promise<string> {
      const id = `00000000-0000-4000-8000-${String(
        Math.floor(Math.random() * 1e12),
      ).padStart(12, '0')}`;
      await store.create(
        {
          id,
          title: `${phase} release`,
          description: '',
          type: 'minor',
          phase,
          plannedStart: '2026-12-01T09:00:00.000Z',
          plannedEnd: '2026-12-02T09:00:00.000Z',
          owner: 'group:default/payments-team',
          createdBy: 'user:default/alice',
          components: [{ entityRef: 'component:default/payments-api' }],
          environments: ['production'],
          risk:
            riskAgeHours === null
              ? null
              : {
                  score: 10,
                  level: 'low',
                  reasons: [],
                  computedAt: new Date(
                    now.getTime() - riskAgeHours * HOUR,
                  ).toISOString(),
                },
        },
        { type: 'created', actor: 'user:default/alice', at: now },
      );
      return id;
    }

    it('reassesses open releases whose risk is missing or a day old, and only those', async () => {
      const missing = await release('plan', null);
      const stale = await release('test', 30);
      const fresh = await release('build', 2);
      const closed = await release('closed', 30);
      const assessed: string[] = [];
      const risk: RiskAssessor = {
        assess: async r => {
          assessed.push((r as Release).id);
          return {
            score: 70,
            level: 'high',
            reasons: [],
            computedAt: now.toISOString(),
          };
        },
      };
      const service = new ReleaseService({
        store,
        environments: [],
        // Refreshing risks never edits or moves a release.
        governance: {} as ReleaseGovernance,
        risk,
        clock: () => now,
      });

      const refreshed = await service.refreshStaleRisks();

      expect(refreshed).toBe(2);
      expect(assessed.sort()).toEqual([missing, stale].sort());
      expect((await store.get(stale))!.risk!.level).toBe('high');
      expect((await store.get(fresh))!.risk!.level).toBe('low');
      expect((await store.get(closed))!.risk!.level).toBe('low');
      // Derived data: no revision, no history row.
      expect((await store.get(stale))!.revision).toBe(1);
      expect(
        (await store.listEvents(stale, { limit: 10, offset: 0 })).totalCount,
      ).toBe(1);
    });
  },
);
