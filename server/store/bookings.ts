import type { Selectable } from 'kysely';
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
  sequence: number;
  createdAt: number;
};

/**
 * Takes the rep's lock rows for the rest of the transaction. Every path that writes a
 * booking calls this first, in sorted order, so two bookings for one rep are checked
 * and written one after the other (SQLite: the write lock; PostgreSQL: row locks).
 */
export async function lockReps(db: Db, repIds: readonly string[]): Promise<void> {
  for (const repId of [...new Set(repIds)].sort()) {
    await db.updateTable('rep_locks').set((eb) => ({ version: eb('version', '+', 1) }))
      .where('rep_id', '=', repId).execute();
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

export async function insertBooking(db: Db, booking: Booking, manageTokenHash: string): Promise<void> {
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
    manage_token_hash: manageTokenHash,
    sequence: booking.sequence,
    created_at: booking.createdAt,
  }).execute();
}

export async function confirmedBookingOfLead(db: Db, leadId: string): Promise<Booking | null> {
  const row = await db.selectFrom('bookings').selectAll()
    .where('lead_id', '=', leadId).where('status', '=', 'confirmed').executeTakeFirst();
  return row ? toBooking(row) : null;
}

export async function findBookingByManageHash(db: Db, hash: string): Promise<Booking | null> {
  const row = await db.selectFrom('bookings').selectAll().where('manage_token_hash', '=', hash).executeTakeFirst();
  return row ? toBooking(row) : null;
}

export async function countBookings(db: Db): Promise<number> {
  const row = await db.selectFrom('bookings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

function toBooking(r: Selectable<BookingsTable>): Booking {
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
    sequence: r.sequence,
    createdAt: Number(r.created_at),
  };
}
