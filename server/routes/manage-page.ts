import { Hono, type Context } from 'hono';
import * as z from 'zod/mini';
import { cancelBooking } from '../flows/cancel.ts';
import type { FlowDeps } from '../flows/deps.ts';
import { CANCEL_REASON_MAX, findManaged, rescheduleSlots, type ManageResult } from '../flows/manage.ts';
import { rescheduleBooking } from '../flows/reschedule.ts';
import { ApiError } from '../http/errors.ts';
import { readForm } from '../http/form.ts';
import { guardTokenPages } from '../http/token-page.ts';
import { requestLocale } from '../http/locale.ts';
import { readerFor } from '../i18n/reader.ts';
import { inviteFile } from '../views/invite-file.ts';
import { notFoundPage } from '../views/layout.ts';
import { DONE, errorNotice, managePage, type Done, type Notice } from '../views/manage-page.ts';

const pageRescheduleSchema = z.object({ start: z.iso.datetime({ offset: false }) });

/**
 * The prospect's manage page (`/m/:token`), its form posts and the invite download.
 * Every change goes through the same flows as the JSON API.
 */
export function createManagePageRoutes(deps: FlowDeps) {
  const app = new Hono();
  guardTokenPages(app, '/m', '/m/:token/*');

  // No booking, so no lead to take a language from: the browser's then.
  const notFound = (c: Context) =>
    c.html(notFoundPage(readerFor(requestLocale(c), deps.catalog.config.organization.locale), 'page.badLink'), 404);

  const render = async (c: Context, token: string, notice: Notice | null, status: 200 | 409 | 413 | 415 | 422 = 200) => {
    const managed = await findManaged(deps.store, token);
    const slots = await rescheduleSlots(deps, managed.booking);
    return c.html(managePage({ catalog: deps.catalog, managed, token, now: deps.clock(), slots, notice }), status);
  };

  /** Runs a change; on success back to the page (303, so a reload does not repeat it). */
  const change = async (c: Context, token: string, done: Done, act: () => Promise<ManageResult>) => {
    try {
      await act();
      return c.redirect(`/m/${encodeURIComponent(token)}?done=${done}`, 303);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw error;
      if (error.code === 'booking_not_found') return notFound(c);
      return render(c, token, errorNotice(error.code), error.status as 409 | 422);
    }
  };

  app.get('/m/:token', async (c) => {
    const token = c.req.param('token');
    const done = c.req.query('done');
    try {
      return await render(c, token, done && Object.hasOwn(DONE, done) ? { kind: 'done', text: DONE[done as Done] } : null);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'booking_not_found') return notFound(c);
      throw error;
    }
  });

  app.post('/m/:token/reschedule', async (c) => {
    const token = c.req.param('token');
    const parsed = pageRescheduleSchema.safeParse(await readForm(c));
    if (!parsed.success) return change(c, token, 'rescheduled', () => Promise.reject(new ApiError('invalid_request', 'pick one of the times in the list')));
    return change(c, token, 'rescheduled', () => rescheduleBooking(deps, token, Date.parse(parsed.data.start)));
  });

  app.post('/m/:token/cancel', async (c) => {
    const token = c.req.param('token');
    const form = await readForm(c);
    return change(c, token, 'canceled', () => cancelBooking(deps, token, form.reason?.slice(0, CANCEL_REASON_MAX * 4)));
  });

  app.get('/m/:token/invite.ics', async (c) => {
    const token = c.req.param('token');
    const ics = inviteFile(deps.catalog, await findManaged(deps.store, token), token);
    if (ics === null) throw new ApiError('booking_not_found', 'this meeting is no longer in the calendar');
    c.header('Content-Type', 'text/calendar; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="invite.ics"');
    return c.body(ics);
  });

  return app;
}
