import type { Booking } from '../../shared/records.ts';
import { ApiError } from '../http/errors.ts';
import { creditLocks, giveTurnBack } from './credit.ts';
import type { FlowDeps } from './deps.ts';
import { bookingRules, CANCEL_REASON_MAX, enqueueChange, findManaged, refuseUnchangeable, type Managed, type ManageResult } from './manage.ts';

/** Trims a free-text reason to something safe to store and mail; empty means none. */
export function cleanReason(reason: string | undefined): string | null {
  const cleaned = (reason ?? '').replace(/[\x00-\x09\x0b-\x1f\x7f]/g, ' ').trim().slice(0, CANCEL_REASON_MAX);
  return cleaned === '' ? null : cleaned;
}

/**
 * The prospect cancels from their manage link: STATUS:CANCELLED, SEQUENCE + 1,
 * METHOD:CANCEL invites to both, webhooks, all in one transaction; the time is free
 * again for everyone at once. Canceling a canceled booking changes nothing and
 * succeeds (a retried cancel).
 */
export async function cancelBooking(deps: FlowDeps, token: string, reason: string | undefined): Promise<ManageResult> {
  return cancelManaged(deps, await findManaged(deps.store, token), { by: 'prospect', reason: cleanReason(reason), manageToken: token });
}

/**
 * Cancels `found` for the prospect or, from the host link, for the rep (with the reason
 * the prospect reads). The lead's rotation turn is given back when `routing.creditBack`
 * names `canceled`, in the same transaction.
 */
export async function cancelManaged(
  deps: FlowDeps,
  found: Managed,
  how: { by: 'prospect' | 'host'; reason: string | null; manageToken: string | null },
): Promise<ManageResult> {
  const { store, catalog } = deps;
  const now = deps.clock();
  const why = how.reason;
  const locks = { teams: creditLocks(catalog, found.lead, 'canceled'), reps: [found.booking.repId] };
  const result = await store.atomically(locks, async (tx): Promise<ManageResult> => {
    const current = (await tx.bookings.find(found.booking.id))!;
    if (current.status === 'canceled') return { booking: current, lead: found.lead, changed: false };
    refuseUnchangeable(current, now);
    // A host's word on the meeting means it has started, whatever this request's clock read.
    if (current.hostOutcome !== null) throw new ApiError('booking_started', 'this meeting has already started and can no longer be changed');
    const canceled: Booking = { ...current, status: 'canceled', sequence: current.sequence + 1, cancelReason: why, canceledBy: how.by, updatedAt: now };
    await tx.bookings.markCanceled(canceled.id, { sequence: canceled.sequence, reason: why, at: now, by: how.by });
    await giveTurnBack(tx, catalog, found.lead, current.repId, 'canceled', now);
    // A rep or meeting type removed from the config since cannot be written to; the
    // prospect can still cancel.
    if (bookingRules(catalog, canceled)) {
      await enqueueChange(tx, deps, { booking: canceled, lead: found.lead }, how.manageToken, { kind: 'canceled', reason: why }, now);
    }
    return { booking: canceled, lead: found.lead, changed: true };
  });
  if (result.changed) deps.metrics?.bookingChanged('canceled');
  return result;
}
