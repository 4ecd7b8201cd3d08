import { sql, type Selectable } from 'kysely';
import type { BookedTime, Booking, StoredManageToken } from '../../shared/records.ts';
import type { Db } from './db.ts';
import type { BookingsTable } from './schema.ts';

/**
 * The longest a booking can last (the config's limit on `durationMinutes`). A booking
 * that overlaps `[from, to)` starts after `from − MAX_MEETING_MS`, so the read is a
 * range on the (rep, start) index and does not grow with the rep's history.
 */
const MAX_MEETING_MS = 24 * 3_600_000;

/**
 * Times of the confirmed bookings of these reps that overlap `[from, to)`, by start.
 * Read on every submission and booking, so written as SQL: the query builder costs
 * more than the query itself (about 30 µs against 13 µs on SQLite).
 */
export async function bookedTimes(db: Db, repIds: readonly string[], from: number, to: number): Promise<BookedTime[]> {
  if (repIds.length === 0) return [];
  const { rows } = await sql<Pick<BookingsTable, 'id' | 'rep_id' | 'start_ms' | 'end_ms' | 'buffer_before_ms' | 'buffer_after_ms'>>`
    select id, rep_id, start_ms, end_ms, buffer_before_ms, buffer_after_ms from bookings
    where rep_id in (${sql.join(repIds)}) and start_ms > ${from - MAX_MEETING_MS} and start_ms < ${to} and end_ms > ${from}
      and status = 'confirmed'
    order by start_ms`.execute(db);
  return rows.map((r) => ({
    id: r.id, repId: r.rep_id, start: Number(r.start_ms), end: Number(r.end_ms),
    bufferBefore: Number(r.buffer_before_ms), bufferAfter: Number(r.buffer_after_ms),
  }));
}

export async function insertBooking(db: Db, booking: Booking, token: StoredManageToken): Promise<void> {
  await sql`insert into bookings (id, lead_id, rep_id, meeting_type, start_ms, end_ms, buffer_before_ms, buffer_after_ms, status,
      manage_token_hash, manage_token_sealed, manage_token_kept, sequence, created_at, updated_at, cancel_reason)
    values (${booking.id}, ${booking.leadId}, ${booking.repId}, ${booking.meetingType}, ${booking.start}, ${booking.end},
      ${booking.bufferBefore}, ${booking.bufferAfter}, ${booking.status}, ${token.hash}, ${token.sealed}, ${token.kept}, ${booking.sequence},
      ${booking.createdAt}, ${booking.updatedAt}, ${booking.cancelReason})`.execute(db);
}

/** A new time for a booking; the caller holds the rep's lock and has re-checked the slot. */
export async function moveBooking(
  db: Db,
  id: string,
  change: { start: number; end: number; bufferBefore: number; bufferAfter: number; sequence: number; at: number },
): Promise<void> {
  await db.updateTable('bookings').set({
    start_ms: change.start,
    end_ms: change.end,
    buffer_before_ms: change.bufferBefore,
    buffer_after_ms: change.bufferAfter,
    sequence: change.sequence,
    updated_at: change.at,
  }).where('id', '=', id).execute();
}

/** Marks a booking canceled; its time is free again at once (busy reads confirmed rows only). */
export async function markCanceled(
  db: Db,
  id: string,
  change: { sequence: number; reason: string | null; at: number; by: 'prospect' | 'host' },
): Promise<void> {
  await db.updateTable('bookings').set({
    status: 'canceled',
    sequence: change.sequence,
    cancel_reason: change.reason,
    canceled_by: change.by,
    updated_at: change.at,
  }).where('id', '=', id).execute();
}

/** The host's word on a meeting that has started: held or no-show (it may be corrected). */
export async function setHostOutcome(db: Db, id: string, outcome: 'held' | 'no_show', at: number): Promise<void> {
  await db.updateTable('bookings').set({ host_outcome: outcome, updated_at: at }).where('id', '=', id).execute();
}

/**
 * The live booking of this email address that has not started yet, the soonest first,
 * with its manage token sealed under the server secret: a known prospect (SPEC §12).
 */
export async function liveBookingOfEmail(db: Db, emailHash: string, now: number): Promise<{ booking: Booking; keptManageToken: string | null } | null> {
  const { rows: [row] } = await sql<Selectable<BookingsTable>>`
    select b.* from bookings b join leads l on l.id = b.lead_id
    where l.email_hash = ${emailHash} and b.status = 'confirmed' and b.start_ms > ${now}
    order by b.start_ms limit 1`.execute(db);
  return row ? { booking: toBooking(row), keptManageToken: row.manage_token_kept } : null;
}

