/**
 * A child process for the migration tests: migrates the SQLite file in the data dir
 * given as the first argument with the real migrations plus one that creates a table,
 * says so on stdout, and then hangs, so the test can kill it halfway through.
 */
import { sql } from 'kysely';
import { migrateWith, openDb } from '../../server/store/db.ts';
import * as initial from '../../server/store/migrations/001-initial.ts';

const db = openDb({ dataDir: process.argv[2]! });
await migrateWith(db, {
  '001-initial': initial,
  '002-slow': {
    async up(kysely) {
      await sql`create table half_done (id integer)`.execute(kysely);
      process.stdout.write('halfway\n');
      await new Promise(() => undefined);
    },
  },
});
