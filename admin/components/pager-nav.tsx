import { t } from '../i18n.ts';
import type { Pager } from '../models/pager.ts';

/** "Previous" and "Next page" for a cursor-paged list. */
export function PagerNav({ pager }: { pager: Pager }) {
  const busy = pager.page.loading.value;
  return (
    <div class="pager">
      <button type="button" class="secondary" disabled={busy || pager.cursors.value.length === 0} onClick={() => void pager.previous()}>
        {t('previousPage')}
      </button>
      <span class="muted">{t('pageNumber', { n: pager.cursors.value.length + 1 })}</span>
      <button type="button" class="secondary" disabled={busy || !pager.page.data.value?.nextCursor} onClick={() => void pager.next()}>
        {t('nextPage')}
      </button>
    </div>
  );
}
