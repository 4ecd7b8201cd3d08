import { Hono } from 'hono';
import { bookingRequestSchema, type BookingResponse } from '../../shared/api.ts';
import { bookSlot } from '../booking/book.ts';
import type { Catalog } from '../config/catalog.ts';
import { bookingCreatedMails } from '../delivery/notify.ts';
import type { Mailer } from '../delivery/mail.ts';
import type { Logger } from '../http/log.ts';
import { readJson } from '../http/validate.ts';
import type { Db } from '../store/db.ts';

export function createBookingRoutes(deps: { catalog: Catalog; db: Db; clock: () => number; mailer: Mailer; log: Logger }) {
  return new Hono().post('/api/bookings', async (c) => {
    const request = await readJson(c, bookingRequestSchema);
    const now = deps.clock();
    const made = await bookSlot({ db: deps.db, catalog: deps.catalog, now }, request.leadToken, Date.parse(request.start));
    const { publicUrl } = deps.catalog.config.organization;
    const manageUrl = `${publicUrl}/m/${made.manageToken}`;
    // The booking stands once committed; a mail failure is logged, not reported as a failed booking.
    for (const mail of bookingCreatedMails(deps.catalog, made.booking, made.lead, manageUrl, now)) {
      await deps.mailer.send(mail).catch((error: unknown) =>
        deps.log.error('invite not sent', { bookingId: made.booking.id, key: mail.key, error: String(error) }));
    }
    const body: BookingResponse = {
      bookingId: made.booking.id,
      start: new Date(made.booking.start).toISOString(),
      end: new Date(made.booking.end).toISOString(),
      host: { name: deps.catalog.reps.get(made.booking.repId)!.name },
      manageUrl,
      icsUrl: `${manageUrl}/invite.ics`,
    };
    return c.json(body, 201);
  });
}
