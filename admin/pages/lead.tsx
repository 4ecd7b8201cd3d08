import type { ComponentChildren } from 'preact';
import type { AdminLeadDetail } from '../../shared/admin-api.ts';
import { language, t } from '../i18n.ts';
import { questionLabel } from '../models/config.ts';
import { lead } from '../models/lead.ts';
import { fmt } from '../models/session.ts';
import { LeadActions } from '../components/lead-actions.tsx';
import { LoadStatus } from '../components/status.tsx';
import { TraceList } from '../components/trace-list.tsx';

/** A term and its description list. */
function Facts({ rows }: { rows: [string, ComponentChildren][] }) {
  return <dl class="facts">{rows.map(([term, value], i) => <div key={i}><dt>{term}</dt><dd>{value}</dd></div>)}</dl>;
}

const factText = (value: string | boolean | null) => (value === null ? '—' : value === true ? t('yes') : value === false ? t('no') : value);

function Booking({ detail }: { detail: AdminLeadDetail }) {
  const b = detail.booking;
  const f = fmt.value;
  if (!b) return <p>{t('noBooking')}</p>;
  return (
    <Facts rows={[
      [t('start'), f.dateTime(b.start)],
      [t('rep'), b.repName ?? b.repId],
      [t('status'), t(`booking_${b.status}`)],
      [t('hostOutcome'), b.hostOutcome ? t(`host_${b.hostOutcome}`) : t('notMarked')],
      ...(b.cancelReason ? [[t('cancelReason'), `${b.cancelReason}${b.canceledBy ? ` (${b.canceledBy})` : ''}`] as [string, string]] : []),
      [t('bookingId'), b.id],
    ]} />
  );
}

/** One lead: answers, facts, the decision trace, its booking, its timeline and what can be done. */
export function LeadPage() {
  const detail = lead.data.value;
  const f = fmt.value;
  const l = detail?.lead;
  return (
    <>
      <h1>{l ? t('leadTitle', { who: l.name ?? l.email ?? l.id }) : t('lead')}</h1>
      <p><a href="#/leads">{t('backToLeads')}</a></p>
      <div aria-busy={lead.loading.value}><LoadStatus of={lead} /></div>
      {detail && l && (
        <>
          <Facts rows={[
            [t('createdAt'), f.dateTime(l.createdAt)], [t('email'), l.email ?? '—'],
            [t('outcome'), `${t(`outcome_${l.outcome}`)}${l.reason ? ` (${l.reason})` : ''}`],
            [t('team'), l.teamId ?? '—'], [t('rep'), l.repName ?? l.repId ?? '—'],
            [t('timezone'), l.timezone], [t('acceptedAt'), f.dateTime(l.acceptedAt)],
          ]} />
          <h2>{t('answers')}</h2>
          <Facts rows={Object.entries(l.answers).map(([id, value]) => [questionLabel(l.formId, id, language), value])} />
          <h2>{t('facts')}</h2>
          <Facts rows={Object.entries(l.facts).map(([key, value]) => [key, factText(value)])} />
          <h2>{t('trace')}</h2>
          <TraceList trace={l.trace} formId={l.formId} />
          <h2>{t('booking')}</h2>
          <Booking detail={detail} />
          <h2>{t('timeline')}</h2>
          <ol class="timeline">
            {detail.timeline.map((e, i) => (
              <li key={i}>
                <span class="muted">{f.dateTime(e.at)}</span> <strong>{e.event}</strong>
                {e.detail ? ` — ${e.detail}` : ''}{e.status ? ` [${e.status}]` : ''}
              </li>
            ))}
          </ol>
          <LeadActions detail={detail} />
        </>
      )}
    </>
  );
}
