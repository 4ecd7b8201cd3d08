import { sql, type Kysely } from 'kysely';

/**
 * What keeps a submission's cost flat as data grows: a covering index for the bookings
 * availability reads, and rotation counts kept up to date at each assignment, so that
 * choosing a rep reads one row per member instead of counting the team's assignments
 * over its window. The invariant:
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
  // Availability reads confirmed bookings' times by rep and start on every submission
  // and booking: an index that holds all it reads answers without touching the table.
  await db.schema.createIndex('bookings_confirmed_times').on('bookings')
    .columns(['rep_id', 'start_ms', 'end_ms', 'buffer_before_ms', 'buffer_after_ms', 'id'])
    .where(sql.ref('status'), '=', 'confirmed').execute();
  await sql`update rotation_state set oldest_counted =
    (select min(a.at_ms) from assignments a where a.team_id = rotation_state.team_id and a.at_ms >= 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('bookings_confirmed_times').execute();
  await db.schema.dropTable('rotation_reps').execute();
  await db.schema.alterTable('rotation_state').dropColumn('oldest_counted').execute();
  await db.schema.alterTable('rotation_state').dropColumn('window_start').execute();
}
