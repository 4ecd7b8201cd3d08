import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import { DateTime } from 'luxon';
import type { Catalog } from '../config/catalog.ts';
import { buildInvite } from '../delivery/invite.ts';
import { prospectOf } from '../delivery/notify.ts';
import { hashToken } from '../http/tokens.ts';
import { findBookingByManageHash } from '../store/bookings.ts';
import type { Db } from '../store/db.ts';
import { findLead } from '../store/leads.ts';

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1c2430;background:#f6f7fb}
main{max-width:42rem;margin:0 auto;padding:2rem 1rem}h1{line-height:1.2}a{color:#2450d8}
.card{background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 1px 3px #0002}`;

function page(title: string, body: ReturnType<typeof html>) {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>${raw(STYLE)}</style></head><body><main>${body}</main></body></html>`;
}

/** Server-rendered pages: the demo landing page, the friendly not-a-fit page, the manage page. */
export function createPageRoutes(deps: { catalog: Catalog; db: Db; clock: () => number }) {
  const { config } = deps.catalog;
  const app = new Hono();

  app.get('/', (c) => {
    const formId = Object.keys(config.forms)[0] ?? 'demo';
    return c.html(page(`${config.organization.name}: book a demo`, html`
<h1>${config.organization.name}</h1>
<p>Analytics your whole company can trust. Tell us a little about your team and pick a time that suits you.</p>
<div class="card"><div data-usher-form="${formId}"></div></div>
<script src="/widget.js" async></script>`));
  });

  app.get('/not-a-fit/:formId', (c) => {
    const formId = c.req.param('formId');
    const form = Object.hasOwn(config.forms, formId) ? config.forms[formId] : undefined;
    if (!form) return c.html(page('Not found', html`<h1>Not found</h1><p>There is no such form.</p>`), 404);
    const { title, message, links } = form.disqualified;
    return c.html(page(title, html`<h1>${title}</h1><p>${message}</p>
<ul>${links.map((link) => html`<li><a href="${link.url}">${link.label}</a></li>`)}</ul>`));
  });

  const findBooking = async (token: string) => {
    const booking = await findBookingByManageHash(deps.db, hashToken(token));
    const lead = booking ? await findLead(deps.db, booking.leadId) : null;
    return booking && lead ? { booking, lead } : null;
  };

  app.get('/m/:token', async (c) => {
    const found = await findBooking(c.req.param('token'));
    if (!found) return c.html(page('Not found', html`<h1>Not found</h1><p>This link is not valid.</p>`), 404);
    const { booking, lead } = found;
    const meeting = config.meetingTypes[booking.meetingType]!;
    const rep = deps.catalog.reps.get(booking.repId);
    const start = DateTime.fromMillis(booking.start, { zone: lead.timezone });
    return c.html(page(meeting.title, html`<h1>${meeting.title}</h1><div class="card">
<p><strong>${start.toFormat('cccc d LLLL yyyy, HH:mm')}</strong> (${lead.timezone}), ${meeting.durationMinutes} minutes</p>
<p>With ${rep?.name ?? 'our team'} · ${booking.status === 'confirmed' ? 'Confirmed' : 'Canceled'}</p>
<p><a href="/m/${c.req.param('token')}/invite.ics">Add to calendar (.ics)</a></p></div>`));
  });

  app.get('/m/:token/invite.ics', async (c) => {
    const found = await findBooking(c.req.param('token'));
    if (!found) return c.json({ error: { code: 'booking_not_found', message: 'this link is not valid' } }, 404);
    const { booking, lead } = found;
    const rep = deps.catalog.reps.get(booking.repId)!;
    const ics = buildInvite({
      method: booking.status === 'canceled' ? 'CANCEL' : 'REQUEST',
      bookingId: booking.id, sequence: booking.sequence, start: booking.start, end: booking.end,
      stamp: deps.clock(), organization: config.organization, meeting: config.meetingTypes[booking.meetingType]!,
      rep: { name: rep.name, email: rep.email }, prospect: prospectOf(deps.catalog, lead),
      manageUrl: `${config.organization.publicUrl}/m/${c.req.param('token')}`,
    });
    c.header('Content-Type', 'text/calendar; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="invite.ics"');
    return c.body(ics);
  });

  return app;
}
