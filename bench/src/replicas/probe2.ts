import path from 'node:path';
import { BackendProcess } from '../lib/backend';
import { DEFAULT_PG_CONNECTION, DatabaseTarget } from '../lib/databases';

async function main() {
  const database: DatabaseTarget = { kind: 'pg', connection: DEFAULT_PG_CONNECTION, prefix: 'replicas_' };
  const workDir = path.resolve(__dirname, '../../data/replicas');
  const common = {
    database, workDir, entry: 'src/testing/startWithTestSignIn.ts',
    config: { auth: { providers: { testHeader: { dangerouslyTrustHeader: true } } } },
  };
  let t0 = Date.now();
  const a = await BackendProcess.start({ ...common, name: 'probe-a', port: 7201 });
  console.log('A alone', Date.now() - t0);
  t0 = Date.now();
  for (;;) {
    const res = await fetch(`${a.baseUrl}/api/auth/testHeader/refresh`, { method: 'POST', headers: { 'x-test-user': 'alice' } });
    if (res.ok) break;
    await new Promise(r => setTimeout(r, 200));
  }
  console.log('A sign-in', Date.now() - t0);
  t0 = Date.now();
  await a.stop('SIGKILL');
  await a.start();
  console.log('A restart after kill', Date.now() - t0);
  await a.stop('SIGTERM');
}
main().catch(e => { console.error(e); process.exit(1); });
