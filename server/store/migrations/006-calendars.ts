import type { Kysely } from 'kysely';

/**
 * Reps' calendars (SPEC §11): one row per configured source with its sync state, and
 * the busy intervals its last successful sync found. Kept in the database so that every
 * instance reads the same busy time and the sync work is shared through leases.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('calendar_sources')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('rep_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_attempt_at', 'bigint')
    .addColumn('last_success_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('ctag', 'text')
    .addColumn('sync_token', 'text')
    .addColumn('window_from', 'bigint')
    .addColumn('window_to', 'bigint')
    // What the stored intervals were expanded with (zone, email, all-day rule, own UIDs):
    // when the config changes it, a "not modified" answer no longer stands for them.
    .addColumn('expand_key', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('busy_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failing_notified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_sync_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_until', 'bigint')
    .execute();
  await db.schema.createIndex('calendar_sources_rep').on('calendar_sources').column('rep_id').execute();
  await db.schema.createTable('calendar_busy')
    .addColumn('source_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('start_ms', 'bigint', (c) => c.notNull())
    .addColumn('end_ms', 'bigint', (c) => c.notNull())
    .execute();
  // One number raised by every change to the sources' rows: a reader that saw it
  // unchanged knows its copy of every source's state is still current, with one lookup.
  await db.schema.createTable('calendar_generation')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('calendar_generation' as never).values({ id: 1, value: 0 } as never).execute();
  await db.schema.createIndex('calendar_busy_source_start').on('calendar_busy').columns(['source_id', 'start_ms', 'end_ms']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('calendar_generation').execute();
  await db.schema.dropTable('calendar_busy').execute();
  await db.schema.dropTable('calendar_sources').execute();
}
