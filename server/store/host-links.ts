import type { Db } from './db.ts';

/** A rep's key to a lead, as stored: the token itself only sealed (see migration 009). */
export type HostLink = { tokenHash: string; leadId: string; repId: string; tokenKept: string; createdAt: number };

type Row = { token_hash: string; lead_id: string; rep_id: string; token_kept: string; created_at: number };

const toLink = (r: Row): HostLink => ({
  tokenHash: r.token_hash, leadId: r.lead_id, repId: r.rep_id, tokenKept: r.token_kept,
  createdAt: Number(r.created_at),
});

export async function insertHostLink(db: Db, link: HostLink): Promise<void> {
  await db.insertInto('host_links').values({
    token_hash: link.tokenHash, lead_id: link.leadId, rep_id: link.repId, token_kept: link.tokenKept,
    created_at: link.createdAt,
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
