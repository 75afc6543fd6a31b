import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * SQLite and PostgreSQL 15. PostgreSQL must not be skipped silently: unless
 * RELEASES_TEST_SQLITE_ONLY is set, a missing server fails the suite.
 */
export function createTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  if (
    !process.env.RELEASES_TEST_SQLITE_ONLY &&
    !databases.supports('POSTGRES_15')
  ) {
    throw new Error(
      'PostgreSQL tests would be skipped: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, or RELEASES_TEST_SQLITE_ONLY=1 to run on SQLite only',
    );
  }
  return databases;
}
