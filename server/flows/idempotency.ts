import { createHash } from 'node:crypto';
import { ApiError } from '../http/errors.ts';
import { seal, unseal } from '../booking/seal.ts';
import type { Operations } from '../store/store.ts';

/**
 * `Idempotency-Key` for booking requests. A key belongs to one lead (its scope is the
 * lead token's hash) and to one request (the normalized body's hash). The first answer
 * is stored in the transaction that made it, so a retry gets exactly that answer and
 * books nothing; the same key with another body is refused. Only a committed booking
 * leaves an answer: a failed attempt wrote nothing, so its retry is simply tried again.
 */
export type StoredAnswer<T> = { status: number; body: T; replayed: boolean };

/** Hash of the request as understood (e.g. the instant, not its spelling). */
export function requestHash(normalized: unknown): string {
  return createHash('sha256').update(JSON.stringify(normalized)).digest('hex');
}

export type IdempotencyScope = { leadToken: string; scopeHash: string; key: string; requestHash: string };

/** The stored answer for this key, or null; 422 when the key was used for another request. */
export async function replayAnswer<T>(store: Pick<Operations, 'idempotency'>, scope: IdempotencyScope): Promise<StoredAnswer<T> | null> {
  const stored = await store.idempotency.find(scope.scopeHash, scope.key);
  if (!stored) return null;
  if (stored.requestHash !== scope.requestHash) {
    throw new ApiError('idempotency_key_reused',
      'this Idempotency-Key was already used with a different request body; use a new key for a new request');
  }
  const body = unseal(scope.leadToken, 'idempotent-answer', stored.bodySealed);
  // The scope is the token's hash, so the token that found the row always opens it.
  if (body === null) throw new Error('a stored idempotent answer did not open with its own token');
  return { status: stored.status, body: JSON.parse(body) as T, replayed: true };
}

export async function storeAnswer(store: Pick<Operations, 'idempotency'>, scope: IdempotencyScope, answer: { status: number; body: unknown; bookingId: string | null; at: number }): Promise<void> {
  await store.idempotency.save({
    scopeHash: scope.scopeHash,
    key: scope.key,
    requestHash: scope.requestHash,
    status: answer.status,
    bodySealed: seal(scope.leadToken, 'idempotent-answer', JSON.stringify(answer.body)),
    bookingId: answer.bookingId,
    createdAt: answer.at,
  });
}
