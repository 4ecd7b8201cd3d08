import type { Kysely } from 'kysely';

/**
 * What happens to a lead after routing (SPEC §12):
 * - `host_links`: each rep's own key to a lead (`/h/:token`), found by its hash; the
 *   token is also kept sealed under the server secret so later emails about the lead
 *   can carry the same link.
 * - `leads.accepted_at` / `touched_at`: the lead's rep took it on (host link or touch)
 *   and last touched it (`POST /api/leads/:id/touch`); cleared when it is reassigned.
 *   `token_expires_at`: a lead from the API books from its link for longer than a day.
 * - `lead_timers`: the SLA's reminders and deadlines, due instants a worker claims
 *   with a lease, so they survive restarts and run once across instances.
 * - `bookings.manage_token_kept`: the manage token sealed under the server secret, so a
 *   known prospect can be emailed their link again without the lead token.
 * - `bookings.host_outcome`: what the host said after the start (held, no-show);
 *   `canceled_by`: who canceled (prospect or host).
 * - `assignments.credited_at`: the turn was given back (`routing.creditBack`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('host_links')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('lead_id', 'varchar(36)', (c) => c.notNull().references('leads.id'))
    .addColumn('rep_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('token_kept', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('host_links_lead_rep').on('host_links').columns(['lead_id', 'rep_id']).execute();
  await db.schema.alterTable('bookings').addColumn('manage_token_kept', 'text').execute();
  await db.schema.alterTable('bookings').addColumn('host_outcome', 'varchar(16)').execute();
  await db.schema.alterTable('bookings').addColumn('canceled_by', 'varchar(16)').execute();
  await db.schema.alterTable('assignments').addColumn('credited_at', 'bigint').execute();
  await db.schema.alterTable('assignments').addColumn('credit_reason', 'varchar(16)').execute();
  await db.schema.createIndex('assignments_lead').on('assignments').column('lead_id').execute();
  await db.schema.alterTable('leads').addColumn('accepted_at', 'bigint').execute();
  await db.schema.alterTable('leads').addColumn('touched_at', 'bigint').execute();
  await db.schema.alterTable('leads').addColumn('token_expires_at', 'bigint').execute();
  await db.schema.createTable('lead_timers')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('lead_id', 'varchar(36)', (c) => c.notNull().references('leads.id'))
    .addColumn('rep_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('lease_token', 'varchar(64)')
    .addColumn('done_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lead_timers_due').on('lead_timers').columns(['done_at', 'due_at']).execute();
  await db.schema.createIndex('lead_timers_lead').on('lead_timers').column('lead_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('lead_timers').execute();
  await db.schema.alterTable('leads').dropColumn('token_expires_at').execute();
  await db.schema.alterTable('leads').dropColumn('touched_at').execute();
  await db.schema.alterTable('leads').dropColumn('accepted_at').execute();
  await db.schema.dropIndex('assignments_lead').execute();
  await db.schema.alterTable('assignments').dropColumn('credit_reason').execute();
  await db.schema.alterTable('assignments').dropColumn('credited_at').execute();
  await db.schema.alterTable('bookings').dropColumn('canceled_by').execute();
  await db.schema.alterTable('bookings').dropColumn('host_outcome').execute();
  await db.schema.alterTable('bookings').dropColumn('manage_token_kept').execute();
  await db.schema.dropTable('host_links').execute();
}
