import type { Db } from './db.ts';

/** A rep's key to a lead, as stored: the token itself only sealed (see migration 009). */
export type HostLink = { tokenHash: string; leadId: string; repId: string; tokenKept: string; createdAt: number; acceptedAt: number | null };

type Row = { token_hash: string; lead_id: string; rep_id: string; token_kept: string; created_at: number; accepted_at: number | null };

const toLink = (r: Row): HostLink => ({
  tokenHash: r.token_hash, leadId: r.lead_id, repId: r.rep_id, tokenKept: r.token_kept,
  createdAt: Number(r.created_at), acceptedAt: r.accepted_at === null ? null : Number(r.accepted_at),
});

export async function insertHostLink(db: Db, link: HostLink): Promise<void> {
  await db.insertInto('host_links').values({
    token_hash: link.tokenHash, lead_id: link.leadId, rep_id: link.repId, token_kept: link.tokenKept,
    created_at: link.createdAt, accepted_at: link.acceptedAt,
  }).execute();
}

export async function findHostLinkByHash(db: Db, hash: string): Promise<HostLink | null> {
  const row = await db.selectFrom('host_links').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  return row ? toLink(row) : null;
}

/** The newest link of this rep to this lead. */
export async function hostLinkOf(db: Db, leadId: string, repId: string): Promise<HostLink | null> {
  const row = await db.selectFrom('host_links').selectAll().where('lead_id', '=', leadId).where('rep_id', '=', repId)
    .orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  return row ? toLink(row) : null;
}

/** Marks the rep's acceptance on every link of theirs to the lead; the first acceptance stands. */
export async function acceptLead(db: Db, leadId: string, repId: string, at: number): Promise<void> {
  await db.updateTable('host_links').set({ accepted_at: at })
    .where('lead_id', '=', leadId).where('rep_id', '=', repId).where('accepted_at', 'is', null).execute();
}
