import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { openDb, type Db } from '../../server/store/db.ts';

/** The PostgreSQL server the suite may use; each test gets a database of its own on it. */
const PG_URL = process.env.USHER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export type DbKind = 'sqlite' | 'postgres';

/**
 * A fresh database: SQLite in memory, or a new PostgreSQL database (dropped on close),
 * so tests running side by side never see each other's rows.
 */
export async function openTestDb(kind: DbKind): Promise<{ db: Db; close: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const db = openDb({ dataDir: tmpdir(), memory: true });
    return { db, close: () => db.destroy() };
  }
  const name = `usher_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const db = openDb({ databaseUrl: url.toString(), dataDir: tmpdir() });
  let closed = false;
  return {
    db,
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
      // The pool's connections finish closing a moment after destroy() resolves; forcing
      // the drop would kill them mid-goodbye, so wait for them instead.
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.query(`drop database if exists ${name}`);
          break;
        } catch (error) {
          if (attempt >= 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      await admin.end();
    },
  };
}

/**
 * Whether PostgreSQL tests can run. In CI a missing server is a failure, not a skip, so
 * the suite cannot pass there without them; locally they skip with the reason.
 */
export async function postgresAvailable(): Promise<boolean> {
  if (await reachable()) return true;
  if (process.env.CI) throw new Error(`PostgreSQL tests need a server at ${PG_URL} (set USHER_TEST_PG_URL)`);
  console.warn(`skipping PostgreSQL tests: no server at ${PG_URL}`);
  return false;
}

/** The database kind the whole suite runs on: SQLite unless `USHER_TEST_DB=postgres`. */
export function suiteDbKind(): DbKind {
  return process.env.USHER_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * A new PostgreSQL database for `usher serve` child processes to share: its URL, a way
 * to read it back, and a drop (forced, for connections a killed process left behind).
 */
export async function databaseForServers(prefix: string) {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async rows<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (await client.query<T>(text)).rows;
      } finally {
        await client.end();
      }
    },
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
