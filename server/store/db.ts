import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type Migration } from 'kysely';
import pg from 'pg';
import * as initial from './migrations/001-initial.ts';
import * as bookingsDelivery from './migrations/002-bookings-delivery.ts';
import * as leadEmail from './migrations/003-lead-email.ts';
import * as settings from './migrations/004-settings.ts';
import * as rotationCounts from './migrations/005-rotation-counts.ts';
import * as calendars from './migrations/006-calendars.ts';
import * as outboxTargets from './migrations/007-outbox-targets.ts';
import * as rateLimits from './migrations/008-rate-limits.ts';
import * as lifecycle from './migrations/009-lifecycle.ts';
import * as admin from './migrations/010-admin.ts';
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

/** Statements kept prepared per connection; a few dozen are in use, the rest are `IN` lists of other lengths. */
const STATEMENT_CACHE = 500;

/**
 * better-sqlite3 with its statements kept: Kysely asks for `prepare(sql)` on every
 * query, and preparing costs more than running the small queries Usher makes. A
 * statement is run to completion synchronously (`all`/`run`), so reuse is safe.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  // SQLite rolls a transaction back by itself on some errors (SQLITE_FULL among them);
  // the driver's own rollback then fails with "cannot rollback - no transaction is
  // active" and that is what would be thrown and logged instead of the real error.
  const noRollback = { reader: false, run: () => ({ changes: 0, lastInsertRowid: 0 }) };
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      if (sql === 'rollback' && !sqlite.inTransaction) return noRollback as unknown as SQLite.Statement;
      let statement = cache.get(sql);
      if (statement === undefined) {
        statement = sqlite.prepare(sql);
        if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

const DML = /^\s*(select|insert|update|delete|with)\b/i;
const names = new Map<string, string>();
const nameOf = (text: string) => {
  let name = names.get(text);
  if (name === undefined) {
    name = `u${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (names.size < STATEMENT_CACHE * 4) names.set(text, name);
  }
  return name;
};

/**
 * PostgreSQL with named prepared statements: each connection parses and plans a query
 * once, then only binds. A schema change under a running server makes PostgreSQL refuse
 * a kept plan ("cached plan must not change result type"); that query is run again unnamed.
 */
function preparingPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 10 });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as { query: unknown }).query = (text: unknown, values?: unknown, callback?: unknown) => {
      if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined || !DML.test(text)) {
        return query(text, values, callback);
      }
      return query({ name: nameOf(text), text, values }).catch((error: unknown) => {
        if ((error as { code?: string }).code === '0A000') return query(text, values);
        throw error;
      });
    };
  });
  return pool;
}

/** How long a SQLite statement waits for another process's write lock. */
const BUSY_TIMEOUT_MS = 5000;

/** Where each open database lives, for its health probe (see `probeOf`). */
const locations = new WeakMap<Db, { sqliteFile?: string; postgresUrl?: string }>();

/**
 * A check that the database answers, on a connection of its own. The health check must
 * not queue behind the work it is checking: on SQLite every query waits its turn on the
 * one connection, and on PostgreSQL for one of the pool's.
 */
export function probeOf(db: Db): { ping(): Promise<void>; close(): Promise<void> } {
  const where = locations.get(db) ?? {};
  if (where.sqliteFile) {
    const file = where.sqliteFile;
    let reader: SQLite.Database | null = null;
    return {
      async ping() {
        reader ??= new SQLite(file, { readonly: true, fileMustExist: true });
        reader.prepare('select 1').get();
      },
      async close() {
        reader?.close();
      },
    };
  }
  if (where.postgresUrl) {
    const url = where.postgresUrl;
    // A connection of its own for each check, ended at once: the pool's may all be
    // busy, and a kept connection would outlive the database's own when it closes.
    return {
      async ping() {
        const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
        try {
          await client.connect();
          await client.query('select 1');
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      close: async () => undefined,
    };
  }
  return { ping: async () => { await sql`select 1`.execute(db); }, close: async () => undefined };
}

/** The PostgreSQL server `db` is on, or undefined for SQLite. */
export function postgresUrlOf(db: Db): string | undefined {
  return locations.get(db)?.postgresUrl;
}

export function openDb(options: DbOptions): Db {
  if (options.databaseUrl) {
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(options.databaseUrl) }) });
    locations.set(db, { postgresUrl: options.databaseUrl });
    return db;
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
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // 32 MB of page cache instead of 2 MB: the indexes a submission reads stay in memory
  // as leads and bookings pile up.
  sqlite.pragma('cache_size = -32000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  if (!options.memory) locations.set(db, { sqliteFile: file });
  return db;
}

