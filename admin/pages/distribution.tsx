import { t } from '../i18n.ts';
import { strategyText } from '../lib/trace-steps.ts';
import { distribution, distributionParams, loadDistribution } from '../models/distribution.ts';
import { fmt } from '../models/session.ts';
import { FilterForm, Input, Select } from '../components/fields.tsx';
import { formValues } from '../components/form-values.ts';
import { LineChart } from '../components/line-chart.tsx';
import { Scroll } from '../components/scroll.tsx';
import { LoadStatus } from '../components/status.tsx';

/** Who got how many turns against their weights, per team: a chart and the API's numbers. */
export function DistributionPage() {
  const p = distributionParams.value;
  const d = distribution.data.value;
  const f = fmt.value;
  return (
    <>
      <h1>{t('nav_distribution')}</h1>
      <FilterForm label={t('period')} onSubmit={(e) => loadDistribution(formValues(e))} busy={distribution.loading.value} submit={t('show')} busyLabel={t('loading')}>
        <Input label={t('from')} name="from" type="date" value={p.from} />
        <Input label={t('to')} name="to" type="date" value={p.to} />
        <Select label={t('bucket')} name="bucket" value={p.bucket} options={[{ value: 'day', label: t('bucket_day') }, { value: 'week', label: t('bucket_week') }]} />
      </FilterForm>
      <section aria-busy={distribution.loading.value} aria-label={t('results')}>
        <LoadStatus of={distribution} />
        {d && <p>{t('periodShown', { from: f.dateTime(d.from), to: f.dateTime(d.to), spread: f.decimal(d.spread, 2) })}</p>}
        {d?.teams.map((team) => (
          <section key={team.teamId} class="card" aria-labelledby={`team-${team.teamId}`}>
            <h2 id={`team-${team.teamId}`}>{t('teamHeading', { team: team.teamId, strategy: strategyText(team.strategy, t), leads: team.leads })}</h2>
            <LineChart team={team} />
            <Scroll label={t('teamTable', { team: team.teamId })}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('rep')}</th><th scope="col" class="num">{t('routed')}</th><th scope="col" class="num">{t('credited')}</th>
                    <th scope="col" class="num">{t('booked')}</th><th scope="col" class="num">{t('held')}</th><th scope="col" class="num">{t('noShow')}</th>
                    <th scope="col" class="num">{t('share')}</th><th scope="col" class="num">{t('target')}</th>
                  </tr>
                </thead>
                <tbody>
                  {team.reps.map((r) => (
                    <tr key={r.repId} data-rep-id={r.repId}>
                      <th scope="row">{r.name}</th><td class="num">{r.leads}</td><td class="num">{r.credited}</td><td class="num">{r.booked}</td>
                      <td class="num">{r.held}</td><td class="num">{r.noShow}</td><td class="num">{f.percent(r.share)}</td><td class="num">{f.percent(r.targetShare)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Scroll>
          </section>
        ))}
      </section>
    </>
  );
}
