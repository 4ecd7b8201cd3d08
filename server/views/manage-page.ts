import { html } from 'hono/html';
import { DateTime } from 'luxon';
import type { Interval } from '../availability/intervals.ts';
import type { Catalog } from '../config/catalog.ts';
import { formatSpan } from '../delivery/notify.ts';
import { CANCEL_REASON_MAX, isChangeable, type Managed } from '../flows/manage.ts';
import { page } from './layout.ts';

/**
 * The prospect's manage page: plain HTML forms posting to the page's own routes, so it
 * works without JavaScript, with the keyboard and with screen readers.
 */

export type Notice = { kind: 'done' | 'error'; text: string };

export const DONE = {
  rescheduled: 'Your meeting was moved. You and your host each get an updated invitation.',
  canceled: 'Your meeting is canceled. You and your host each get a cancellation.',
} as const;

export type Done = keyof typeof DONE;

/** An API message ("that time was just taken") as a sentence on the page. */
export function sentence(message: string): string {
  return `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;
}

function slotPicker(slots: readonly Interval[], zone: string) {
  const days = new Map<string, Interval[]>();
  for (const slot of slots) {
    const day = DateTime.fromMillis(slot.start, { zone }).toFormat('cccc d LLLL');
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  const label = (slot: Interval) =>
    `${DateTime.fromMillis(slot.start, { zone }).toFormat('HH:mm')}–${DateTime.fromMillis(slot.end, { zone }).toFormat('HH:mm')}`;
  return html`<select id="start" name="start" required>
${[...days].map(([day, list]) => html`<optgroup label="${day}">${list.map((slot) => html`<option value="${new Date(slot.start).toISOString()}">${label(slot)}</option>`)}</optgroup>`)}
</select>`;
}

export function managePage(view: { catalog: Catalog; managed: Managed; token: string; now: number; slots: readonly Interval[]; notice: Notice | null }) {
  const { booking, lead } = view.managed;
  const zone = lead.timezone;
  const title = view.catalog.config.meetingTypes[booking.meetingType]?.title ?? 'Your meeting';
  const host = view.catalog.reps.get(booking.repId)?.name ?? 'our team';
  const base = `/m/${view.token}`;
  const state = booking.status === 'canceled' ? 'Canceled' : booking.end <= view.now ? 'Taken place' : 'Confirmed';
  const changeable = isChangeable(booking, view.now);
  return page(title, html`<h1>${title}</h1>
${view.notice ? html`<p class="notice ${view.notice.kind}" role="${view.notice.kind === 'error' ? 'alert' : 'status'}">${view.notice.text}</p>` : ''}
<div class="card">
<p><strong>${formatSpan(booking.start, booking.end, zone)}</strong></p>
<p>With ${host} · ${state}</p>
${booking.status === 'canceled' && booking.cancelReason ? html`<p>Reason: ${booking.cancelReason}</p>` : ''}
<p><a href="${base}/invite.ics">Add to calendar (.ics)</a></p>
</div>
${changeable ? html`<section class="card" aria-labelledby="move-title">
<h2 id="move-title">Pick another time</h2>
${view.slots.length > 0 ? html`<form method="post" action="${base}/reschedule">
<label for="start">New time, shown in ${zone}</label>
${slotPicker(view.slots, zone)}
<button type="submit">Move my meeting</button>
</form>` : html`<p>No other times are free at the moment. Please try again later.</p>`}
</section>
<section class="card" aria-labelledby="cancel-title">
<h2 id="cancel-title">Cancel the meeting</h2>
<form method="post" action="${base}/cancel">
<label for="reason">Reason (optional)</label>
<textarea id="reason" name="reason" rows="3" maxlength="${CANCEL_REASON_MAX}"></textarea>
<button type="submit" class="secondary">Cancel my meeting</button>
</form>
</section>` : ''}`);
}
