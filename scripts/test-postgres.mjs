// Runs the server test suite again on PostgreSQL (SPEC §9: the same suite passes on
// both databases). In CI a missing server fails the run; locally it is skipped with
// the reason printed.
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const url = process.env.USHER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
try {
  await client.connect();
  await client.query('select 1');
} catch (error) {
  const reason = `no PostgreSQL at ${url} (${error.message}); set USHER_TEST_PG_URL`;
  if (process.env.CI) {
    console.error(`PostgreSQL tests cannot run: ${reason}`);
    process.exit(1);
  }
  console.warn(`skipping the PostgreSQL run: ${reason}`);
  process.exit(0);
} finally {
  await client.end().catch(() => {});
}

console.log(`\nServer tests on PostgreSQL (${url})`);
const run = spawnSync('npx', ['vitest', 'run', 'test/server'], {
  stdio: 'inherit',
  env: { ...process.env, USHER_TEST_DB: 'postgres' },
});
process.exit(run.status ?? 1);
