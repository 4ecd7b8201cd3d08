import { t } from '../i18n.ts';
import { todayIn } from '../lib/format.ts';
import { startStateText } from '../lib/start-state.ts';
import { availability, availabilityParams, checkAvailability } from '../models/availability.ts';
import { overview, zone } from '../models/session.ts';
import { FilterForm, Input, Select } from '../components/fields.tsx';
import { formValues } from '../components/form-values.ts';
import { Scroll } from '../components/scroll.tsx';
import { LoadStatus } from '../components/status.tsx';

/** Why a rep is or is not offered at each start of a day: the troubleshooter. */
export function AvailabilityPage() {
  const o = overview.data.value;
  const p = availabilityParams.value;
  const a = availability.data.value;
  const subject = p?.subject ?? (o?.reps[0] ? `rep:${o.reps[0].id}` : '');
  return (
    <>
      <h1>{t('nav_availability')}</h1>
      <FilterForm label={t('question')} onSubmit={(e) => checkAvailability(formValues(e))} busy={availability.loading.value} submit={t('check')} busyLabel={t('checking')}>
        <label>
          {t('repOrTeam')}
          <select name="subject" required>
            <optgroup label={t('reps')}>
              {(o?.reps ?? []).map((r) => <option key={r.id} value={`rep:${r.id}`} selected={subject === `rep:${r.id}`}>{r.name}</option>)}
            </optgroup>
            <optgroup label={t('teams')}>
              {(o?.teams ?? []).map((team) => <option key={team.id} value={`team:${team.id}`} selected={subject === `team:${team.id}`}>{team.id}</option>)}
            </optgroup>
          </select>
        </label>
        <Input label={t('date')} name="date" type="date" required value={p?.date ?? todayIn(zone.value, Date.now())} />
        <Select label={t('meetingType')} name="meetingType" value={p?.meetingType} any={t('defaultMeetingType')}
          options={(o?.meetingTypes ?? []).map((m) => ({ value: m.id, label: m.title }))} />
      </FilterForm>
      <section aria-busy={availability.loading.value} aria-label={t('results')}>
        <LoadStatus of={availability} />
        {a?.reps.map((rep) => (
          <section key={rep.repId} class="card" aria-labelledby={`rep-${rep.repId}`}>
            <h2 id={`rep-${rep.repId}`}>{t('repDay', { rep: rep.name, date: a.date, zone: rep.timezone })}</h2>
            {rep.starts.length === 0 ? <p>{t('noStarts')}</p> : (
              <Scroll label={t('startsOf', { rep: rep.name })}>
                <table class="starts">
                  <thead><tr><th scope="col">{t('localTime')}</th><th scope="col">{t('state')}</th><th scope="col">{t('detail')}</th></tr></thead>
                  <tbody>
                    {rep.starts.map((s) => (
                      <tr key={s.start} data-state={s.state} data-local={s.local} class={s.state === 'free' ? 'free' : undefined}>
                        <td>{s.local}</td>
                        <td>{s.state === 'free' ? <strong class="free-label">✓ {startStateText(s.state, s.detail, t)}</strong> : startStateText(s.state, s.detail, t)}</td>
                        <td>{s.detail ?? ''}</td>
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
