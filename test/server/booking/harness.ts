import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createApp } from '../../../server/app.ts';
import { buildCatalog } from '../../../server/config/catalog.ts';
import { createMailer } from '../../../server/delivery/mail.ts';
import { silentLogger } from '../../../server/http/log.ts';
import { migrate, openDb, seedLockRows, type Db } from '../../../server/store/db.ts';
import { configFrom, ROOT } from '../../helpers/app.ts';

/** The PostgreSQL server the suite may use; each test gets a database of its own on it. */
const PG_URL = process.env.USHER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function postgresAvailable(): Promise<boolean> {
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
  return {
    db,
    close: async () => {
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

/** The real app over a database of the given kind, with a clock the test sets. */
export async function createAppOn(kind: DbKind, options: { now: number; yaml: string }) {
  const config = configFrom(options.yaml);
  const { db, close } = await openTestDb(kind);
  await migrate(db);
  await seedLockRows(db, config.reps.map((r) => r.id), Object.keys(config.teams));
  const dataDir = mkdtempSync(join(tmpdir(), 'usher-test-'));
  let now = options.now;
  const app = createApp({
    catalog: buildCatalog(config), db, clock: () => now,
    mailer: createMailer({ dataDir }), log: silentLogger,
    widgetFile: join(ROOT, 'dist', 'widget.js'),
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { app, db, config, dataDir, post, setNow: (instant: number) => { now = instant; }, close };
}
