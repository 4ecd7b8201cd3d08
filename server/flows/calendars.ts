import type { MeetingType } from '../../shared/config.ts';
import { checkSlot } from '../availability/slot-check.ts';
import type { Busy, RepCalendar } from '../availability/slots.ts';
import { mergeByStart } from '../calendars/busy.ts';
import { slotRules } from '../config/catalog.ts';
import type { Operations } from '../store/store.ts';
import type { FlowDeps } from './deps.ts';

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
 * Usher's bookings and from their calendars (what the sync stored), and their compiled
 * hours. A rep with a calendar that cannot be read comes back `unavailable` and has no
 * slot (SPEC §11, fail closed). Busy time is read two days wider on each side, so
 * buffers and day caps (counted in the rep's local day) see every booking that matters
 * at the edges. `ops` is the store or a transaction: inside one, the read sees what the
 * transaction's locks protect.
 */
export async function loadCalendars(
  ops: Pick<Operations, 'bookings' | 'calendars'>,
  deps: Pick<FlowDeps, 'catalog' | 'calendars'>,
  now: number,
  meeting: MeetingType,
  repIds: readonly string[],
  from: number,
  to: number,
): Promise<RepCalendar[]> {
  const { catalog } = deps;
  const wideFrom = from - 2 * DAY;
  const wideTo = to + 2 * DAY;
  const [booked, calendars] = await Promise.all([
    usherBookings(ops)(repIds, wideFrom, wideTo),
    // Nothing past the horizon is ever offered, so calendars need not reach further.
    deps.calendars.read(ops, repIds, wideFrom, Math.min(wideTo, now + (meeting.horizonDays + 2) * DAY), now),
  ]);
  return repIds.map((repId) => {
    const rep = catalog.reps.get(repId)!;
    const own = booked.get(repId) ?? [];
    const other = calendars.busy.get(repId);
    return {
      id: repId,
      schedule: catalog.schedules.get(repId)!,
      busy: other && other.length > 0 ? mergeByStart(own, other) : own,
      bookedStarts: own.map((b) => b.start),
      maxPerDay: rep.maxMeetingsPerDay ?? meeting.maxPerRepPerDay,
      unavailable: calendars.unavailable.has(repId),
    };
  });
}

/** How long a booking waits for the chosen reps' calendars to answer before using the stored busy times. */
export const LIVE_CHECK_MS = 2_000;

/**
 * Before a booking's transaction (never while a lock is held): reads again, live, the
 * calendars of the reps who are free at `start` by the stored busy times, so a meeting
 * put in the rep's calendar since the last sync is seen. Gives up after
 * `LIVE_CHECK_MS`; the transaction then checks against whatever is stored by then.
 */
export async function recheckLive(deps: FlowDeps, meeting: MeetingType, repIds: readonly string[], start: number, now: number): Promise<void> {
  const withSources = repIds.filter((id) => deps.catalog.calendarSources.has(id));
  if (!deps.liveCheck || withSources.length === 0) return;
  const calendars = await loadCalendars(deps.store, deps, now, meeting, withSources, start - DAY, start + DAY);
  const check = checkSlot(calendars, slotRules(meeting), start, now);
  if (check.state !== 'free') return;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => { timer = setTimeout(resolve, LIVE_CHECK_MS); });
  await Promise.race([deps.liveCheck(check.repIds, LIVE_CHECK_MS).catch(() => undefined), deadline]).finally(() => clearTimeout(timer));
}
