import type { Kysely } from 'kysely';

/**
 * Where each delivery goes (`mail`, a webhook's origin, a calendar source), so the
 * outbox worker can keep a hanging endpoint from holding up everyone else's deliveries:
 * it stops claiming a target's jobs while that target already has its share in flight.
 * Rows from before fall back to their kind as the target.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('target', 'varchar(300)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('target').execute();
}
