import { computed, signal } from '@preact/signals';
import type { AdminOverview, AdminSession } from '../../shared/admin-api.ts';
import { ApiError, onSessionLost, request, setCsrf } from '../api/http.ts';
import { locale, t } from '../i18n.ts';
import { formats } from '../lib/format.ts';
import { errorMessage, resetAll, resource } from './resource.ts';

/** Where the console is: asking whether the cookie is still good, at the form, or in. */
export const phase = signal<'checking' | 'signedOut' | 'signedIn'>('checking');

/** Names for ids, fetched once after sign-in. */
export const overview = resource<AdminOverview>();

export const signingIn = signal(false);
export const signInError = signal<string | null>(null);
export const signingOut = signal(false);

/** Dates and numbers in the organization's zone (UTC until the overview is here). */
export const fmt = computed(() => formats(locale, overview.data.value?.organization.timezone ?? 'UTC'));

/** The organization's zone, for "today". */
export const zone = computed(() => overview.data.value?.organization.timezone ?? 'UTC');

/** A rep's name, or the id when the overview does not know it (a rep gone from the config). */
export const repName = computed(() => {
  const names = new Map((overview.data.value?.reps ?? []).map((r) => [r.id, r.name]));
  return (id: string) => names.get(id) ?? id;
});

function enter(session: AdminSession) {
  setCsrf(session.csrf);
  phase.value = 'signedIn';
  void overview.load(() => request<AdminOverview>('/api/admin/overview'));
}

function leave() {
  setCsrf('');
  resetAll();
  phase.value = 'signedOut';
}

onSessionLost(leave);

/** At start: a valid cookie signs in without the form. */
export async function checkSession(): Promise<void> {
  try {
    enter(await request<AdminSession>('/api/admin/session', { own401: true }));
  } catch {
    phase.value = 'signedOut';
  }
}

/** Trades the admin token for a session cookie. */
export async function signIn(token: string): Promise<void> {
  signingIn.value = true;
  signInError.value = null;
  try {
    enter(await request<AdminSession>('/api/admin/session', { json: { token }, own401: true }));
  } catch (error) {
    signInError.value = error instanceof ApiError && error.status === 401 ? t('signInWrong') : errorMessage(error);
  } finally {
    signingIn.value = false;
  }
}

/** Ends the session on the server, then forgets everything here, even when that call failed. */
export async function signOut(): Promise<void> {
  signingOut.value = true;
  try {
    await request('/api/admin/session/end', { json: {} });
  } catch {
    // Signed out here all the same; the cookie expires on its own.
  } finally {
    signingOut.value = false;
    leave();
  }
}
