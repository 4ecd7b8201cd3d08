import { Hono, type Context } from 'hono';
import { canonicalZone } from '../../shared/zone.ts';
import { bookSlot } from '../flows/book-slot.ts';
import type { FlowDeps } from '../flows/deps.ts';
import { hostedSlots } from '../flows/lead-slots.ts';
import { ApiError } from '../http/errors.ts';
import { readForm } from '../http/form.ts';
import { guardTokenPages } from '../http/token-page.ts';
import { requestLocale } from '../http/locale.ts';
import { readerFor, type MessageId } from '../i18n/reader.ts';
import { bookingErrorText, bookingPage } from '../views/booking-page.ts';
import { notFoundPage } from '../views/layout.ts';

/**
 * The hosted scheduling page (`/b/:token`, SPEC §12) for a lead from the API or any lead
 * with a link: the lead's times, in a zone the prospect can change, and a form that books
 * through the same flow as the widget, then opens the booking's manage page.
 */
export function createBookingPageRoutes(deps: FlowDeps) {
  const app = new Hono();
  guardTokenPages(app, '/b', '/b/*');
  const orgLocale = deps.catalog.config.organization.locale;
  const refused = (c: Context, error: ApiError) => {
    const reader = readerFor(requestLocale(c), orgLocale);
    if (error.code === 'lead_expired') return c.html(notFoundPage(reader, 'book.expired'), 410);
    return c.html(notFoundPage(reader, 'page.badLink'), 404);
  };

  const render = async (c: Context, token: string, zone: string | null, notice: MessageId | null, status: 200 | 409 | 415 | 422 = 200) => {
    const { lead, slots, booked } = await hostedSlots(deps, token);
    const shownIn = (zone && canonicalZone(zone)) || lead.timezone;
    return c.html(bookingPage({ catalog: deps.catalog, lead, token, zone: shownIn, slots, notice: booked ? 'book.alreadyBooked' : notice, booked }), status);
  };

  app.get('/b/:token', async (c) => {
    try {
      return await render(c, c.req.param('token'), c.req.query('tz') ?? null, null);
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'lead_not_found' || error.code === 'lead_expired')) return refused(c, error);
      throw error;
    }
  });

  app.post('/b/:token', async (c) => {
    const token = c.req.param('token');
    let zone: string | null = null;
    try {
      const body = await readForm(c);
      zone = body.tz ? canonicalZone(body.tz.slice(0, 64)) : null;
      const start = Date.parse(body.start ?? '');
      if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/.test(body.start ?? '') || Number.isNaN(start)) {
        throw new ApiError('invalid_request', 'pick one of the times in the list');
      }
      const made = await bookSlot(deps, { leadToken: token, start, ...(zone ? { timezone: zone } : {}) });
      return c.redirect(new URL(made.body.manageUrl).pathname, 303);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw error;
      if (error.code === 'lead_not_found' || error.code === 'lead_expired') return refused(c, error);
      if (error.code === 'unsupported_media_type') return c.html(notFoundPage(readerFor(requestLocale(c), orgLocale), 'manage.error.other'), 415);
      return render(c, token, zone, bookingErrorText(error.code), error.status as 409 | 422);
    }
  });
  return app;
}
