import { html } from 'hono/html';
import type { Lead } from '../../shared/records.ts';
import { dateFormats } from '../../shared/format.ts';
import type { Interval } from '../availability/intervals.ts';
import type { Catalog } from '../config/catalog.ts';
import { readerOf } from '../delivery/notify.ts';
import type { ErrorCode } from '../http/errors.ts';
import type { MessageId } from '../i18n/reader.ts';
import { page } from './layout.ts';

/**
 * The hosted scheduling page for one lead (`/b/:token`, SPEC §12): what a rep or a
 * campaign email links to, so a prospect books without the widget. Plain HTML forms, in
 * the lead's language, times in the zone the prospect picks (the lead's by default).
 */

const ERRORS: Partial<Record<ErrorCode, MessageId>> = {
  slot_taken: 'manage.error.slot_taken',
  slot_not_offered: 'manage.error.slot_not_offered',
  invalid_request: 'manage.error.invalid_request',
  already_booked: 'book.alreadyBooked',
  booking_limit_reached: 'book.limitReached',
};

export function bookingErrorText(code: ErrorCode): MessageId {
  return ERRORS[code] ?? 'manage.error.other';
}

export function bookingPage(view: {
  catalog: Catalog; lead: Lead; token: string; zone: string; slots: readonly Interval[]; notice: MessageId | null; booked: boolean;
}) {
  const { catalog, lead, zone } = view;
  const reader = readerOf(catalog, 'prospect', lead);
  const { t } = reader;
  const form = catalog.config.forms[lead.formId];
  const meeting = form ? catalog.config.meetingTypes[form.meetingType] : undefined;
  const title = meeting ? reader.text(meeting.title) : t('manage.meeting');
  const host = lead.repId === null ? null : catalog.reps.get(lead.repId)?.name ?? null;
  const formats = dateFormats(reader.locale, zone);
  const iso = (instant: number) => new Date(instant).toISOString();
  const days = new Map<string, Interval[]>();
  for (const slot of view.slots) {
    const day = formats.day(iso(slot.start));
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  const base = `/b/${view.token}`;
  const zones = Intl.supportedValuesOf('timeZone');
  if (!zones.includes(zone)) zones.unshift(zone);
  return page(title, html`<h1>${title}</h1>
${host ? html`<p>${t('book.with', { host })}</p>` : ''}
${view.notice ? html`<p class="notice error" role="alert">${t(view.notice)}</p>` : ''}
${view.booked ? '' : html`<form method="get" action="${base}" class="card">
<label for="tz">${t('book.zone')}</label>
<select id="tz" name="tz">${zones.map((z) => html`<option value="${z}"${z === zone ? ' selected' : ''}>${z.replaceAll('_', ' ')}</option>`)}</select>
<button type="submit" class="secondary">${t('book.showIn')}</button>
</form>
<section class="card" aria-labelledby="times-title">
<h2 id="times-title">${t('book.pick')}</h2>
${view.slots.length > 0 ? html`<form method="post" action="${base}">
<input type="hidden" name="tz" value="${zone}">
<label for="start">${t('manage.newTime', { zone })}</label>
<select id="start" name="start" required>
${[...days].map(([day, list]) => html`<optgroup label="${day}">${list.map((slot) => html`<option value="${iso(slot.start)}">${formats.range(iso(slot.start), iso(slot.end))}</option>`)}</optgroup>`)}
</select>
<button type="submit">${t('book.submit')}</button>
</form>` : html`<p>${t('book.noTimes')}</p>`}
</section>`}`, reader.language);
}
