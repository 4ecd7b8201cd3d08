import { sql, type Selectable } from 'kysely';
import type { Db } from './db.ts';
import type { LeadsTable } from './schema.ts';
import type { DecisionTrace, Lead, LeadFacts } from '../../shared/records.ts';

export async function insertLead(db: Db, lead: Lead, tokenHash: string | null, emailHash: string | null = null): Promise<void> {
  // Written as SQL: one per submission, where the query builder costs more than the insert.
  await sql`insert into leads (id, form_id, created_at, outcome, reason, token_hash, email_hash, answers, facts, timezone, locale,
      team_id, rep_id, candidate_ids, mode, trace, token_expires_at)
    values (${lead.id}, ${lead.formId}, ${lead.createdAt}, ${lead.outcome}, ${lead.reason}, ${tokenHash}, ${emailHash},
      ${JSON.stringify(lead.answers)}, ${JSON.stringify(lead.facts)}, ${lead.timezone}, ${lead.locale}, ${lead.teamId},
      ${lead.repId}, ${JSON.stringify(lead.candidateIds)}, ${lead.mode}, ${JSON.stringify(lead.trace)}, ${lead.tokenExpiresAt ?? null})`.execute(db);
}

/** The lead behind a lead token, with how many bookings it has made (in the same read: a booking needs it). */
export async function findLeadByTokenHash(db: Db, tokenHash: string): Promise<(Lead & { bookingsMade: number }) | null> {
  const { rows: [row] } = await sql<Selectable<LeadsTable> & { bookings_made: number }>`
    select leads.*, (select count(*) from bookings where bookings.lead_id = leads.id) as bookings_made
    from leads where token_hash = ${tokenHash}`.execute(db);
  return row ? { ...toLead(row), bookingsMade: Number(row.bookings_made) } : null;
}

export async function findLead(db: Db, id: string): Promise<Lead | null> {
  // As SQL: read again under the locks of every booking.
  const { rows: [row] } = await sql<Selectable<LeadsTable>>`select * from leads where id = ${id}`.execute(db);
  return row ? toLead(row) : null;
}

export async function countLeads(db: Db): Promise<number> {
  const row = await db.selectFrom('leads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function toLead(r: Selectable<LeadsTable>): Lead {
  return {
    id: r.id,
    formId: r.form_id,
    createdAt: Number(r.created_at),
    outcome: r.outcome,
    reason: r.reason,
    answers: JSON.parse(r.answers) as Record<string, string>,
    facts: JSON.parse(r.facts) as LeadFacts,
    timezone: r.timezone,
    locale: r.locale,
    teamId: r.team_id,
    repId: r.rep_id,
    candidateIds: JSON.parse(r.candidate_ids) as string[],
    mode: r.mode,
    trace: JSON.parse(r.trace) as DecisionTrace,
    tokenExpiresAt: r.token_expires_at === null ? null : Number(r.token_expires_at),
  };
}

/** Pooled mode: the rep chosen at booking time, and the trace that says why. */
export async function recordPooledChoice(db: Db, leadId: string, repId: string, trace: DecisionTrace): Promise<void> {
  await db.updateTable('leads').set({ rep_id: repId, trace: JSON.stringify(trace) }).where('id', '=', leadId).execute();
}

/**
 * Newest leads first, `limit` at a time. The cursor is the last lead's `createdAt:id`,
 * so pages stay stable while new leads arrive. Returns null for a cursor we did not make.
 */
export async function listLeads(db: Db, limit: number, cursor: string | null): Promise<{ leads: Lead[]; nextCursor: string | null } | null> {
  let query = db.selectFrom('leads').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1);
  if (cursor !== null) {
    const match = /^(\d{1,15}):([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!match) return null;
    const at = Number(match[1]);
    const id = match[2]!;
    query = query.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
  }
  const rows = await query.execute();
  const leads = rows.slice(0, limit).map(toLead);
  const last = leads.at(-1);
  const nextCursor = rows.length > limit && last ? Buffer.from(`${last.createdAt}:${last.id}`).toString('base64url') : null;
  return { leads, nextCursor };
}

/** Qualified leads for this email since `since` that have no live booking (on every submission while the cap is on). */
export async function countOpenLeads(db: Db, emailHash: string, since: number): Promise<number> {
  const { rows: [row] } = await sql<{ n: number }>`
    select count(*) as n from leads
    where email_hash = ${emailHash} and created_at >= ${since} and outcome = 'schedule'
      and not exists (select 1 from bookings where bookings.lead_id = leads.id and bookings.status = 'confirmed')`.execute(db);
  return Number(row!.n);
}

/** The rep of this email's latest lead since `since` that has one (assigned, or booked when pooled). */
export async function lastRepOfEmail(db: Db, emailHash: string, since: number): Promise<string | null> {
  const row = await db.selectFrom('leads').select('rep_id')
    .where('email_hash', '=', emailHash).where('created_at', '>=', since).where('rep_id', 'is not', null)
    .orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  return row?.rep_id ?? null;
}

/** The zone the prospect reads times in, when they changed it in the widget. */
export async function updateLeadTimezone(db: Db, leadId: string, timezone: string): Promise<void> {
  await db.updateTable('leads').set({ timezone }).where('id', '=', leadId).execute();
}

/** The lead goes to another rep (handed back, or an SLA breach), with the trace that says so; not accepted by them yet. */
export async function reassignLead(db: Db, leadId: string, change: { repId: string; teamId: string | null; trace: DecisionTrace }): Promise<void> {
  await db.updateTable('leads').set({
    rep_id: change.repId, team_id: change.teamId, candidate_ids: JSON.stringify([change.repId]), trace: JSON.stringify(change.trace), accepted_at: null, touched_at: null,
  })
    .where('id', '=', leadId).execute();
}

/** Whether and when the lead's rep took it on, and last touched it. */
export type FollowUp = { acceptedAt: number | null; touchedAt: number | null };

export async function followUpOf(db: Db, leadId: string): Promise<FollowUp> {
  const row = await db.selectFrom('leads').select(['accepted_at', 'touched_at']).where('id', '=', leadId).executeTakeFirst();
  const num = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return { acceptedAt: num(row?.accepted_at), touchedAt: num(row?.touched_at) };
}

/** The rep takes the lead on: the first acceptance stands. True when this call accepted it. */
export async function acceptLead(db: Db, leadId: string, at: number): Promise<boolean> {
  const result = await db.updateTable('leads').set({ accepted_at: at }).where('id', '=', leadId).where('accepted_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A touch from the rep's CRM: the lead is worked on (and accepted, if it was not). */
export async function touchLead(db: Db, leadId: string, at: number): Promise<void> {
  await db.updateTable('leads').set((eb) => ({ touched_at: at, accepted_at: eb.fn.coalesce('accepted_at', eb.val(at)) }))
    .where('id', '=', leadId).execute();
}
