import { describe, expect, it } from 'vitest';
import { compileSchedule } from '../../../server/availability/working-hours.ts';
import type { RepCalendar, SlotRules } from '../../../server/availability/slots.ts';
import { countCandidates, findCandidates } from '../../../server/routing/candidates.ts';

const rules: SlotRules = { durationMinutes: 30, stepMinutes: 30, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, minimumNoticeMinutes: 0, horizonDays: 2 };
// now: Monday 2026-11-23 00:00Z; reps in Europe/London (UTC+0 in November).
const now = Date.parse('2026-11-23T00:00:00Z');
const hours = { timezone: 'Europe/London', workingHours: { 'mon-fri': ['09:00-10:00'] } };

function rep(id: string, extra: Partial<RepCalendar> = {}, schedule: object = {}): RepCalendar {
  return { id, schedule: compileSchedule({ ...hours, ...schedule }), busy: [], bookedStarts: [], ...extra };
}

describe('candidates', () => {
  it('includes a rep with slots and says how many', () => {
    expect(findCandidates([rep('a')], { rules, now }).notes).toEqual([{ repId: 'a', included: true, slots: 4 }]);
  });

  it('excludes a rep off for the whole horizon as time_off', () => {
    const off = rep('b', {}, { timeOff: [{ from: '2026-11-22', to: '2026-11-25' }] });
    expect(findCandidates([off], { rules, now }).notes).toEqual([{ repId: 'b', included: false, reason: 'time_off' }]);
  });

  it('excludes a rep whose open days are all at their cap as day_cap', () => {
    const monday = Date.parse('2026-11-23T09:00:00Z');
    const tuesday = Date.parse('2026-11-24T09:00:00Z');
    const capped = rep('c', {
      maxPerDay: 1,
      busy: [{ start: monday, end: monday + 1_800_000 }, { start: tuesday, end: tuesday + 1_800_000 }],
      bookedStarts: [monday, tuesday],
    });
    expect(findCandidates([capped], { rules, now }).notes).toEqual([{ repId: 'c', included: false, reason: 'day_cap' }]);
  });

  it('excludes a fully booked rep as no_slots', () => {
    const full = rep('d', { busy: [{ start: now, end: now + 3 * 86_400_000 }] });
    expect(findCandidates([full], { rules, now }).notes).toEqual([{ repId: 'd', included: false, reason: 'no_slots' }]);
  });
});

describe('counted candidates', () => {
  it('give the same notes as the listed ones, slot counts included', () => {
    const monday = Date.parse('2026-11-23T09:00:00Z');
    const calendars = [
      rep('a'),
      rep('b', { busy: [{ start: monday, end: monday + 1_800_000 }] }),
      rep('c', {}, { timeOff: [{ from: '2026-11-22', to: '2026-11-25' }] }),
      // Two windows that overlap on the wall clock lay some starts twice; each is counted once.
      rep('d', {}, { workingHours: { 'mon-fri': ['09:00-10:00', '09:30-10:30'] } }),
    ];
    expect(countCandidates(calendars, { rules, now })).toEqual(findCandidates(calendars, { rules, now }).notes);
    expect(countCandidates(calendars, { rules, now }).map((n) => (n.included ? n.slots : n.reason))).toEqual([4, 3, 'time_off', 6]);
  });
});
