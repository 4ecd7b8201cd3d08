import type { Kysely } from 'kysely';

/** A keyed lookup of leads by email address, for the open-leads cap; the address itself stays in `answers`. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('leads').addColumn('email_hash', 'varchar(64)').execute();
  await db.schema.createIndex('leads_email_created').on('leads').columns(['email_hash', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('leads_email_created').execute();
  await db.schema.alterTable('leads').dropColumn('email_hash').execute();
}
