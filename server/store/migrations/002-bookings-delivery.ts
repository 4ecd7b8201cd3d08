import { sql, type Kysely } from 'kysely';

/**
 * Booking lifecycle and delivery: what manage links, idempotent retries and the
 * transactional outbox need.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite adds one column per ALTER TABLE.
  await db.schema.alterTable('bookings').addColumn('manage_token_sealed', 'text').execute();
  await db.schema.alterTable('bookings').addColumn('updated_at', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('bookings').addColumn('cancel_reason', 'text').execute();
  await sql`update bookings set updated_at = created_at`.execute(db);
  // The database itself refuses a second live booking for one lead, whatever the code does.
  await db.schema.createIndex('bookings_one_confirmed_per_lead').on('bookings').column('lead_id').unique()
    .where(sql.ref('status'), '=', 'confirmed').execute();

  await db.schema.createTable('idempotency_keys')
    .addColumn('scope_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('idem_key', 'varchar(255)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('body_sealed', 'text', (c) => c.notNull())
    .addColumn('booking_id', 'varchar(36)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope_hash', 'idem_key'])
    .execute();

  await db.schema.createTable('outbox')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('event', 'varchar(40)', (c) => c.notNull())
    .addColumn('booking_id', 'varchar(36)')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('lease_token', 'varchar(36)')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('done_at', 'bigint')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'run_at']).execute();
  await db.schema.createIndex('outbox_booking').on('outbox').column('booking_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbox').execute();
  await db.schema.dropTable('idempotency_keys').execute();
  await db.schema.dropIndex('bookings_one_confirmed_per_lead').execute();
  for (const column of ['cancel_reason', 'updated_at', 'manage_token_sealed']) {
    await db.schema.alterTable('bookings').dropColumn(column).execute();
  }
}
