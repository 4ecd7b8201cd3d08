import { t } from '../i18n.ts';
import { leadHref } from '../lib/router.ts';
import { bookings, filterBookings } from '../models/bookings.ts';
import { fmt, overview } from '../models/session.ts';
import { FilterForm, Input, Select } from '../components/fields.tsx';
import { formValues } from '../components/form-values.ts';
import { PagerNav } from '../components/pager-nav.tsx';
import { Scroll } from '../components/scroll.tsx';
import { LoadStatus } from '../components/status.tsx';

/** Bookings by period, rep and status. */
export function BookingsPage() {
  const f = bookings.filters.value;
  const page = bookings.page.data.value;
  const format = fmt.value;
  return (
    <>
      <h1>{t('nav_bookings')}</h1>
      <FilterForm label={t('filters')} onSubmit={(e) => filterBookings(formValues(e))} busy={bookings.page.loading.value} submit={t('apply')} busyLabel={t('applying')}>
        <Input label={t('from')} name="from" type="date" value={f.from} />
        <Input label={t('to')} name="to" type="date" value={f.to} />
        <Select label={t('rep')} name="rep" value={f.rep} any={t('any')} options={(overview.data.value?.reps ?? []).map((r) => ({ value: r.id, label: r.name }))} />
        <Select label={t('status')} name="status" value={f.status} any={t('any')}
          options={[{ value: 'confirmed', label: t('booking_confirmed') }, { value: 'canceled', label: t('booking_canceled') }]} />
      </FilterForm>
      <section aria-busy={bookings.page.loading.value} aria-label={t('results')}>
        <LoadStatus of={bookings.page} />
        {page && page.bookings.length === 0 && <p>{t('noBookings')}</p>}
        {page && page.bookings.length > 0 && (
          <Scroll label={t('nav_bookings')}>
            <table data-testid="bookings-table">
              <thead>
                <tr>
                  <th scope="col">{t('start')}</th><th scope="col">{t('rep')}</th><th scope="col">{t('lead')}</th><th scope="col">{t('meetingType')}</th>
                  <th scope="col">{t('status')}</th><th scope="col">{t('hostOutcome')}</th><th scope="col">{t('cancelReason')}</th>
                </tr>
              </thead>
              <tbody>
                {page.bookings.map((b) => (
                  <tr key={b.id} data-booking-id={b.id}>
                    <td>{format.dateTime(b.start)}</td>
                    <td>{b.repName ?? b.repId}</td>
                    <td><a href={leadHref(b.leadId)}>{t('openLead', { id: b.leadId })}</a></td>
                    <td>{b.meetingType}</td>
                    <td>{t(`booking_${b.status}`)}</td>
                    <td>{b.hostOutcome ? t(`host_${b.hostOutcome}`) : '—'}</td>
                    <td>{b.cancelReason ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        )}
        <PagerNav pager={bookings} />
      </section>
    </>
  );
}