const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-bookings-delivery': bookingsDelivery,
  '003-lead-email': leadEmail,
  '004-settings': settings,
  '005-rotation-counts': rotationCounts,
  '006-calendars': calendars,
  '007-outbox-targets': outboxTargets,
  '008-rate-limits': rateLimits,
  '009-lifecycle': lifecycle,
  '010-admin': admin,
};

/** Brings the schema up to date (or to migration `to`, for upgrade tests); safe to run on every start. */
export async function migrate(db: Db, to?: string): Promise<void> {
  await migrateWith(db, migrations, to);
}

/** How long a second process waits for the one migrating a SQLite file before giving up. */
const SQLITE_MIGRATION_WAIT_MS = 120_000;

/**
 * Runs `list` up to `to` (or all of it), all or nothing, one process at a time.
 * PostgreSQL: Kysely's migrator takes an advisory lock and runs in a transaction.
 * SQLite: Kysely does neither (it assumes one connection), so the whole run happens in
 * one `BEGIN IMMEDIATE` transaction: a second process (two `usher migrate`, or a start
 * beside one) waits for the write lock and then finds the work done, and a process
 * killed halfway leaves the file as it was before, ready to start. Exported for tests.
 */
export async function migrateWith(db: Db, list: Record<string, Migration>, to?: string): Promise<void> {
  const run = async (target: Db) => {
    const migrator = new Migrator({ db: target, provider: { getMigrations: async () => list } });
    const { error, results } = await (to === undefined ? migrator.migrateToLatest() : migrator.migrateTo(to));
    const failed = results?.find((r) => r.status === 'Error');
    if (error || failed) {
      throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${(error as Error | undefined)?.message ?? 'unknown error'}`);
    }
  };
  if (db.getExecutor().adapter instanceof PostgresAdapter) return run(db);
  await db.connection().execute(async (conn) => {
    await beginImmediate(conn);
    try {
      await run(conn);
      await sql`commit`.execute(conn);
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}

/**
 * Takes SQLite's write lock, waiting while another connection migrates. The wait is
 * ours, between tries, not SQLite's busy timeout, which would block the event loop.
 */
async function beginImmediate(conn: Db): Promise<void> {
  const deadline = Date.now() + SQLITE_MIGRATION_WAIT_MS;
  await sql`pragma busy_timeout = 0`.execute(conn);
  try {
    for (;;) {
      try {
        await sql`begin immediate`.execute(conn);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } finally {
    await sql`pragma busy_timeout = ${sql.raw(String(BUSY_TIMEOUT_MS))}`.execute(conn);
  }
}

/** One lock row per rep and one rotation row per team, so bookings can lock them. */
export async function seedLockRows(db: Db, repIds: readonly string[], teamIds: readonly string[]): Promise<void> {
  if (repIds.length > 0) {
    await db.insertInto('rep_locks').values(repIds.map((rep_id) => ({ rep_id, version: 0 })))
      .onConflict((oc) => oc.column('rep_id').doNothing()).execute();
  }
  if (teamIds.length > 0) {
    await db.insertInto('rotation_state').values(teamIds.map((team_id) => ({ team_id, last_index: -1, version: 0, window_start: 0, oldest_counted: null })))
      .onConflict((oc) => oc.column('team_id').doNothing()).execute();
  }
}
