import type { Kysely } from 'kysely';

/**
 * Abuse-limit counters every instance shares on PostgreSQL (`store/limit-counters.ts`),
 * in the layout rate-limiter-flexible's PostgreSQL store reads and writes: the key
 * (`<limit>:<address or email hash>`), points used, and when they expire (epoch ms).
 * Made here rather than by the library at run time, so it is locked and transactional
 * like every other table. SQLite counts in process and leaves it empty.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('rate_limits')
    .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expire', 'bigint')
    .execute();
  await db.schema.createIndex('rate_limits_expire').on('rate_limits').column('expire').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute();
}
