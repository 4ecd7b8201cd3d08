import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html } from 'hono/html';
import { DateTime } from 'luxon';
import * as z from 'zod/mini';
import type { Interval } from '../availability/intervals.ts';
import { managedBookingView, manageUrlOf, slotViews } from '../booking/links.ts';
import {
  CANCEL_REASON_MAX, cancelBooking, findManaged, isChangeable, rescheduleBooking, rescheduleSlots,
  type Managed, type ManageResult,
} from '../booking/manage.ts';
import type { Catalog } from '../config/catalog.ts';
import { buildInvite } from '../delivery/invite.ts';
import { formatSpan, prospectOf } from '../delivery/notify.ts';
import { outboxWritten } from '../delivery/outbox.ts';
import { ApiError } from '../http/errors.ts';
import { readJson } from '../http/validate.ts';
import type { Db } from '../store/db.ts';
import { page } from './pages.ts';

// Only the manage page and API clients call these; the widget does not, so they live
// beside the routes rather than in shared/.
const rescheduleRequestSchema = z.object({ start: z.iso.datetime({ offset: false }) });
const cancelRequestSchema = z.object({ reason: z.optional(z.string().check(z.maxLength(CANCEL_REASON_MAX))) });

/** A cancel may come with no body at all; a body, when sent, is JSON like any other. */
async function readOptionalJson<T>(c: Context, schema: Parameters<typeof readJson<T>>[1], empty: T): Promise<T> {
  if (!c.req.header('content-type') && (await c.req.text()) === '') return empty;
  return readJson(c, schema);
}

/**
 * Managing a booking (SPEC §5): the JSON API (`/api/manage/:token`, `/reschedule`,
 * `/cancel`) and the prospect's page (`/m/:token`, its forms, `/invite.ics`). The token
 * is the only credential; an unknown one is 404 with nothing said about why.
 */
export function createManageRoutes(deps: { catalog: Catalog; db: Db; clock: () => number }) {
  const app = new Hono();
  const manageDeps = () => ({ db: deps.db, catalog: deps.catalog, now: deps.clock() });
  app.use('/api/manage/*', async (c, next) => {
    await next();
    // The token in the path is a key: keep answers out of caches and referrers.
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
  });

  app.get('/api/manage/:token', async (c) => {
    const token = c.req.param('token');
    const { booking, lead } = await findManaged(deps.db, token);
    const slots = await rescheduleSlots(manageDeps(), booking);
    return c.json({ ...managedBookingView(deps.catalog, booking, token, lead.timezone), slots: slotViews(slots) });
  });

  app.post('/api/manage/:token/reschedule', async (c) => {
    const token = c.req.param('token');
    const request = await readJson(c, rescheduleRequestSchema);
    const result = await rescheduleBooking(manageDeps(), token, Date.parse(request.start));
    if (result.changed) outboxWritten(deps.db);
    return c.json(managedBookingView(deps.catalog, result.booking, token, result.lead.timezone));
  });

  app.post('/api/manage/:token/cancel', async (c) => {
    const token = c.req.param('token');
    const request = await readOptionalJson(c, cancelRequestSchema, {});
    const result = await cancelBooking(manageDeps(), token, request.reason);
    if (result.changed) outboxWritten(deps.db);
    return c.json(managedBookingView(deps.catalog, result.booking, token, result.lead.timezone));
  });

  app.route('/', createManagePageRoutes(deps));
  return app;
}

// ---------------------------------------------------------------------------------
// The manage page: plain HTML forms posting to the page's own routes, so it works
// without JavaScript, with the keyboard and with screen readers, and every change
// goes through the same functions as the JSON API.

const pageRescheduleSchema = z.object({ start: z.iso.datetime({ offset: false }) });

type Notice = { kind: 'done' | 'error'; text: string };

const DONE: Record<string, string> = {
  rescheduled: 'Your meeting was moved. You and your host each get an updated invitation.',
  canceled: 'Your meeting is canceled. You and your host each get a cancellation.',
};

