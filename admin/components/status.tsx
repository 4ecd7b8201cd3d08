import type { Resource } from '../models/resource.ts';
import { t } from '../i18n.ts';

/** "Loading…" while a request runs (a status region, so it is announced) and the error when it failed. */
export function LoadStatus({ of }: { of: Resource<unknown> }) {
  return (
    <>
      <p role="status" class="muted">{of.loading.value ? t('loading') : ''}</p>
      {of.error.value && <p role="alert" class="error">{of.error.value}</p>}
    </>
  );
}

/** An action's result, in a live region that exists before it changes so readers hear it. */
export function Notice({ notice }: { notice: { text: string; error: boolean } | null }) {
  return (
    <p aria-live="polite" role="status" class={notice?.error ? 'error' : 'ok'}>
      {notice?.text ?? ''}
    </p>
  );
}
