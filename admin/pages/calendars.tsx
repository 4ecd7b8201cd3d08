import { t } from '../i18n.ts';
import { calendars } from '../models/calendars.ts';
import { fmt } from '../models/session.ts';
import { Scroll } from '../components/scroll.tsx';
import { LoadStatus } from '../components/status.tsx';

/** Each rep's calendar sources: can they be read, since when, and why not. */
export function CalendarsPage() {
  const data = calendars.data.value;
  const f = fmt.value;
  return (
    <>
      <h1>{t('nav_calendars')}</h1>
      <section aria-busy={calendars.loading.value} aria-label={t('results')}>
        <LoadStatus of={calendars} />
        {data && data.calendars.length === 0 && <p>{t('noCalendars')}</p>}
        {data?.calendars.map((rep) => (
          <section key={rep.repId} class="card" aria-labelledby={`cal-${rep.repId}`}>
            <h2 id={`cal-${rep.repId}`}>{rep.repName}</h2>
            {rep.sources.length === 0 ? <p>{t('noSources')}</p> : (
              <Scroll label={t('sourcesOf', { rep: rep.repName })}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('source')}</th><th scope="col">{t('state')}</th><th scope="col">{t('lastSuccess')}</th>
                      <th scope="col">{t('lastAttempt')}</th><th scope="col">{t('lastError')}</th><th scope="col" class="num">{t('busyIntervals')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rep.sources.map((s) => (
                      <tr key={s.id} data-state={s.state}>
                        <td>{s.label} ({s.kind}{s.writeBookings ? `, ${t('writesBookings')}` : ''})</td>
                        <td class={s.state === 'ok' ? undefined : 'error'}>{t(`cal_${s.state}`)}{s.usable ? '' : ` — ${t('notOffered')}`}</td>
                        <td>{f.dateTime(s.lastSuccessAt)}</td>
                        <td>{f.dateTime(s.lastAttemptAt)}</td>
                        <td>{s.lastError ?? '—'}</td>
                        <td class="num">{s.busyIntervals}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Scroll>
            )}
          </section>
        ))}
      </section>
    </>
  );
}
