import type { AdminLeadDetail } from '../../shared/admin-api.ts';
import { t } from '../i18n.ts';
import { acting, actionNotice, cancelBooking, markOutcome, reassign } from '../models/lead.ts';
import { repName } from '../models/session.ts';
import { formValues } from './form-values.ts';
import { Notice } from './status.tsx';

/** The actions the server offers for this lead now (only those whose flag is true). */
export function LeadActions({ detail }: { detail: AdminLeadDetail }) {
  const { actions, booking } = detail;
  const busy = acting.value;
  const name = repName.value;
  const none = !actions.reassign && !(booking && (actions.cancel || actions.markOutcome));
  return (
    <section aria-labelledby="actions-h" aria-busy={busy !== null}>
      <h2 id="actions-h">{t('actions')}</h2>
      {none && <p>{t('noActions')}</p>}
      {actions.reassign && (
        <form class="filters" onSubmit={(e) => void reassign(formValues(e).repId ?? '')}>
          <label>
            {t('reassignTo')}
            <select name="repId">
              <option value="">{t('nextInRotation')}</option>
              {actions.reassignTo.map((id) => <option key={id} value={id}>{name(id)}</option>)}
            </select>
          </label>
          <button type="submit" disabled={busy !== null}>{busy === 'reassign' ? t('reassigning') : t('reassign')}</button>
        </form>
      )}
      {booking && actions.cancel && (
        <form class="filters" onSubmit={(e) => void cancelBooking(booking.id, formValues(e).reason ?? '')}>
          <label>
            {t('cancelReason')}
            <input name="reason" required maxLength={500} />
          </label>
          <button type="submit" disabled={busy !== null}>{busy === 'cancel' ? t('canceling') : t('cancelBooking')}</button>
        </form>
      )}
      {booking && actions.markOutcome && (
        <div class="filters" role="group" aria-label={t('hostOutcome')}>
          <button type="button" disabled={busy !== null} onClick={() => void markOutcome(booking.id, 'held')}>
            {busy === 'held' ? t('marking') : t('markHeld')}
          </button>
          <button type="button" disabled={busy !== null} onClick={() => void markOutcome(booking.id, 'no_show')}>
            {busy === 'no_show' ? t('marking') : t('markNoShow')}
          </button>
        </div>
      )}
      <Notice notice={actionNotice.value} />
    </section>
  );
}
