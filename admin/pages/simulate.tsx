import { t } from '../i18n.ts';
import { strategyText } from '../lib/trace-steps.ts';
import { fileProblem, runSimulation, simulation } from '../models/simulate.ts';
import { fmt, overview, repName } from '../models/session.ts';
import { BarChart } from '../components/bar-chart.tsx';
import { Select } from '../components/fields.tsx';
import { Scroll } from '../components/scroll.tsx';
import { LoadStatus } from '../components/status.tsx';

function submit(event: Event) {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const data = new FormData(form);
  const file = data.get('file');
  void runSimulation(String(data.get('form') ?? ''), file instanceof File && file.name !== '' ? file : null);
}

/** Replays a CSV of past leads through the routing and shows where they would have gone. */
export function SimulatePage() {
  const r = simulation.data.value;
  const f = fmt.value;
  const name = repName.value;
  const busy = simulation.loading.value;
  const disqualified = r ? Object.entries(r.disqualified) : [];
  return (
    <>
      <h1>{t('nav_simulate')}</h1>
      <form class="filters" onSubmit={submit} aria-label={t('nav_simulate')}>
        <Select label={t('form')} name="form" options={(overview.data.value?.forms ?? []).map((x) => ({ value: x.id, label: x.title }))} />
        <label>
          {t('csvFile')}
          <input name="file" type="file" accept=".csv,text/csv" required />
        </label>
        <button type="submit" disabled={busy}>{busy ? t('running') : t('run')}</button>
      </form>
      {fileProblem.value && <p role="alert" class="error">{fileProblem.value}</p>}
      <section aria-busy={busy} aria-label={t('results')}>
        <LoadStatus of={simulation} />
        {r && (
          <>
            <h2>{t('totals')}</h2>
            <dl class="facts" data-testid="sim-totals">
              <div><dt>{t('rows')}</dt><dd>{r.rows}</dd></div>
              <div><dt>{t('routed')}</dt><dd>{r.routed}</dd></div>
              <div><dt>{t('disqualified')}</dt><dd>{disqualified.reduce((a, [, n]) => a + n, 0)}</dd></div>
              <div><dt>{t('noCandidate')}</dt><dd>{r.noCandidate.length}{r.noCandidate.length > 0 ? ` (${t('lines', { lines: r.noCandidate.join(', ') })})` : ''}</dd></div>
              <div><dt>{t('rejected')}</dt><dd>{r.rejected.length}</dd></div>
              <div><dt>{t('spread')}</dt><dd>{f.decimal(r.distribution.spread, 2)}</dd></div>
            </dl>
            {disqualified.length > 0 && (
              <>
                <h2>{t('disqualifiedBy')}</h2>
                <ul>{disqualified.map(([reason, n]) => <li key={reason}>{reason}: {n}</li>)}</ul>
              </>
            )}
            {r.rejected.length > 0 && (
              <>
                <h2>{t('rejectedLines')}</h2>
                <ul>{r.rejected.map((x) => <li key={x.line}>{t('lineProblem', { line: x.line, problem: x.problem })}</li>)}</ul>
              </>
            )}
            {Object.keys(r.direct).length > 0 && (
              <>
                <h2>{t('direct')}</h2>
                <ul>{Object.entries(r.direct).map(([id, n]) => <li key={id}>{name(id)}: {n}</li>)}</ul>
              </>
            )}
            {r.distribution.teams.map((team) => (
              <section key={team.teamId} class="card" aria-labelledby={`sim-${team.teamId}`}>
                <h2 id={`sim-${team.teamId}`}>{t('teamHeading', { team: team.teamId, strategy: strategyText(team.strategy, t), leads: team.leads })}</h2>
                <BarChart teamId={team.teamId} reps={team.reps} />
                <Scroll label={t('teamTable', { team: team.teamId })}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('rep')}</th><th scope="col" class="num">{t('routed')}</th><th scope="col" class="num">{t('share')}</th>
                        <th scope="col" class="num">{t('target')}</th><th scope="col" class="num">{t('deviation')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {team.reps.map((rep) => (
                        <tr key={rep.repId} data-rep-id={rep.repId}>
                          <th scope="row">{rep.name}</th><td class="num">{rep.leads}</td><td class="num">{f.percent(rep.share)}</td>
                          <td class="num">{f.percent(rep.targetShare)}</td><td class="num">{t('points', { n: f.decimal(rep.deviation, 2) })}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </Scroll>
              </section>
            ))}
          </>
        )}
      </section>
    </>
  );
}
