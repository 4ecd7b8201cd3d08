import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';
import * as initial from './migrations/001-initial.ts';
import * as bookingsDelivery from './migrations/002-bookings-delivery.ts';
import * as leadEmail from './migrations/003-lead-email.ts';
import * as settings from './migrations/004-settings.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export type DbOptions = {
  /** PostgreSQL when set; otherwise SQLite at `<dataDir>/usher.db`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** SQLite in memory, for tests. */
  memory?: boolean;
};

// BIGINT columns hold epoch milliseconds, well inside Number's safe range.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function openDb(options: DbOptions): Db {
  if (options.databaseUrl) {
    return new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: options.databaseUrl, max: 10 }) }),
    });
  }
  let file = ':memory:';
  if (!options.memory) {
    mkdirSync(options.dataDir, { recursive: true });
    file = join(options.dataDir, 'usher.db');
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Another process holding the write lock makes us wait, not fail.
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-bookings-delivery': bookingsDelivery,
  '003-lead-email': leadEmail,
  '004-settings': settings,
};
const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; safe to run on every start. */
export async function migrate(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${(error as Error | undefined)?.message ?? 'unknown error'}`);
  }
}

/** One lock row per rep and one rotation row per team, so bookings can lock them. */
export async function seedLockRows(db: Db, repIds: readonly string[], teamIds: readonly string[]): Promise<void> {
  if (repIds.length > 0) {
    await db.insertInto('rep_locks').values(repIds.map((rep_id) => ({ rep_id, version: 0 })))
      .onConflict((oc) => oc.column('rep_id').doNothing()).execute();
  }
  if (teamIds.length > 0) {
    await db.insertInto('rotation_state').values(teamIds.map((team_id) => ({ team_id, last_index: -1, version: 0 })))
      .onConflict((oc) => oc.column('team_id').doNothing()).execute();
  }
}
