import { Hono } from 'hono';
import * as z from 'zod/mini';
import { managedBookingView, slotViews } from '../booking/links.ts';
import { cancelBooking } from '../flows/cancel.ts';
import type { FlowDeps } from '../flows/deps.ts';
import { CANCEL_REASON_MAX, findManaged, rescheduleSlots } from '../flows/manage.ts';
import { rescheduleBooking } from '../flows/reschedule.ts';
import { readOptionalJson } from '../http/form.ts';
import { readJson } from '../http/validate.ts';
import { createManagePageRoutes } from './manage-page.ts';

// Only the manage page and API clients call these; the widget does not, so they live
// beside the routes rather than in shared/.
const rescheduleRequestSchema = z.object({ start: z.iso.datetime({ offset: false }) });
const cancelRequestSchema = z.object({ reason: z.optional(z.string().check(z.maxLength(CANCEL_REASON_MAX))) });

/**
 * Managing a booking (SPEC §5): the JSON API (`/api/manage/:token`, `/reschedule`,
 * `/cancel`) and the prospect's page (`/m/:token`, in manage-page.ts). The token is the
 * only credential; an unknown one is 404 with nothing said about why.
 */
export function createManageRoutes(deps: FlowDeps) {
  const app = new Hono();
  app.use('/api/manage/*', async (c, next) => {
    // The token in the path is a key: keep answers out of caches and referrers.
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    await next();
  });

  app.get('/api/manage/:token', async (c) => {
    const token = c.req.param('token');
    const { booking, lead } = await findManaged(deps.store, token);
    const slots = await rescheduleSlots(deps, booking);
    return c.json({ ...managedBookingView(deps.catalog, booking, token, lead), slots: slotViews(slots) });
  });

  app.post('/api/manage/:token/reschedule', async (c) => {
    const token = c.req.param('token');
    const request = await readJson(c, rescheduleRequestSchema);
    const result = await rescheduleBooking(deps, token, Date.parse(request.start));
    return c.json(managedBookingView(deps.catalog, result.booking, token, result.lead));
  });

  app.post('/api/manage/:token/cancel', async (c) => {
    const token = c.req.param('token');
    const request = await readOptionalJson(c, cancelRequestSchema, {});
    const result = await cancelBooking(deps, token, request.reason);
    return c.json(managedBookingView(deps.catalog, result.booking, token, result.lead));
  });

  app.route('/', createManagePageRoutes(deps));
  return app;
}
