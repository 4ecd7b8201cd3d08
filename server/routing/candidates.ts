import type { Interval } from '../availability/intervals.ts';
import { isDayOff, type Schedule } from '../availability/working-hours.ts';
import { localDayAt } from '../availability/zoned-time.ts';
import type { CandidateNote } from './trace.ts';

/**
 * Which members can take the lead: those with at least one slot in the horizon. A rep
 * with none is excluded with the reason a RevOps admin would look for first.
 */
export function noteCandidates(
  members: readonly string[],
  slotsByRep: ReadonlyMap<string, readonly Interval[]>,
  schedules: ReadonlyMap<string, Schedule>,
  horizon: Interval,
): CandidateNote[] {
  return members.map((repId): CandidateNote => {
    const slots = slotsByRep.get(repId)?.length ?? 0;
    if (slots > 0) return { repId, included: true, slots };
    const schedule = schedules.get(repId)!;
    const first = localDayAt(schedule.timezone, horizon.start);
    const last = localDayAt(schedule.timezone, horizon.end - 1);
    let allOff = true;
    for (let day = first; day <= last && allOff; day++) allOff = isDayOff(schedule, day);
    return { repId, included: false, reason: allOff ? 'time_off' : 'no_slots' };
  });
}
