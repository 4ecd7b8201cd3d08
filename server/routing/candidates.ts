import type { Interval } from '../availability/intervals.ts';
import { countSlots, hasSlot, repSlots, type RepCalendar, type SlotQuery } from '../availability/slots.ts';
import { isDayOff } from '../availability/working-hours.ts';
import { localDayAt } from '../availability/zoned-time.ts';
import type { CandidateNote, ExclusionReason } from '../../shared/records.ts';

const DAY = 86_400_000;

export type Candidates = { notes: CandidateNote[]; slotsByRep: Map<string, Interval[]> };

/**
 * Which reps can take the lead: those with at least one slot in the horizon. A rep with
 * none is excluded with the reason a RevOps admin would look for: off for the whole
 * horizon, every open day already at their cap, or simply no free slot.
 */
export function findCandidates(calendars: readonly RepCalendar[], query: SlotQuery): Candidates {
  const slotsByRep = new Map<string, Interval[]>();
  const notes = calendars.map((calendar): CandidateNote => {
    const slots = repSlots(calendar, query);
    slotsByRep.set(calendar.id, slots);
    if (slots.length > 0) return { repId: calendar.id, included: true, slots: slots.length };
    return { repId: calendar.id, included: false, reason: exclusionReason(calendar, query) };
  });
  return { notes, slotsByRep };
}

/**
 * `findCandidates` without keeping the slots, for a team that rotates: only the chosen
 * rep's slots are wanted, and those are laid again under the team's lock.
 */
export function countCandidates(calendars: readonly RepCalendar[], query: SlotQuery): CandidateNote[] {
  return calendars.map((calendar): CandidateNote => {
    const slots = countSlots(calendar, query);
    return slots > 0 ? { repId: calendar.id, included: true, slots } : { repId: calendar.id, included: false, reason: exclusionReason(calendar, query) };
  });
}

/**
 * The same verdicts as `findCandidates` without counting every slot: enough for a pooled
 * team, whose slots are laid later only for the days the prospect sees.
 */
export function findPooledCandidates(calendars: readonly RepCalendar[], query: SlotQuery): CandidateNote[] {
  return calendars.map((calendar): CandidateNote => hasSlot(calendar, query)
    ? { repId: calendar.id, included: true }
    : { repId: calendar.id, included: false, reason: exclusionReason(calendar, query) });
}

function exclusionReason(calendar: RepCalendar, query: SlotQuery): ExclusionReason {
  if (calendar.unavailable) return 'calendar_unavailable';
  const { schedule } = calendar;
  const first = localDayAt(schedule.timezone, query.now);
  const last = localDayAt(schedule.timezone, query.now + query.rules.horizonDays * DAY - 1);
  let allOff = true;
  for (let day = first; day <= last && allOff; day++) allOff = isDayOff(schedule, day);
  if (allOff) return 'time_off';
  if (calendar.maxPerDay !== undefined && hasSlot({ ...calendar, maxPerDay: undefined }, query)) return 'day_cap';
  return 'no_slots';
}
