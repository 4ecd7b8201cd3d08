import { t } from '../i18n.ts';
import { OUTBOX_STATES, outbox, outboxState, retryJob, retrying, retryNotice, showOutbox } from '../models/delivery.ts';
import { fmt } from '../models/session.ts';
import { PagerNav } from '../components/pager-nav.tsx';
import { Scroll } from '../components/scroll.tsx';
import { LoadStatus, Notice } from '../components/status.tsx';

/** Emails, webhooks and calendar writes waiting, retrying or given up, with a retry for the last two. */
export function DeliveryPage() {
  const page = outbox.page.data.value;
  const current = outboxState();
  const f = fmt.value;
  return (
    <>
      <h1>{t('nav_delivery')}</h1>
      <div class="tabs" role="group" aria-label={t('deliveryState')}>
        {OUTBOX_STATES.map((state) => (
          <button key={state} type="button" class={state === current ? undefined : 'secondary'} aria-pressed={state === current} onClick={() => showOutbox(state)}>
            {t(`outbox_${state}`)}{page ? ` (${page.counts[state]})` : ''}
          </button>
        ))}
      </div>
      <Notice notice={retryNotice.value} />
      <section aria-busy={outbox.page.loading.value} aria-label={t('results')}>
        <LoadStatus of={outbox.page} />
        {page && page.jobs.length === 0 && <p>{t('noJobs')}</p>}
        {page && page.jobs.length > 0 && (
          <Scroll label={t('nav_delivery')}>
            <table data-testid="outbox-table">
              <thead>
                <tr>
                  <th scope="col">{t('createdAt')}</th><th scope="col">{t('kind')}</th><th scope="col">{t('event')}</th><th scope="col">{t('target')}</th>
                  <th scope="col">{t('state')}</th><th scope="col" class="num">{t('attempts')}</th><th scope="col">{t('runAt')}</th>
                  <th scope="col">{t('lastError')}</th><th scope="col">{t('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {page.jobs.map((job) => (
                  <tr key={job.id} data-job-id={job.id}>
                    <td>{f.dateTime(job.createdAt)}</td><td>{job.kind}</td><td>{job.event}</td><td>{job.target}</td>
                    <td>{t(`outbox_${job.state}`)}</td><td class="num">{job.attempts}</td><td>{f.dateTime(job.runAt)}</td>
                    <td>{job.lastError ?? '—'}</td>
                    <td>
                      {(job.state === 'dead' || job.state === 'retrying') && (
                        <button type="button" disabled={retrying.value !== null} onClick={() => void retryJob(job.id)}>
                          {retrying.value === job.id ? t('retrying') : t('retry')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        )}
        <PagerNav pager={outbox} />
      </section>
    </>
  );
}
