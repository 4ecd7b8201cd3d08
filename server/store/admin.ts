import { sql, type Selectable } from 'kysely';
import type { Booking, Lead, LeadOutcome, OutboxJob } from '../../shared/records.ts';
import { toBooking } from './bookings.ts';
import type { Db } from './db.ts';
import { toLead } from './leads.ts';
import { toJob } from './outbox.ts';
import type { LeadsTable } from './schema.ts';

/** What the admin console reads and the few rows it writes of its own (sessions, retries). */

export type AdminSessionRow = { csrf: string; expiresAt: number };

export async function insertSession(db: Db, tokenHash: string, csrf: string, now: number, expiresAt: number): Promise<void> {
  // Expired sessions go as new ones come: the table never holds more than a day's sign-ins.
  await db.deleteFrom('admin_sessions').where('expires_at', '<=', now).execute();
  await db.insertInto('admin_sessions').values({ token_hash: tokenHash, csrf, created_at: now, expires_at: expiresAt }).execute();
}

export async function findSession(db: Db, tokenHash: string, now: number): Promise<AdminSessionRow | null> {
  const row = await db.selectFrom('admin_sessions').select(['csrf', 'expires_at'])
    .where('token_hash', '=', tokenHash).where('expires_at', '>', now).executeTakeFirst();
  return row ? { csrf: row.csrf, expiresAt: Number(row.expires_at) } : null;
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('token_hash', '=', tokenHash).execute();
}

export type LeadFilter = {
  outcome?: LeadOutcome;
  formId?: string;
  teamId?: string;
  repId?: string;
  /** `[from, to)` on `createdAt`. */
  from?: number;
  to?: number;
  emailHash?: string;
};

export type ListedLead = Lead & { bookedFor: number | null };

const cursorOf = (at: number, id: string) => Buffer.from(`${at}:${id}`).toString('base64url');

