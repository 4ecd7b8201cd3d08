import { PostgresAdapter, type Selectable } from 'kysely';
import type { Db } from './db.ts';
import type { BookingsTable } from './schema.ts';

export type Booking = {
  id: string;
  leadId: string;
  repId: string;
  meetingType: string;
  start: number;
  end: number;
  bufferBefore: number;
  bufferAfter: number;
  status: 'confirmed' | 'canceled';
  /** The invite's SEQUENCE: 0 when made, one more on every change. */
  sequence: number;
  createdAt: number;
  updatedAt: number;
  cancelReason: string | null;
};

/** How a booking's manage token is kept: a hash to find it, a sealed copy to give it back. */
export type StoredManageToken = { hash: string; sealed: string };

/**
 * Takes the reps' lock rows for the rest of the transaction. Every path that writes a
 * booking calls this first, so two bookings for one rep are checked and written one
 * after the other. SQLite: the write (an UPDATE, not a read) takes the database's write
 * lock at once. PostgreSQL: one `SELECT … ORDER BY rep_id FOR UPDATE` locks the rows in
 * id order, the same order everywhere, so two transactions never wait on each other in
 * a circle; one statement, however large the team.
 */
export async function lockReps(db: Db, repIds: readonly string[]): Promise<void> {
  const ids = [...new Set(repIds)].sort();
  if (ids.length === 0) return;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await db.selectFrom('rep_locks').select('rep_id').where('rep_id', 'in', ids).orderBy('rep_id').forUpdate().execute();
  } else {
    await db.updateTable('rep_locks').set((eb) => ({ version: eb('version', '+', 1) })).where('rep_id', 'in', ids).execute();
  }
}

/** Confirmed bookings of these reps that overlap `[from, to)`, by start. */
export async function bookingsOf(db: Db, repIds: readonly string[], from: number, to: number): Promise<Booking[]> {
  if (repIds.length === 0) return [];
  const rows = await db.selectFrom('bookings').selectAll()
    .where('rep_id', 'in', [...repIds])
    .where('status', '=', 'confirmed')
    .where('start_ms', '<', to)
    .where('end_ms', '>', from)
    .orderBy('start_ms')
    .execute();
  return rows.map(toBooking);
}

export async function insertBooking(db: Db, booking: Booking, token: StoredManageToken): Promise<void> {
  await db.insertInto('bookings').values({
    id: booking.id,
    lead_id: booking.leadId,
    rep_id: booking.repId,
    meeting_type: booking.meetingType,
    start_ms: booking.start,
    end_ms: booking.end,
    buffer_before_ms: booking.bufferBefore,
    buffer_after_ms: booking.bufferAfter,
    status: booking.status,
    manage_token_hash: token.hash,
    manage_token_sealed: token.sealed,
    sequence: booking.sequence,
    created_at: booking.createdAt,
    updated_at: booking.updatedAt,
    cancel_reason: booking.cancelReason,
  }).execute();
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
export async function markCanceled(db: Db, id: string, change: { sequence: number; reason: string | null; at: number }): Promise<void> {
  await db.updateTable('bookings').set({
    status: 'canceled',
    sequence: change.sequence,
    cancel_reason: change.reason,
    updated_at: change.at,
  }).where('id', '=', id).execute();
}

export async function liveBookingOfLead(db: Db, leadId: string): Promise<{ booking: Booking; sealedManageToken: string | null } | null> {
  const row = await db.selectFrom('bookings').selectAll()
    .where('lead_id', '=', leadId).where('status', '=', 'confirmed').executeTakeFirst();
  return row ? { booking: toBooking(row), sealedManageToken: row.manage_token_sealed } : null;
}

export async function findBooking(db: Db, id: string): Promise<Booking | null> {
  const row = await db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toBooking(row) : null;
}

export async function findBookingByManageHash(db: Db, hash: string): Promise<Booking | null> {
  const row = await db.selectFrom('bookings').selectAll().where('manage_token_hash', '=', hash).executeTakeFirst();
  return row ? toBooking(row) : null;
}

/** Every booking a lead has made, canceled ones included. */
export async function countBookingsOfLead(db: Db, leadId: string): Promise<number> {
  const row = await db.selectFrom('bookings').select((eb) => eb.fn.countAll<number>().as('n')).where('lead_id', '=', leadId).executeTakeFirstOrThrow();
  return Number(row.n);
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

function toBooking(r: Selectable<BookingsTable>): Booking {
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
  };
}

/**
 * Bookings by start time, `limit` at a time, optionally only those starting in
 * `[from, to)`. The cursor is the last booking's `start:id`. Null for a cursor we did not make.
 */
export async function listBookings(
  db: Db,
  options: { from?: number; to?: number; limit: number; cursor: string | null },
): Promise<{ bookings: Booking[]; nextCursor: string | null } | null> {
  let query = db.selectFrom('bookings').selectAll().orderBy('start_ms').orderBy('id').limit(options.limit + 1);
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