export async function liveBookingOfLead(db: Db, leadId: string): Promise<{ booking: Booking; sealedManageToken: string | null } | null> {
  const { rows: [row] } = await sql<Selectable<BookingsTable>>`
    select * from bookings where lead_id = ${leadId} and status = 'confirmed'`.execute(db);
  return row ? { booking: toBooking(row), sealedManageToken: row.manage_token_sealed } : null;
}

export async function findBooking(db: Db, id: string): Promise<Booking | null> {
  const row = await db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toBooking(row) : null;
}

/** The booking's manage token as sealed under the server secret (null before migration 009). */
export async function keptManageTokenOf(db: Db, id: string): Promise<string | null> {
  const row = await db.selectFrom('bookings').select('manage_token_kept').where('id', '=', id).executeTakeFirst();
  return row?.manage_token_kept ?? null;
}

export async function findBookingByManageHash(db: Db, hash: string): Promise<Booking | null> {
  const row = await db.selectFrom('bookings').selectAll().where('manage_token_hash', '=', hash).executeTakeFirst();
  return row ? toBooking(row) : null;
}

/**
 * Every booking a lead has made, canceled ones included, each with its sealed manage
 * token: one read tells a booking whether the lead already has a live one and how many
 * it has made (a handful at most).
 */
export async function bookingsOfLead(db: Db, leadId: string): Promise<{ booking: Booking; sealedManageToken: string | null }[]> {
  const { rows } = await sql<Selectable<BookingsTable>>`select * from bookings where lead_id = ${leadId} order by created_at`.execute(db);
  return rows.map((row) => ({ booking: toBooking(row), sealedManageToken: row.manage_token_sealed }));
}

export async function countBookings(db: Db): Promise<number> {
  const row = await db.selectFrom('bookings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every booking of one rep, any status, by start: for checks and reports, not for hot paths. */
export async function allBookingsOfRep(db: Db, repId: string): Promise<Booking[]> {
  const rows = await db.selectFrom('bookings').selectAll().where('rep_id', '=', repId).orderBy('start_ms').execute();
  return rows.map(toBooking);
}

export function toBooking(r: Selectable<BookingsTable>): Booking {
  const createdAt = Number(r.created_at);
  return {
    id: r.id,
    leadId: r.lead_id,
    repId: r.rep_id,
    meetingType: r.meeting_type,
    start: Number(r.start_ms),
    end: Number(r.end_ms),
    bufferBefore: Number(r.buffer_before_ms),
    bufferAfter: Number(r.buffer_after_ms),
    status: r.status,
    sequence: Number(r.sequence),
    createdAt,
    updatedAt: Number(r.updated_at) || createdAt,
    cancelReason: r.cancel_reason,
    canceledBy: r.canceled_by ?? (r.status === 'canceled' ? 'prospect' : null),
    hostOutcome: r.host_outcome,
  };
}

/**
 * Bookings by start time, `limit` at a time, optionally only those starting in
 * `[from, to)`. The cursor is the last booking's `start:id`. Null for a cursor we did not make.
 */
export async function listBookings(
  db: Db,
  options: { from?: number; to?: number; repId?: string; status?: Booking['status']; limit: number; cursor: string | null },
): Promise<{ bookings: Booking[]; nextCursor: string | null } | null> {
  let query = db.selectFrom('bookings').selectAll().orderBy('start_ms').orderBy('id').limit(options.limit + 1);
  if (options.repId !== undefined) query = query.where('rep_id', '=', options.repId);
  if (options.status !== undefined) query = query.where('status', '=', options.status);
  if (options.from !== undefined) query = query.where('start_ms', '>=', options.from);
  if (options.to !== undefined) query = query.where('start_ms', '<', options.to);
  if (options.cursor !== null) {
    const match = /^(-?\d{1,15}):([0-9a-f-]{36})$/.exec(Buffer.from(options.cursor, 'base64url').toString('utf8'));
    if (!match) return null;
    const at = Number(match[1]);
    const id = match[2]!;
    query = query.where((eb) => eb.or([eb('start_ms', '>', at), eb.and([eb('start_ms', '=', at), eb('id', '>', id)])]));
  }
  const rows = await query.execute();
  const bookings = rows.slice(0, options.limit).map(toBooking);
  const last = bookings.at(-1);
  const nextCursor = rows.length > options.limit && last ? Buffer.from(`${last.start}:${last.id}`).toString('base64url') : null;
  return { bookings, nextCursor };
}
