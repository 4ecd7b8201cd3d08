import type { Kysely } from 'kysely';

/**
 * The admin console (SPEC §13):
 * - `admin_sessions`: signed-in sessions, found by the SHA-256 of the cookie's token,
 *   each with its CSRF token and expiry.
 * - Indexes for the leads list's filters, each ending in the list's order
 *   (`created_at desc, id desc`), so one page of a filtered list reads only its rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('admin_sessions')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('csrf', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('admin_sessions_expire').on('admin_sessions').column('expires_at').execute();
  await db.schema.createIndex('leads_created_id').on('leads').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('leads_outcome_created').on('leads').columns(['outcome', 'created_at', 'id']).execute();
  await db.schema.createIndex('leads_form_created').on('leads').columns(['form_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('leads_team_created').on('leads').columns(['team_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('leads_rep_created').on('leads').columns(['rep_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('outbox_created').on('outbox').columns(['status', 'created_at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of ['outbox_created', 'leads_rep_created', 'leads_team_created', 'leads_form_created', 'leads_outcome_created', 'leads_created_id']) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.dropTable('admin_sessions').execute();
}
