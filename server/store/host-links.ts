import { sql } from 'kysely';
import type { Db } from './db.ts';

/** A rep's key to a lead, as stored: the token itself only sealed (see migration 009). */
export type HostLink = { tokenHash: string; leadId: string; repId: string; tokenKept: string; createdAt: number };

type Row = { token_hash: string; lead_id: string; rep_id: string; token_kept: string; created_at: number };

const toLink = (r: Row): HostLink => ({
  tokenHash: r.token_hash, leadId: r.lead_id, repId: r.rep_id, tokenKept: r.token_kept,
  createdAt: Number(r.created_at),
});

// Written as SQL: one of each per booking, where the query builder costs more than the query.
export async function insertHostLink(db: Db, link: HostLink): Promise<void> {
  await sql`insert into host_links (token_hash, lead_id, rep_id, token_kept, created_at)
    values (${link.tokenHash}, ${link.leadId}, ${link.repId}, ${link.tokenKept}, ${link.createdAt})`.execute(db);
}

export async function findHostLinkByHash(db: Db, hash: string): Promise<HostLink | null> {
  const row = await db.selectFrom('host_links').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  return row ? toLink(row) : null;
}

/** The newest link of this rep to this lead. */
export async function hostLinkOf(db: Db, leadId: string, repId: string): Promise<HostLink | null> {
  const { rows: [row] } = await sql<Row>`select * from host_links where lead_id = ${leadId} and rep_id = ${repId}
    order by created_at desc limit 1`.execute(db);
  return row ? toLink(row) : null;
}
