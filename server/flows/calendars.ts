import type { MeetingType } from '../../shared/config.ts';
import type { Busy, RepCalendar } from '../availability/slots.ts';
import type { Catalog } from '../config/catalog.ts';
import type { Operations } from '../store/store.ts';

const DAY = 86_400_000;

/**
 * Where busy time comes from: one function per source, asked for the busy time of some
 * reps around `[from, to)`. Usher's own bookings are one source (`usherBookings`); the
 * calendar integrations (ICS feeds, CalDAV) are others, and availability treats them
 * all alike. A source may return events in any order, overlapping, and may leave out
 * reps it knows nothing about. All-day events should arrive as the whole local day in
 * the rep's zone (`localDaysInterval` in `availability/working-hours.ts`).
 */
export type BusySource = (
  repIds: readonly string[],
  from: number,
  to: number,
) => Promise<ReadonlyMap<string, readonly Busy[]>>;

/** Usher's confirmed bookings, with the buffers of their meeting types; they count toward day caps. */
export function usherBookings(store: Pick<Operations, 'bookings'>): BusySource {
  return async (repIds, from, to) => {
    const byRep = new Map<string, Busy[]>(repIds.map((id) => [id, []]));
    for (const b of await store.bookings.timesOf(repIds, from, to)) {
      byRep.get(b.repId)?.push({ start: b.start, end: b.end, bufferBefore: b.bufferBefore, bufferAfter: b.bufferAfter, bookingId: b.id });
    }
    return byRep;
  };
}

/**
 * Reads what availability needs for these reps around `[from, to)`: their busy time from
 * Usher's bookings and from any other `sources`, and their compiled hours. Busy time is
 * read two days wider on each side, so buffers and day caps (counted in the rep's local
 * day) see every booking that matters at the edges. `store` is the store or a
 * transaction: inside one, the read sees what the transaction's locks protect.
 */
export async function loadCalendars(
  store: Pick<Operations, 'bookings'>,
  catalog: Catalog,
  meeting: MeetingType,
  repIds: readonly string[],
  from: number,
  to: number,
  sources: readonly BusySource[] = [],
): Promise<RepCalendar[]> {
  const answers = await Promise.all(
    [usherBookings(store), ...sources].map((source) => source(repIds, from - 2 * DAY, to + 2 * DAY)),
  );
  return repIds.map((repId) => {
    const rep = catalog.reps.get(repId)!;
    const busy = answers.flatMap((byRep) => byRep.get(repId) ?? []);
    return {
      id: repId,
      schedule: catalog.schedules.get(repId)!,
      busy,
      bookedStarts: busy.filter((b) => b.bookingId !== undefined).map((b) => b.start),
      maxPerDay: rep.maxMeetingsPerDay ?? meeting.maxPerRepPerDay,
    };
  });
}
