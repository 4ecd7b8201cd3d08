import type { Db } from './db.ts';

/** The first answer to a request made with an `Idempotency-Key`. */
export type IdempotentAnswer = {
  scopeHash: string;
  key: string;
  requestHash: string;
  status: number;
  /** The body, sealed: it may hold a manage link. */
  bodySealed: string;
  bookingId: string | null;
  createdAt: number;
};

export async function findIdempotentAnswer(db: Db, scopeHash: string, key: string): Promise<IdempotentAnswer | null> {
  const row = await db.selectFrom('idempotency_keys').selectAll()
    .where('scope_hash', '=', scopeHash).where('idem_key', '=', key).executeTakeFirst();
  if (!row) return null;
  return {
    scopeHash: row.scope_hash,
    key: row.idem_key,
    requestHash: row.request_hash,
    status: Number(row.status),
    bodySealed: row.body_sealed,
    bookingId: row.booking_id,
    createdAt: Number(row.created_at),
  };
}

/** Stored in the transaction that made the answer, so a replay can never disagree with the data. */
export async function saveIdempotentAnswer(db: Db, answer: IdempotentAnswer): Promise<void> {
  await db.insertInto('idempotency_keys').values({
    scope_hash: answer.scopeHash,
    idem_key: answer.key,
    request_hash: answer.requestHash,
    status: answer.status,
    body_sealed: answer.bodySealed,
    booking_id: answer.bookingId,
    created_at: answer.createdAt,
  }).execute();
}

export async function countIdempotentAnswers(db: Db): Promise<number> {
  const row = await db.selectFrom('idempotency_keys').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
