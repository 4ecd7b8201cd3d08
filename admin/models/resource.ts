import { signal, type Signal } from '@preact/signals';
import { ApiError } from '../api/http.ts';
import { t } from '../i18n.ts';

/** Data fetched from the API, with whether it is being fetched and why it failed. */
export type Resource<T> = {
  data: Signal<T | null>;
  loading: Signal<boolean>;
  error: Signal<string | null>;
  /** Runs `fetch`; only the latest call's answer is kept, so a slow old page never wins. */
  load(fetch: () => Promise<T>): Promise<void>;
  reset(): void;
};

const all: Resource<unknown>[] = [];

/** An error as the person reading the console should see it. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return t('errorGeneric');
  if (error.status === 0) return t('errorNetwork');
  if (error.status === 429) return t('errorRateLimited');
  const issues = error.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return [error.message || t('errorGeneric'), issues].filter(Boolean).join(' — ');
}

/** A new {@link Resource}; every one is emptied on sign-out. */
export function resource<T>(): Resource<T> {
  const data = signal<T | null>(null);
  const loading = signal(false);
  const error = signal<string | null>(null);
  let latest = 0;
  const self: Resource<T> = {
    data, loading, error,
    async load(fetch) {
      const mine = ++latest;
      loading.value = true;
      error.value = null;
      try {
        const value = await fetch();
        if (mine === latest) data.value = value;
      } catch (e) {
        if (mine === latest) error.value = errorMessage(e);
      } finally {
        if (mine === latest) loading.value = false;
      }
    },
    reset() {
      latest++;
      data.value = null;
      loading.value = false;
      error.value = null;
    },
  };
  all.push(self as Resource<unknown>);
  return self;
}

/** Forgets everything fetched: after sign-out nothing of the last session stays on screen. */
export function resetAll(): void {
  for (const r of all) r.reset();
}