function sentence(message: string): string {
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

function managePage(view: { catalog: Catalog; managed: Managed; token: string; now: number; slots: readonly Interval[]; notice: Notice | null }) {
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

async function readForm(c: Context): Promise<Record<string, string>> {
  // The page's own forms post urlencoded; nothing else is needed, and a multipart parser
  // is one more thing a stranger's malformed body could break.
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new ApiError('unsupported_media_type', 'send the form as application/x-www-form-urlencoded');
  }
  return Object.fromEntries(new URLSearchParams(await c.req.text()));
}

/** Server-rendered manage page, its form posts and the invite download. */
function createManagePageRoutes(deps: { catalog: Catalog; db: Db; clock: () => number }) {
  const app = new Hono();
  app.use('/m/*', async (c, next) => {
    await next();
    // The token in the URL is the prospect's key: no caching, no Referer to the
    // meeting link or anywhere else, no search engine.
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Robots-Tag', 'noindex');
  });
  app.use('/m/:token/*', bodyLimit({
    maxSize: 16 * 1024,
    onError: () => { throw new ApiError('payload_too_large', 'the form is larger than 16 KB'); },
  }));

  const notFound = (c: Context) => c.html(page('Not found', html`<h1>Not found</h1><p>This link is not valid.</p>`), 404);

  const render = async (c: Context, token: string, notice: Notice | null, status: 200 | 409 | 413 | 415 | 422 = 200) => {
    const now = deps.clock();
    const managed = await findManaged(deps.db, token);
    const slots = await rescheduleSlots({ db: deps.db, catalog: deps.catalog, now }, managed.booking);
    return c.html(managePage({ catalog: deps.catalog, managed, token, now, slots, notice }), status);
  };

  /** Runs a change; on success back to the page (303, so a reload does not repeat it). */
  const change = async (c: Context, token: string, done: keyof typeof DONE, act: () => Promise<ManageResult>) => {
    try {
      const result = await act();
      if (result.changed) outboxWritten(deps.db);
      return c.redirect(`/m/${encodeURIComponent(token)}?done=${done}`, 303);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw error;
      if (error.code === 'booking_not_found') return notFound(c);
      return render(c, token, { kind: 'error', text: sentence(error.message) }, error.status as 409 | 422);
    }
  };

  app.get('/m/:token', async (c) => {
    const token = c.req.param('token');
    const done = c.req.query('done');
    try {
      return await render(c, token, done && Object.hasOwn(DONE, done) ? { kind: 'done', text: DONE[done]! } : null);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'booking_not_found') return notFound(c);
      throw error;
    }
  });

  app.post('/m/:token/reschedule', async (c) => {
    const token = c.req.param('token');
    const form = await readForm(c);
    const parsed = pageRescheduleSchema.safeParse(form);
    if (!parsed.success) return change(c, token, 'rescheduled', () => Promise.reject(new ApiError('invalid_request', 'pick one of the times in the list')));
    return change(c, token, 'rescheduled', () =>
      rescheduleBooking({ db: deps.db, catalog: deps.catalog, now: deps.clock() }, token, Date.parse(parsed.data.start)));
  });

  app.post('/m/:token/cancel', async (c) => {
    const token = c.req.param('token');
    const form = await readForm(c);
    return change(c, token, 'canceled', () =>
      cancelBooking({ db: deps.db, catalog: deps.catalog, now: deps.clock() }, token, form.reason?.slice(0, CANCEL_REASON_MAX * 4)));
  });

  app.get('/m/:token/invite.ics', async (c) => {
    const token = c.req.param('token');
    const { booking, lead } = await findManaged(deps.db, token);
    const { config } = deps.catalog;
    const rep = deps.catalog.reps.get(booking.repId);
    const meeting = config.meetingTypes[booking.meetingType];
    if (!rep || !meeting) throw new ApiError('booking_not_found', 'this meeting is no longer in the calendar');
    // The latest version: a moved meeting's new time, a canceled one's METHOD:CANCEL.
    const ics = buildInvite({
      method: booking.status === 'canceled' ? 'CANCEL' : 'REQUEST',
      bookingId: booking.id, sequence: booking.sequence, start: booking.start, end: booking.end,
      stamp: booking.updatedAt, organization: config.organization, meeting,
      rep: { name: rep.name, email: rep.email }, prospect: prospectOf(deps.catalog, lead),
      manageUrl: manageUrlOf(deps.catalog, token),
      cancelReason: booking.cancelReason,
    });
    c.header('Content-Type', 'text/calendar; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="invite.ics"');
    return c.body(ics);
  });

  return app;
}