function readCursor(cursor: string): { at: number; id: string } | null {
  const match = /^(-?\d{1,15}):([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? { at: Number(match[1]), id: match[2]! } : null;
}

/**
 * Newest leads first that pass `filter`, `limit` at a time, each with its live booking's
 * start. The cursor is the last lead's `createdAt:id`, so pages hold still while leads
 * arrive; null for a cursor we did not make. Every filter has an index that ends in this
 * order (migration 010), so a page reads about `limit` rows however many are stored.
 */
export async function listLeads(db: Db, filter: LeadFilter, limit: number, cursor: string | null): Promise<{ leads: ListedLead[]; nextCursor: string | null } | null> {
  const after = cursor === null ? null : readCursor(cursor);
  if (cursor !== null && after === null) return null;
  const rows = await db.selectFrom('leads').selectAll('leads')
    .select((eb) => eb.selectFrom('bookings').select('bookings.start_ms')
      .whereRef('bookings.lead_id', '=', 'leads.id').where('bookings.status', '=', 'confirmed').limit(1).as('booked_for'))
    .$if(filter.outcome !== undefined, (q) => q.where('outcome', '=', filter.outcome!))
    .$if(filter.formId !== undefined, (q) => q.where('form_id', '=', filter.formId!))
    .$if(filter.teamId !== undefined, (q) => q.where('team_id', '=', filter.teamId!))
    .$if(filter.repId !== undefined, (q) => q.where('rep_id', '=', filter.repId!))
    .$if(filter.emailHash !== undefined, (q) => q.where('email_hash', '=', filter.emailHash!))
    .$if(filter.from !== undefined, (q) => q.where('created_at', '>=', filter.from!))
    .$if(filter.to !== undefined, (q) => q.where('created_at', '<', filter.to!))
    .$if(after !== null, (q) => q.where((eb) => eb.or([
      eb('created_at', '<', after!.at), eb.and([eb('created_at', '=', after!.at), eb('id', '<', after!.id)]),
    ])))
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1)
    .execute();
  const leads = rows.slice(0, limit).map((row) => ({
    ...toLead(row as Selectable<LeadsTable>), bookedFor: row.booked_for === null || row.booked_for === undefined ? null : Number(row.booked_for),
  }));
  const last = leads.at(-1);
  return { leads, nextCursor: rows.length > limit && last ? cursorOf(last.createdAt, last.id) : null };
}

/** A lead's rotation turns, oldest first: taken, and given back. */
export async function turnsOfLead(db: Db, leadId: string): Promise<{ teamId: string; repId: string; at: number; creditedAt: number | null; creditReason: string | null }[]> {
  const rows = await db.selectFrom('assignments').select(['team_id', 'rep_id', 'at_ms', 'credited_at', 'credit_reason'])
    .where('lead_id', '=', leadId).orderBy('at_ms').execute();
  return rows.map((r) => ({
    teamId: r.team_id, repId: r.rep_id, at: Number(r.at_ms),
    creditedAt: r.credited_at === null ? null : Number(r.credited_at), creditReason: r.credit_reason,
  }));
}

/** Every delivery of these bookings, oldest first. */
export async function jobsOfBookings(db: Db, bookingIds: readonly string[]): Promise<OutboxJob[]> {
  if (bookingIds.length === 0) return [];
  const rows = await db.selectFrom('outbox').selectAll().where('booking_id', 'in', bookingIds).orderBy('created_at').orderBy('id').execute();
  return rows.map(toJob);
}

/** Every booking of a lead, oldest first, canceled ones too. */
export async function bookingsOfLead(db: Db, leadId: string): Promise<Booking[]> {
  const rows = await db.selectFrom('bookings').selectAll().where('lead_id', '=', leadId).orderBy('created_at').execute();
  return rows.map(toBooking);
}

export type DeliveryState = 'pending' | 'retrying' | 'dead';

/** `retrying`: pending after at least one failed try. */
const stateCondition = (state: DeliveryState) => (state === 'dead'
  ? sql<boolean>`status = 'dead'`
  : state === 'retrying' ? sql<boolean>`status = 'pending' and attempts > 0` : sql<boolean>`status = 'pending' and attempts = 0`);

/** Deliveries in one state, newest first, `limit` at a time (cursor: the last one's `createdAt:id`). */
export async function listDeliveries(db: Db, state: DeliveryState, limit: number, cursor: string | null): Promise<{ jobs: OutboxJob[]; nextCursor: string | null } | null> {
  const after = cursor === null ? null : readCursor(cursor);
  if (cursor !== null && after === null) return null;
  const rows = await db.selectFrom('outbox').selectAll()
    .where(stateCondition(state))
    .$if(after !== null, (q) => q.where((eb) => eb.or([
      eb('created_at', '<', after!.at), eb.and([eb('created_at', '=', after!.at), eb('id', '<', after!.id)]),
    ])))
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const jobs = rows.slice(0, limit).map(toJob);
  const last = jobs.at(-1);
  return { jobs, nextCursor: rows.length > limit && last ? cursorOf(last.createdAt, last.id) : null };
}

export async function findDelivery(db: Db, id: string): Promise<OutboxJob | null> {
  const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toJob(row) : null;
}

/**
 * A dead or retrying delivery is tried again now, with its tries counted afresh. Only a
 * job no worker holds: true when this call changed it.
 */
export async function retryDelivery(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db.updateTable('outbox')
    .set({ status: 'pending', attempts: 0, run_at: now, done_at: null })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('status', '=', 'dead'), eb.and([eb('status', '=', 'pending'), eb('attempts', '>', 0)])]))
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Turns per team, rep and bucket in `[from, to)`; `bucketOf` maps a turn's instant to its bucket's start. */
export async function turnsBetween(db: Db, from: number, to: number): Promise<{ teamId: string; repId: string; at: number; credited: boolean }[]> {
  const rows = await db.selectFrom('assignments').select(['team_id', 'rep_id', 'at_ms', 'credited_at'])
    .where('at_ms', '>=', from).where('at_ms', '<', to).execute();
  return rows.map((r) => ({ teamId: r.team_id, repId: r.rep_id, at: Number(r.at_ms), credited: r.credited_at !== null }));
}
