import { html } from 'hono/html';
import { dateFormats } from '../../shared/format.ts';
import type { Interval } from '../availability/intervals.ts';
import type { Catalog } from '../config/catalog.ts';
import { formatSpan, readerOf } from '../delivery/notify.ts';
import { CANCEL_REASON_MAX, isChangeable, type Managed } from '../flows/manage.ts';
import type { ErrorCode } from '../http/errors.ts';
import type { MessageId, Reader } from '../i18n/reader.ts';
import { page } from './layout.ts';

/**
 * The prospect's manage page: plain HTML forms posting to the page's own routes, so it
 * works without JavaScript, with the keyboard and with screen readers. Written in the
 * lead's locale, times in its zone as the widget shows them.
 */

export type Notice = { kind: 'done' | 'error'; text: MessageId };

export const DONE = {
  rescheduled: 'manage.done.rescheduled',
  canceled: 'manage.done.canceled',
} as const satisfies Record<string, MessageId>;

export type Done = keyof typeof DONE;

const ERROR_NOTICES: Partial<Record<ErrorCode, MessageId>> = {
  slot_taken: 'manage.error.slot_taken',
  slot_not_offered: 'manage.error.slot_not_offered',
  invalid_request: 'manage.error.invalid_request',
  booking_canceled: 'manage.error.booking_canceled',
  booking_started: 'manage.error.booking_started',
  not_schedulable: 'manage.error.not_schedulable',
  booking_limit_reached: 'manage.error.booking_limit_reached',
};

/** A refused change as the page says it, in the reader's language. */
export function errorNotice(code: ErrorCode): Notice {
  return { kind: 'error', text: ERROR_NOTICES[code] ?? 'manage.error.other' };
}

function slotPicker(slots: readonly Interval[], zone: string, reader: Reader) {
  const formats = dateFormats(reader.locale, zone);
  const iso = (instant: number) => new Date(instant).toISOString();
  const days = new Map<string, Interval[]>();
  for (const slot of slots) {
    const day = formats.day(iso(slot.start));
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  return html`<select id="start" name="start" required>
${[...days].map(([day, list]) => html`<optgroup label="${day}">${list.map((slot) => html`<option value="${iso(slot.start)}">${formats.range(iso(slot.start), iso(slot.end))}</option>`)}</optgroup>`)}
</select>`;
}

export function managePage(view: { catalog: Catalog; managed: Managed; token: string; now: number; slots: readonly Interval[]; notice: Notice | null }) {
  const { booking, lead } = view.managed;
  const reader = readerOf(view.catalog, 'prospect', lead);
  const { t } = reader;
  const zone = lead.timezone;
  const meeting = view.catalog.config.meetingTypes[booking.meetingType];
  const title = meeting ? reader.text(meeting.title) : t('manage.meeting');
  const host = view.catalog.reps.get(booking.repId)?.name ?? t('manage.ourTeam');
  const base = `/m/${view.token}`;
  const state = t(booking.status === 'canceled' ? 'manage.canceledState' : booking.end <= view.now ? 'manage.past' : 'manage.confirmed');
  const changeable = isChangeable(booking, view.now);
  return page(title, html`<h1>${title}</h1>
${view.notice ? html`<p class="notice ${view.notice.kind}" role="${view.notice.kind === 'error' ? 'alert' : 'status'}">${t(view.notice.text)}</p>` : ''}
<div class="card">
<p><strong>${formatSpan(booking.start, booking.end, zone, reader.locale)}</strong></p>
<p>${t('manage.with', { host, state })}</p>
${booking.status === 'canceled' && booking.cancelReason ? html`<p>${t('manage.reason', { reason: booking.cancelReason })}</p>` : ''}
<p><a href="${base}/invite.ics">${t('manage.addToCalendar')}</a></p>
</div>
${changeable ? html`<section class="card" aria-labelledby="move-title">
<h2 id="move-title">${t('manage.moveTitle')}</h2>
${view.slots.length > 0 ? html`<form method="post" action="${base}/reschedule">
<label for="start">${t('manage.newTime', { zone })}</label>
${slotPicker(view.slots, zone, reader)}
<button type="submit">${t('manage.move')}</button>
</form>` : html`<p>${t('manage.noTimes')}</p>`}
</section>
<section class="card" aria-labelledby="cancel-title">
<h2 id="cancel-title">${t('manage.cancelTitle')}</h2>
<form method="post" action="${base}/cancel">
<label for="reason">${t('manage.cancelReason')}</label>
<textarea id="reason" name="reason" rows="3" maxlength="${CANCEL_REASON_MAX}"></textarea>
<button type="submit" class="secondary">${t('manage.cancel')}</button>
</form>
</section>` : ''}`, reader.language);
}
