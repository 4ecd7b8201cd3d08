import type { Catalog } from '../config/catalog.ts';
import { buildInvite } from '../delivery/invite.ts';
import type { CalendarWriter } from '../delivery/outbox.ts';
import type { Store } from '../store/store.ts';
import { deleteCaldavEvent, putCaldavEvent } from './caldav.ts';

/**
 * Writes bookings into reps' CalDAV calendars (`writeBookings: true`), as outbox jobs.
 * The event lives at `<calendar>/<booking id>.ics` and carries the invite's UID, so a
 * PUT creates it or replaces it: a retry after a lost answer still leaves exactly one
 * event. The booking is read when the job runs; a job overtaken by a later change of
 * the same booking does nothing (the later job writes the newer state), and a canceled
 * booking's event is deleted whichever job gets there first.
 */
export function createCalendarWriter(deps: { store: Pick<Store, 'bookings'>; catalog: Catalog; secret: (name: string) => string | undefined }): CalendarWriter {
  const sources = new Map([...deps.catalog.calendarSources.values()].flat().map((s) => [s.id, s]));
  return async (write, timeoutMs) => {
    const source = sources.get(write.sourceId);
    if (!source || source.config.kind !== 'caldav' || !source.config.writeBookings) return 'skipped: the calendar no longer takes bookings';
    const booking = await deps.store.bookings.find(write.bookingId);
    if (!booking) return 'skipped: no such booking';
    if (booking.sequence > write.sequence) return `skipped: overtaken by sequence ${booking.sequence}`;
    const password = deps.secret(source.config.passwordEnv);
    if (!password) throw new Error(`the password variable ${source.config.passwordEnv} is not set`);
    const account = { url: source.config.url, username: source.config.username, password };
    if (booking.status === 'canceled') {
      await deleteCaldavEvent(account, { name: booking.id, timeoutMs });
      return 'deleted';
    }
    await putCaldavEvent(account, { name: booking.id, ics: buildInvite({ ...write.invite, method: 'REQUEST' }, { stored: true }), timeoutMs });
    return `written at sequence ${booking.sequence}`;
  };
}
