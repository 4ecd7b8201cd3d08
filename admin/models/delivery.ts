import { signal } from '@preact/signals';
import type { AdminDelivery, AdminOutbox } from '../../shared/admin-api.ts';
import { request } from '../api/http.ts';
import { t } from '../i18n.ts';
import { pager } from './pager.ts';
import { errorMessage } from './resource.ts';

/** The states the outbox can be looked at by. */
export const OUTBOX_STATES = ['pending', 'retrying', 'dead'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export const outbox = pager<AdminOutbox>('/api/admin/outbox');
// The dead ones first, as the server does: they are the ones that need someone.
outbox.filters.value = { state: 'dead' };

/** The job whose retry is waiting for the server. */
export const retrying = signal<string | null>(null);
export const retryNotice = signal<{ text: string; error: boolean } | null>(null);

/** Which tab is shown. */
export function outboxState(): OutboxState {
  return (outbox.filters.value.state as OutboxState | undefined) ?? 'dead';
}

/** Shows the jobs in `state`. */
export function showOutbox(state: OutboxState): void {
  void outbox.apply({ state });
}

/** Runs a dead or retrying job again soon, then reloads the list (its counts change). */
export async function retryJob(id: string): Promise<void> {
  retrying.value = id;
  retryNotice.value = null;
  try {
    const { job } = await request<{ job: AdminDelivery }>(`/api/admin/outbox/${encodeURIComponent(id)}/retry`, { json: {} });
    retryNotice.value = { text: t('retryDone', { id: job.id }), error: false };
    await outbox.reload();
  } catch (error) {
    retryNotice.value = { text: errorMessage(error), error: true };
  } finally {
    retrying.value = null;
  }
}
