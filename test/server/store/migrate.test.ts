import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate, migrateWith, openDb } from '../../../server/store/db.ts';
import * as initial from '../../../server/store/migrations/001-initial.ts';
import { ROOT } from '../../helpers/app.ts';

const run = promisify(execFile);

const tablesOf = (dir: string) => {
  const db = new SQLite(join(dir, 'usher.db'), { readonly: true });
  try {
    return (db.prepare(`select name from sqlite_master where type = 'table' order by name`).all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
};

describe('migrations on SQLite', () => {
  it('lets several `usher migrate` run at once on one file: each waits its turn and all succeed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usher-migrate-'));
    const env = { ...process.env, USHER_DATA_DIR: dir, DATABASE_URL: '' };
    const runs = await Promise.all(Array.from({ length: 4 }, () =>
      run(process.execPath, [join(ROOT, 'bin', 'usher.mjs'), 'migrate'], { cwd: ROOT, env }).then((r) => r.stdout, (error: { stderr: string }) => `failed: ${error.stderr}`)));
    expect(runs).toEqual(Array(4).fill('database is up to date\n'));
    expect(tablesOf(dir)).toContain('calendar_sources');
  }, 60_000);

  it('runs two migrations of one file through two connections at once, one after the other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usher-migrate-'));
    const [a, b] = [openDb({ dataDir: dir }), openDb({ dataDir: dir })];
    const outcomes = await Promise.allSettled([migrate(a), migrate(b)]);
    await Promise.all([a.destroy(), b.destroy()]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual(['ok', 'ok']);
    expect(tablesOf(dir)).toContain('calendar_sources');
  }, 30_000);

  it('leaves the file as it was when a migration fails halfway, and migrates it fully next time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usher-migrate-'));
    const db = openDb({ dataDir: dir });
    await expect(migrateWith(db, {
      '001-initial': initial,
      '002-broken': { async up(kysely) { await sql`create table half_done (id integer)`.execute(kysely); throw new Error('disk on fire'); } },
    })).rejects.toThrow('migration 002-broken failed: disk on fire');
    expect(tablesOf(dir).filter((name) => name === 'leads' || name === 'half_done')).toEqual([]);
    await migrate(db);
    expect(tablesOf(dir)).toEqual(expect.arrayContaining(['leads', 'bookings', 'outbox', 'calendar_sources']));
    await db.destroy();
  });

  it('starts again after the process was killed in the middle of a migration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usher-migrate-'));
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'helpers', 'slow-migrate.ts'), dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => { if (chunk.toString().includes('halfway')) resolve(); });
      child.once('exit', () => reject(new Error(`the migrating process ended early: ${stderr}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const db = openDb({ dataDir: dir });
    await migrate(db);
    await db.destroy();
    expect(tablesOf(dir)).not.toContain('half_done');
    expect(tablesOf(dir)).toEqual(expect.arrayContaining(['leads', 'bookings', 'outbox', 'calendar_sources']));
  }, 60_000);
});
