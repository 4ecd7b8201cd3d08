import { sql, type Kysely } from 'kysely';

/**
 * Rotation counts kept up to date at each assignment, so choosing a rep reads one row
 * per member instead of counting the team's assignments over its window. The invariant:
 * `rotation_reps.window_count` is the number of the rep's assignments in the team with
 * `at_ms >= rotation_state.window_start`, and `oldest_counted` is the earliest of those
 * instants (null when there is none), so a read knows without a query whether moving the
 * window takes anything away. Existing assignments are counted from 0 on; the first
 * submission moves the window to where it belongs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('rotation_state').addColumn('window_start', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('rotation_state').addColumn('oldest_counted', 'bigint').execute();
  await db.schema.createTable('rotation_reps')
    .addColumn('team_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('rep_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('window_count', 'integer', (c) => c.notNull())
    .addColumn('last_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rotation_reps_pk', ['team_id', 'rep_id'])
    .execute();
  await sql`insert into rotation_reps (team_id, rep_id, window_count, last_at)
    select team_id, rep_id, count(*), max(at_ms) from assignments where at_ms >= 0 group by team_id, rep_id`.execute(db);
  await sql`update rotation_state set oldest_counted =
    (select min(a.at_ms) from assignments a where a.team_id = rotation_state.team_id and a.at_ms >= 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rotation_reps').execute();
  await db.schema.alterTable('rotation_state').dropColumn('oldest_counted').execute();
  await db.schema.alterTable('rotation_state').dropColumn('window_start').execute();
}
