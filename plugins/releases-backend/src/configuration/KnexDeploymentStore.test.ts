import fc from 'fast-check';
import { Knex } from 'knex';
import { ReleasesDatabase } from '../database/ReleasesDatabase';
import { fromDbTime } from '../database/time';
import { createTestDatabases } from '../__testUtils__/databases';
import { NewDeployment } from './DeploymentStore';
import { KnexDeploymentStore } from './KnexDeploymentStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const report = (
  externalId: string,
  overrides: Partial<NewDeployment> = {},
): NewDeployment => ({
  entityRef: 'component:default/payments-api',
  environment: 'production',
  version: '1.0.0',
  status: 'succeeded',
  deployedAt: '2026-11-30T10:00:00.000Z',
  actor: 'external:ci',
  source: 'ci',
  externalId,
  releaseId: null,
  commit: null,
  url: null,
  authorized: true,
  authorizationReason: 'release in deploy',
  ...overrides,
});

describe.each(databases.eachSupportedId())(
  'the deployment write path on %p',
  databaseId => {
    let knex: Knex;
    let store: KnexDeploymentStore;
    let statements: string[] = [];
    const count = (query: { sql: string }) => statements.push(query.sql);

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await ReleasesDatabase.migrate(knex);
      store = new KnexDeploymentStore(knex);
      knex.on('query', count);
    });

    afterAll(() => {
      knex.removeListener('query', count);
    });

    beforeEach(async () => {
      await knex('current_versions').delete();
      await knex('deployments').delete();
      statements = [];
    });

    const current = () =>
      knex('current_versions')
        .join('deployments', 'deployments.id', 'current_versions.deployment_id')
        .select('deployments.version', 'deployments.external_id');

    it('records a new report in as few round trips as the database allows', async () => {
      const { deployment, created } = await store.record(report('run-1'));
      const roundTrips = statements.length;
      expect(created).toBe(true);
      expect(deployment).toMatchObject({
        version: '1.0.0',
        externalId: 'run-1',
      });
      expect(await current()).toEqual([
        { version: '1.0.0', external_id: 'run-1' },
      ]);
      // PostgreSQL: one statement, atomic on its own (insert and current
      // version together). SQLite runs in-process: its transaction is the
      // insert, the move and the transaction's own begin and commit.
      expect(roundTrips).toBe(databaseId === 'SQLITE_3' ? 4 : 1);
    });

    it('moves the current version forward only, and never for a failed deployment', async () => {
      await store.record(report('new', { version: '2.0.0' }));
      await store.record(
        report('old', {
          version: '1.0.0',
          deployedAt: '2026-11-29T10:00:00.000Z',
        }),
      );
      await store.record(
        report('failed', {
          version: '3.0.0',
          status: 'failed',
          deployedAt: '2026-12-01T10:00:00.000Z',
        }),
      );
      expect(await current()).toEqual([
        { version: '2.0.0', external_id: 'new' },
      ]);
      expect(await knex('deployments').count({ n: '*' })).toEqual([
        { n: databaseId === 'SQLITE_3' ? 3 : '3' },
      ]);
    });

    it('answers a repeat with the record as it is, writing nothing', async () => {
      await store.record(report('run-1'));
      const again = await store.record(report('run-1', { version: '9.9.9' }));
      expect(again.created).toBe(false);
      expect(again.deployment.version).toBe('1.0.0');
      expect(await knex('deployments').count({ n: '*' })).toEqual([
        { n: databaseId === 'SQLITE_3' ? 1 : '1' },
      ]);
      expect(await current()).toEqual([
        { version: '1.0.0', external_id: 'run-1' },
      ]);
    });

    it('keeps one record and the newest current version under concurrent reports', async () => {
      // Each report is sent twice (a retried webhook): the same run, so the
      // same version and time whichever copy is written first.
      const reports = Array.from({ length: 20 }, (_, i) =>
        report(`run-${i}`, {
          version: `1.${i}.0`,
          deployedAt: new Date(Date.UTC(2026, 10, 30, 10, i)).toISOString(),
        }),
      );
      const results = await Promise.all(
        reports.flatMap(r => [store.record(r), store.record({ ...r })]),
      );
      expect(results.filter(r => r.created)).toHaveLength(20);
      expect(await current()).toEqual([
        { version: '1.19.0', external_id: 'run-19' },
      ]);
    });
    it("writes concurrent reports together, and one report's error is its own", async () => {
      const reports = Array.from({ length: 8 }, (_, i) =>
        report(`batch-${i}`, {
          entityRef: `component:default/service-${i % 3}`,
          version: `1.${i}.0`,
          deployedAt: new Date(Date.UTC(2026, 10, 30, 10, i)).toISOString(),
        }),
      );
      const together = await Promise.all(reports.map(r => store.record(r)));
      expect(together.map(r => [r.created, r.deployment.externalId])).toEqual(
        reports.map(r => [true, r.externalId]),
      );
      // PostgreSQL: the first report alone (nothing was running), the seven
      // sent while it ran in one statement.
      expect(statements).toHaveLength(databaseId === 'SQLITE_3' ? 4 * 8 : 2);
      expect(
        await knex('current_versions')
          .join('deployments as d', 'd.id', 'current_versions.deployment_id')
          .orderBy('current_versions.entity_ref')
          .select('current_versions.entity_ref', 'd.version'),
      ).toEqual([
        { entity_ref: 'component:default/service-0', version: '1.6.0' },
        { entity_ref: 'component:default/service-1', version: '1.7.0' },
        { entity_ref: 'component:default/service-2', version: '1.5.0' },
      ]);

      // A report the database refuses fails alone; the others of its batch
      // are written.
      const mixed = await Promise.allSettled(
        ['after-0', 'after-1', 'broken', 'after-2'].map(id =>
          store.record(
            report(id, id === 'broken' ? { entityRef: null as any } : {}),
          ),
        ),
      );
      expect(mixed.map(r => r.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      expect(
        (
          await knex('deployments')
            .whereIn('external_id', ['after-0', 'after-1', 'broken', 'after-2'])
            .orderBy('external_id')
            .select('external_id')
        ).map(r => r.external_id),
      ).toEqual(['after-0', 'after-1', 'after-2']);
    });

    it('keeps every report once and each current version at its latest succeeded deployment, whatever arrives together on two replicas', async () => {
      const reportArbitrary = fc.record({
        run: fc.integer({ min: 0, max: 11 }),
        component: fc.integer({ min: 0, max: 2 }),
        environment: fc.constantFrom('staging', 'production'),
        minute: fc.integer({ min: 0, max: 5 }),
        status: fc.constantFrom<NewDeployment['status']>('succeeded', 'failed'),
      });
      await fc.assert(
        fc.asyncProperty(
          // Waves of reports sent together; a run id may come again (a
          // retried webhook, possibly with another payload).
          fc.array(fc.array(reportArbitrary, { minLength: 1, maxLength: 8 }), {
            minLength: 1,
            maxLength: 4,
          }),
          async waves => {
            await knex('current_versions').delete();
            await knex('deployments').delete();
            // Two replicas, each batching its own reports.
            const replicas = [store, new KnexDeploymentStore(knex)];
            const firstOf = new Map<string, NewDeployment>();
            const created: string[] = [];
            for (const wave of waves) {
              const sent = wave.map(r =>
                report(`run-${r.run}`, {
                  entityRef: `component:default/service-${r.component}`,
                  environment: r.environment,
                  version: `1.${r.run}.${r.minute}`,
                  status: r.status,
                  deployedAt: new Date(
                    Date.UTC(2026, 10, 30, 10, r.minute),
                  ).toISOString(),
                }),
              );
              const results = await Promise.all(
                sent.map((r, i) => replicas[i % 2].record(r)),
              );
              results.forEach((result, i) => {
                if (result.created) {
                  created.push(sent[i].externalId);
                  firstOf.set(sent[i].externalId, sent[i]);
                }
              });
              results.forEach((result, i) => {
                const { externalId } = sent[i];
                // Whoever wrote it, the answer is the record as stored.
                expect(result.deployment).toMatchObject({
                  externalId,
                  version: firstOf.get(externalId)?.version,
                });
              });
            }
            const stored: Array<{
              id: number | string;
              external_id: string;
              entity_ref: string;
              environment: string;
              status: string;
              deployed_at: unknown;
            }> = await knex('deployments').select();
            expect(created.sort()).toEqual(
              stored.map(r => r.external_id).sort(),
            );
            expect(new Set(created).size).toBe(created.length);
            // The current version of each component and environment: its
            // latest succeeded deployment (by time, then by id).
            const expected = new Map<string, string>();
            const best = new Map<string, { at: number; id: number }>();
            for (const row of stored) {
              if (row.status !== 'succeeded') {
                continue;
              }
              const key = `${row.entity_ref} ${row.environment}`;
              const at = Date.parse(fromDbTime(row.deployed_at));
              const candidate = { at, id: Number(row.id) };
              const held = best.get(key);
              if (
                !held ||
                held.at < candidate.at ||
                (held.at === candidate.at && held.id < candidate.id)
              ) {
                best.set(key, candidate);
                expected.set(key, String(row.id));
              }
            }
            const currentRows: Array<{
              entity_ref: string;
              environment: string;
              deployment_id: number | string;
            }> = await knex('current_versions').select();
            expect(
              new Map(
                currentRows.map(r => [
                  `${r.entity_ref} ${r.environment}`,
                  String(r.deployment_id),
                ]),
              ),
            ).toEqual(expected);
          },
        ),
        { numRuns: 40 },
      );
    });
  },
);
