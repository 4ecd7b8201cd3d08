import { signal } from '@preact/signals';
import type { AdminLeadDetail } from '../../shared/admin-api.ts';
import { request } from '../api/http.ts';
import { t } from '../i18n.ts';
import { errorMessage, resource } from './resource.ts';

/** The lead on screen. */
export const lead = resource<AdminLeadDetail>();

/** Which action is waiting for the server. */
export const acting = signal<'reassign' | 'cancel' | 'held' | 'no_show' | null>(null);

/** The last action's result or error, announced in the page's live region. */
export const actionNotice = signal<{ text: string; error: boolean } | null>(null);

let currentId = '';

/** Shows lead `id`. */
export function openLead(id: string): void {
  if (id !== currentId) actionNotice.value = null;
  currentId = id;
  void lead.load(() => request<AdminLeadDetail>(`/api/admin/leads/${encodeURIComponent(id)}`));
}

// Every action answers with the fresh detail, so the page shows what is true now.
async function act(kind: NonNullable<typeof acting.value>, path: string, body: object, done: string): Promise<void> {
  acting.value = kind;
  actionNotice.value = null;
  try {
    lead.data.value = await request<AdminLeadDetail>(path, { json: body });
    actionNotice.value = { text: done, error: false };
  } catch (error) {
    actionNotice.value = { text: errorMessage(error), error: true };
  } finally {
    acting.value = null;
  }
}

/** Gives the lead to `repId`, or (empty) to whoever the team's strategy picks next. */
export function reassign(repId: string): Promise<void> {
  return act('reassign', `/api/admin/leads/${encodeURIComponent(currentId)}/reassign`, repId ? { repId } : {}, t('reassignDone'));
}

/** Cancels the booking; the reason (1–500 characters) goes to the prospect. */
export function cancelBooking(bookingId: string, reason: string): Promise<void> {
  const text = reason.trim();
  if (text.length === 0 || text.length > 500) {
    actionNotice.value = { text: t('cancelReasonNeeded'), error: true };
    return Promise.resolve();
  }
  return act('cancel', `/api/admin/bookings/${encodeURIComponent(bookingId)}/cancel`, { reason: text }, t('cancelDone'));
}

/** Records what happened at the meeting. */
export function markOutcome(bookingId: string, outcome: 'held' | 'no_show'): Promise<void> {
  return act(outcome, `/api/admin/bookings/${encodeURIComponent(bookingId)}/outcome`, { outcome }, t('outcomeDone'));
}
