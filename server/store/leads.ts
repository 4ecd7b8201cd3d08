import type { Selectable } from 'kysely';
import type { Db } from './db.ts';
import type { LeadsTable } from './schema.ts';
import type { DecisionTrace, Lead, LeadFacts } from '../../shared/records.ts';

export async function insertLead(db: Db, lead: Lead, tokenHash: string | null, emailHash: string | null = null): Promise<void> {
  await db.insertInto('leads').values({
    email_hash: emailHash,
    id: lead.id,
    form_id: lead.formId,
    created_at: lead.createdAt,
    outcome: lead.outcome,
    reason: lead.reason,
    token_hash: tokenHash,
    answers: JSON.stringify(lead.answers),
    facts: JSON.stringify(lead.facts),
    timezone: lead.timezone,
    locale: lead.locale,
    team_id: lead.teamId,
    rep_id: lead.repId,
    candidate_ids: JSON.stringify(lead.candidateIds),
    mode: lead.mode,
    trace: JSON.stringify(lead.trace),
  }).execute();
}

export async function findLeadByTokenHash(db: Db, tokenHash: string): Promise<Lead | null> {
  const row = await db.selectFrom('leads').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return row ? toLead(row) : null;
}

export async function findLead(db: Db, id: string): Promise<Lead | null> {
  const row = await db.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toLead(row) : null;
}

export async function countLeads(db: Db): Promise<number> {
  const row = await db.selectFrom('leads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

function toLead(r: Selectable<LeadsTable>): Lead {
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

/** Qualified leads for this email since `since` that have no live booking. */
export async function countOpenLeads(db: Db, emailHash: string, since: number): Promise<number> {
  const row = await db.selectFrom('leads')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('email_hash', '=', emailHash)
    .where('created_at', '>=', since)
    .where('outcome', '=', 'schedule')
    .where((eb) => eb.not(eb.exists(
      eb.selectFrom('bookings').select('bookings.id').whereRef('bookings.lead_id', '=', 'leads.id').where('bookings.status', '=', 'confirmed'),
    )))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The zone the prospect reads times in, when they changed it in the widget. */
export async function updateLeadTimezone(db: Db, leadId: string, timezone: string): Promise<void> {
  await db.updateTable('leads').set({ timezone }).where('id', '=', leadId).execute();
}
