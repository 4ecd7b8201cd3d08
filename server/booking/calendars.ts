import type { MeetingType } from '../../shared/config.ts';
import type { RepCalendar } from '../availability/slots.ts';
import type { Catalog } from '../config/catalog.ts';
import { bookingsOf } from '../store/bookings.ts';
import type { Db } from '../store/db.ts';

const DAY = 86_400_000;

/**
 * Reads what availability needs for these reps around `[from, to)`: their Usher bookings
 * (with buffers, and for day caps, a day either side) and their compiled hours.
 */
export async function loadCalendars(
  db: Db,
  catalog: Catalog,
  meeting: MeetingType,
  repIds: readonly string[],
  from: number,
  to: number,
): Promise<RepCalendar[]> {
  const bookings = await bookingsOf(db, repIds, from - 2 * DAY, to + 2 * DAY);
  return repIds.map((repId) => {
    const own = bookings.filter((b) => b.repId === repId);
    const rep = catalog.reps.get(repId)!;
    return {
      id: repId,
      schedule: catalog.schedules.get(repId)!,
      busy: own.map((b) => ({ start: b.start, end: b.end, bufferBefore: b.bufferBefore, bufferAfter: b.bufferAfter })),
      bookedStarts: own.map((b) => b.start),
      maxPerDay: rep.maxMeetingsPerDay ?? meeting.maxPerRepPerDay,
    };
  });
}
