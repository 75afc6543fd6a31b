import path from 'node:path';
import { BackendProcess } from '../lib/backend';
import { DEFAULT_PG_CONNECTION, DatabaseTarget, resetDatabases } from '../lib/databases';

async function main() {
  const database: DatabaseTarget = { kind: 'pg', connection: DEFAULT_PG_CONNECTION, prefix: 'replicas_' };
  await resetDatabases(database);
  const workDir = path.resolve(__dirname, '../../data/replicas');
  const t0 = Date.now();
  const common = {
    database, workDir, entry: 'src/testing/startWithTestSignIn.ts',
    config: { auth: { providers: { testHeader: { dangerouslyTrustHeader: true } } } },
  };
  const results = await Promise.allSettled([
    BackendProcess.start({ ...common, name: 'probe-a', port: 7201 }),
    BackendProcess.start({ ...common, name: 'probe-b', port: 7202 }),
  ]);
  console.log('started in', Date.now() - t0, results.map(r => r.status === 'rejected' ? String(r.reason) : 'ok'));
  for (const r of results) if (r.status === 'fulfilled') {
    for (const u of ['alice', 'nobody']) {
      const res = await fetch(`${r.value.baseUrl}/api/auth/testHeader/refresh`, { method: 'POST', headers: { 'x-test-user': u } });
      const body = await res.text();
      console.log(u, res.status, body.slice(0, 300));
    }
  }
  for (const r of results) if (r.status === 'fulfilled') await r.value.stop('SIGTERM');
}
main().catch(e => { console.error(e); process.exit(1); });
