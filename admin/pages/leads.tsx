import { t } from '../i18n.ts';
import { leadHref } from '../lib/router.ts';
import { csvHref, filterLeads, leads, OUTCOMES } from '../models/leads.ts';
import { fmt, overview } from '../models/session.ts';
import { FilterForm, Input, Select } from '../components/fields.tsx';
import { formValues } from '../components/form-values.ts';
import { PagerNav } from '../components/pager-nav.tsx';
import { Scroll } from '../components/scroll.tsx';
import { LoadStatus } from '../components/status.tsx';

/** The leads list: filters, the table, paging and the CSV export. */
export function LeadsPage() {
  const o = overview.data.value;
  const f = leads.filters.value;
  const page = leads.page.data.value;
  const format = fmt.value;
  return (
    <>
      <h1>{t('nav_leads')}</h1>
      <FilterForm label={t('filters')} onSubmit={(e) => filterLeads(formValues(e))} busy={leads.page.loading.value} submit={t('apply')} busyLabel={t('applying')}>
        <Select label={t('outcome')} name="outcome" value={f.outcome} any={t('any')} options={OUTCOMES.map((v) => ({ value: v, label: t(`outcome_${v}`) }))} />
        <Select label={t('form')} name="form" value={f.form} any={t('any')} options={(o?.forms ?? []).map((x) => ({ value: x.id, label: x.title }))} />
        <Select label={t('team')} name="team" value={f.team} any={t('any')} options={(o?.teams ?? []).map((x) => ({ value: x.id, label: x.id }))} />
        <Select label={t('rep')} name="rep" value={f.rep} any={t('any')} options={(o?.reps ?? []).map((x) => ({ value: x.id, label: x.name }))} />
        <Input label={t('from')} name="from" type="date" value={f.from} />
        <Input label={t('to')} name="to" type="date" value={f.to} />
        <Input label={t('email')} name="email" type="email" value={f.email} />
      </FilterForm>
      <p><a href={csvHref.value} download>{t('exportCsv')}</a></p>
      <section aria-busy={leads.page.loading.value} aria-label={t('results')}>
        <LoadStatus of={leads.page} />
        {page && page.leads.length === 0 && <p>{t('noLeads')}</p>}
        {page && page.leads.length > 0 && (
          <Scroll label={t('nav_leads')}>
            <table data-testid="leads-table">
              <thead>
                <tr>
                  <th scope="col">{t('createdAt')}</th><th scope="col">{t('email')}</th><th scope="col">{t('name')}</th>
                  <th scope="col">{t('outcome')}</th><th scope="col">{t('team')}</th><th scope="col">{t('rep')}</th><th scope="col">{t('bookedFor')}</th>
                </tr>
              </thead>
              <tbody>
                {page.leads.map((lead) => (
                  <tr key={lead.id} data-lead-id={lead.id}>
                    <td>{format.dateTime(lead.createdAt)}</td>
                    <td><a href={leadHref(lead.id)}>{lead.email ?? t('noEmail')}</a></td>
                    <td>{lead.name ?? '—'}</td>
                    <td>{t(`outcome_${lead.outcome}`)}{lead.reason ? ` (${lead.reason})` : ''}</td>
                    <td>{lead.teamId ?? '—'}</td>
                    <td>{lead.repName ?? lead.repId ?? '—'}</td>
                    <td>{format.dateTime(lead.bookedFor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        )}
        <PagerNav pager={leads} />
      </section>
    </>
  );
}
