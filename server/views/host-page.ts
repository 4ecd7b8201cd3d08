import { html } from 'hono/html';
import type { Catalog } from '../config/catalog.ts';
import { answerLines, formatSpan, prospectOf, readerOf, whyRouted } from '../delivery/notify.ts';
import { CANCEL_REASON_MAX, isChangeable } from '../flows/manage.ts';
import type { Hosted } from '../flows/host.ts';
import type { ErrorCode } from '../http/errors.ts';
import type { MessageId } from '../i18n/reader.ts';
import { page } from './layout.ts';

/**
 * The rep's page for one lead (`/h/:token`, SPEC §12): who the prospect is and what they
 * answered, why the lead came to this rep, the meeting, and what the rep can do now.
 * Plain HTML forms, as on the prospect's manage page; in the organization's language,
 * times in the rep's zone.
 */

export const HOST_DONE = {
  accepted: 'host.done.accepted',
  handedBack: 'host.done.handedBack',
  canceled: 'host.done.canceled',
  held: 'host.done.held',
  no_show: 'host.done.no_show',
} as const satisfies Record<string, MessageId>;

export type HostDone = keyof typeof HOST_DONE;

export type HostNotice = { kind: 'done' | 'error'; text: MessageId };

const ERRORS: Partial<Record<ErrorCode, MessageId>> = {
  reason_required: 'host.error.reason_required',
  not_started: 'host.error.not_started',
  outcome_set: 'host.error.outcome_set',
  no_one_else: 'host.error.no_one_else',
  not_a_team_lead: 'host.error.not_a_team_lead',
  lead_booked: 'host.error.booked',
  booking_canceled: 'manage.error.booking_canceled',
  booking_started: 'manage.error.booking_started',
};

/** A refused action as the page says it. */
export function hostErrorNotice(code: ErrorCode): HostNotice {
  return { kind: 'error', text: ERRORS[code] ?? 'manage.error.other' };
}

export function hostPage(view: { catalog: Catalog; hosted: Hosted; token: string; now: number; notice: HostNotice | null }) {
  const { catalog, hosted, now } = view;
  const { lead, booking, link } = hosted;
  const reader = readerOf(catalog, 'rep', lead);
  const { t } = reader;
  const rep = catalog.reps.get(link.repId);
  const zone = rep?.timezone ?? 'UTC';
  // A range of one instant formats as that instant, with the meetings' own options.
  const at = (instant: number) => formatSpan(instant, instant, zone, reader.locale);
  const prospect = prospectOf(catalog, lead);
  const title = t('host.title', { name: prospect.name });
  const base = `/h/${view.token}`;
  const why = whyRouted(catalog, lead, reader);
  const answers = answerLines(catalog, lead, reader);
  const current = hosted.currentRepId === link.repId;
  const accepted = hosted.followUp.acceptedAt;
  const elsewhere = hosted.currentRepId === null ? null : catalog.reps.get(hosted.currentRepId)?.name ?? hosted.currentRepId;
  const live = booking?.status === 'confirmed' ? booking : null;
  const meeting = booking ? catalog.config.meetingTypes[booking.meetingType] : undefined;
  const notice = view.notice;
  const state = !booking ? null
    : booking.status === 'canceled' ? t(booking.canceledBy === 'host' ? 'host.canceledBy.host' : 'host.canceledBy.prospect')
      : booking.hostOutcome ? t(`host.outcome.${booking.hostOutcome}`)
        : t(booking.end <= now ? 'manage.past' : 'manage.confirmed');
  return page(title, html`<h1>${title}</h1>
${notice ? html`<p class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${t(notice.text)}</p>` : ''}
${!current ? html`<p class="notice error" role="status">${t('host.elsewhere', { rep: elsewhere ?? t('manage.ourTeam') })}</p>` : ''}
<div class="card">
<p><a href="mailto:${prospect.email}">${prospect.name} &lt;${prospect.email}&gt;</a></p>
<p>${t('host.routed', { when: at(lead.createdAt) })} ${!current ? '' : accepted === null ? t('host.notAccepted') : t('host.accepted', { when: at(accepted) })}</p>
${why ? html`<p><strong>${t('mail.why')}:</strong> ${why}</p>` : ''}
${answers.length > 0 ? html`<h2>${t('mail.answers')}</h2><table role="presentation">${answers.map((a) => html`<tr><th align="left" valign="top">${a.label}</th><td>${a.value}</td></tr>`)}</table>` : ''}
</div>
<section class="card" aria-labelledby="meeting-title">
<h2 id="meeting-title">${meeting ? reader.text(meeting.title) : t('host.meeting')}</h2>
${booking ? html`<p><strong>${formatSpan(booking.start, booking.end, zone, reader.locale)}</strong> · ${state}</p>
${booking.status === 'canceled' && booking.cancelReason ? html`<p>${t('manage.reason', { reason: booking.cancelReason })}</p>` : ''}` : html`<p>${t('host.noMeeting')}</p>`}
</section>
${current ? actions() : ''}`, reader.language);

  function actions() {
    const accept = accepted === null ? html`<form method="post" action="${base}/accept"><button type="submit">${t('host.accept')}</button></form>` : '';
    const handBack = !live ? html`<section class="card" aria-labelledby="hand-title">
<h2 id="hand-title">${t('host.handBackTitle')}</h2><p>${t('host.handBackHint')}</p>
<form method="post" action="${base}/hand-back"><button type="submit" class="secondary">${t('host.handBack')}</button></form>
</section>` : '';
    const cancel = live && isChangeable(live, now) ? html`<section class="card" aria-labelledby="cancel-title">
<h2 id="cancel-title">${t('host.cancelTitle')}</h2>
<form method="post" action="${base}/cancel">
<label for="reason">${t('host.cancelReason')}</label>
<textarea id="reason" name="reason" rows="3" required maxlength="${CANCEL_REASON_MAX}"></textarea>
<button type="submit" class="secondary">${t('host.cancel')}</button>
</form>
</section>` : '';
    const outcome = live && live.start <= now && live.hostOutcome === null ? html`<section class="card" aria-labelledby="outcome-title">
<h2 id="outcome-title">${t('host.outcomeTitle')}</h2>
<form method="post" action="${base}/outcome"><button type="submit" name="outcome" value="held">${t('host.held')}</button>
<button type="submit" name="outcome" value="no_show" class="secondary">${t('host.noShow')}</button></form>
</section>` : '';
    return html`${accept}${outcome}${cancel}${handBack}`;
  }
}
