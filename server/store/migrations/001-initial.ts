import type { Kysely } from 'kysely';

// Migrations take Kysely<unknown>: they must not depend on today's table types.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('leads')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('form_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('outcome', 'varchar(20)', (c) => c.notNull())
    .addColumn('reason', 'varchar(64)')
    .addColumn('token_hash', 'varchar(64)', (c) => c.unique())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('timezone', 'varchar(64)', (c) => c.notNull())
    .addColumn('locale', 'varchar(35)')
    .addColumn('team_id', 'varchar(64)')
    .addColumn('rep_id', 'varchar(64)')
    .addColumn('candidate_ids', 'text', (c) => c.notNull())
    .addColumn('mode', 'varchar(10)')
    .addColumn('trace', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('leads_created_at').on('leads').column('created_at').execute();

  await db.schema.createTable('bookings')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('lead_id', 'varchar(36)', (c) => c.notNull().references('leads.id'))
    .addColumn('rep_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('meeting_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('start_ms', 'bigint', (c) => c.notNull())
    .addColumn('end_ms', 'bigint', (c) => c.notNull())
    .addColumn('buffer_before_ms', 'bigint', (c) => c.notNull())
    .addColumn('buffer_after_ms', 'bigint', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('manage_token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bookings_rep_start').on('bookings').columns(['rep_id', 'start_ms']).execute();
  await db.schema.createIndex('bookings_lead').on('bookings').column('lead_id').execute();

  await db.schema.createTable('rep_locks')
    .addColumn('rep_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema.createTable('rotation_state')
    .addColumn('team_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('last_index', 'integer', (c) => c.notNull().defaultTo(-1))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema.createTable('assignments')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('team_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('rep_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('lead_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assignments_team_at').on('assignments').columns(['team_id', 'at_ms']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['assignments', 'rotation_state', 'rep_locks', 'bookings', 'leads']) {
    await db.schema.dropTable(table).execute();
  }
}
