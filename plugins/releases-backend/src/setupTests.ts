// Store and router tests run on SQLite and on PostgreSQL. The project's
// machines run PostgreSQL 15 on 127.0.0.1:5432 with trust auth; set
// RELEASES_TEST_SQLITE_ONLY=1 to run on SQLite alone where there is none.
if (!process.env.RELEASES_TEST_SQLITE_ONLY) {
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
    'postgresql://postgres@127.0.0.1:5432';
  process.env.BACKSTAGE_TEST_DISABLE_DOCKER ??= '1';
}

export {};
