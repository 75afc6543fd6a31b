import { Knex } from 'knex';
import { ReleasesDatabase } from '../database/ReleasesDatabase';
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
  },
);
