import type { Booking } from '../../shared/records.ts';
import type { Catalog } from '../config/catalog.ts';
import { buildInvite, type InviteInput } from '../delivery/invite.ts';
import type { CalendarWritePayload, CalendarWriter } from '../delivery/outbox.ts';
import type { Store } from '../store/store.ts';
import { deleteCaldavEvent, putCaldavEvent, type CaldavAccount } from './caldav.ts';

/** Writes in one job before it stops chasing changes that keep landing meanwhile. */
const MAX_ROUNDS = 3;

/**
 * Writes bookings into reps' CalDAV calendars (`writeBookings: true`), as outbox jobs.
 * The event lives at `<calendar>/<booking id>.ics` and carries the invite's UID, so a
 * PUT creates it or replaces it: a retry after a lost answer still leaves exactly one
 * event.
 *
 * Every job writes the booking as it is when the job runs, whichever change queued it:
 * a canceled booking is deleted, a confirmed one is written with the invite of its
 * current sequence (from the job queued with that change). After writing, the booking
 * is read again, and if it changed meanwhile (another instance may have written the
 * newer state just before this write landed), the newer state is written too. Jobs
 * that run late, out of order or at once on several instances thus all end on the
 * booking's current state.
 */
export function createCalendarWriter(deps: { store: Pick<Store, 'bookings' | 'outbox'>; catalog: Catalog; secret: (name: string) => string | undefined }): CalendarWriter {
  const sources = new Map([...deps.catalog.calendarSources.values()].flat().map((s) => [s.id, s]));

  /** The invite queued with the booking's current sequence, for this calendar. */
  async function inviteAt(write: CalendarWritePayload, booking: Booking): Promise<InviteInput | null> {
    if (booking.sequence === write.sequence) return write.invite;
    for (const job of await deps.store.outbox.list({ bookingId: booking.id })) {
      if (job.kind !== 'calendar') continue;
      const queued = JSON.parse(job.payload) as CalendarWritePayload;
      if (queued.sourceId === write.sourceId && queued.sequence === booking.sequence) return queued.invite;
    }
    return null;
  }

  return async (write, timeoutMs) => {
    const source = sources.get(write.sourceId);
    if (!source || source.config.kind !== 'caldav' || !source.config.writeBookings) return 'skipped: the calendar no longer takes bookings';
    const password = deps.secret(source.config.passwordEnv);
    if (!password) throw new Error(`the password variable ${source.config.passwordEnv} is not set`);
    const account: CaldavAccount = { url: source.config.url, username: source.config.username, password };
    let done = 'skipped: no such booking';
    let booking = await deps.store.bookings.find(write.bookingId);
    for (let round = 0; booking && round < MAX_ROUNDS; round++) {
      if (booking.status === 'canceled') {
        await deleteCaldavEvent(account, { name: booking.id, timeoutMs });
        done = 'deleted';
      } else {
        const invite = await inviteAt(write, booking);
        // The change that made this sequence queued its own job in the same
        // transaction, so this only happens for a booking changed before calendar writes.
        if (!invite) return `skipped: nothing queued for sequence ${booking.sequence}`;
        await putCaldavEvent(account, { name: booking.id, ics: buildInvite({ ...invite, method: 'REQUEST' }, { stored: true }), timeoutMs });
        done = `written at sequence ${booking.sequence}`;
      }
      const now = await deps.store.bookings.find(booking.id);
      if (!now || (now.sequence === booking.sequence && now.status === booking.status)) break;
      booking = now;
    }
    return done;
  };
}
