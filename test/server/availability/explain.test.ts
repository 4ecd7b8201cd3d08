import { describe, expect, it } from 'vitest';
import { explainDay } from '../../../server/availability/explain.ts';
import { repSlots, type RepCalendar, type SlotRules } from '../../../server/availability/slots.ts';
import { compileSchedule, type ScheduleInput } from '../../../server/availability/working-hours.ts';
import { parseLocalDay, zoneClock } from '../../../server/availability/zoned-time.ts';

const MINUTE = 60_000;
const rules = (over: Partial<SlotRules> = {}): SlotRules => ({
  durationMinutes: 30, stepMinutes: 30, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, minimumNoticeMinutes: 0, horizonDays: 60, ...over,
});
const calendar = (input: Partial<ScheduleInput> & { timezone: string }, over: Partial<RepCalendar> = {}): RepCalendar => ({
  id: 'r', schedule: compileSchedule({ workingHours: { 'mon-fri': ['09:00-17:00'] }, ...input }), busy: [], bookedStarts: [], ...over,
});
const at = (iso: string) => Date.parse(iso);

/** The starts `repSlots` offers on the rep's local `date`. */
function offered(cal: RepCalendar, r: SlotRules, now: number, date: string): number[] {
  const clock = zoneClock(cal.schedule.timezone);
  const day = parseLocalDay(date);
  return repSlots(cal, { rules: r, now }).map((s) => s.start).filter((start) => clock.localDayAt(start) === day);
}

function check(cal: RepCalendar, r: SlotRules, now: number, date: string) {
  const explained = explainDay(cal, r, now, parseLocalDay(date));
  expect(explained.filter((s) => s.state === 'free').map((s) => s.start)).toEqual(offered(cal, r, now, date));
  return explained;
}

const local = (list: ReturnType<typeof explainDay>, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return list.filter((s) => s.minuteOfDay === h * 60 + m);
};

describe('availability troubleshooter', () => {
  it('frees exactly the starts repSlots offers, and says why for each of the others', () => {
    const cal = calendar({ timezone: 'Europe/Berlin' }, {
      busy: [
        { start: at('2026-11-24T09:00:00Z'), end: at('2026-11-24T09:30:00Z'), bookingId: 'b1', bufferAfter: 15 * MINUTE },
        { start: at('2026-11-24T13:00:00Z'), end: at('2026-11-24T14:00:00Z') },
      ],
    });
    const list = check(cal, rules({ bufferBeforeMinutes: 10 }), at('2026-11-24T07:00:00Z'), '2026-11-24');
    expect(list).toHaveLength(48);
    expect(local(list, '07:30')[0]!.state).toBe('notice');
    expect(local(list, '08:00')[0]!.state).toBe('outside_working_hours');
    expect(local(list, '09:30')[0]!.state).toBe('free');
    expect(local(list, '10:00')[0]).toMatchObject({ state: 'busy_booking', detail: 'b1' });
    expect(local(list, '10:30')[0]).toMatchObject({ state: 'buffer', detail: 'b1' });
    expect(local(list, '14:00')[0]).toMatchObject({ state: 'busy_calendar', detail: '14:00-15:00' });
    expect(local(list, '15:00')[0]!.state).toBe('buffer');
    expect(local(list, '15:30')[0]!.state).toBe('free');
    expect(local(list, '16:30')[0]!.state).toBe('free');
    expect(local(list, '17:00')[0]!.state).toBe('outside_working_hours');
  });

  it('names time off, an override and the horizon', () => {
    const cal = calendar({ timezone: 'America/New_York', timeOff: [{ from: '2026-11-26', to: '2026-11-26' }], overrides: [{ date: '2026-11-25', hours: ['12:00-13:00'] }] });
    const now = at('2026-11-23T12:00:00Z');
    expect(new Set(check(cal, rules(), now, '2026-11-26').map((s) => s.state))).toEqual(new Set(['time_off']));
    const override = check(cal, rules(), now, '2026-11-25');
    expect(local(override, '09:00')[0]!.state).toBe('override');
    expect(override.filter((s) => s.state === 'free').map((s) => s.minuteOfDay)).toEqual([720, 750]);
    const beyond = check(cal, rules({ horizonDays: 2 }), now, '2026-11-25');
    expect(local(beyond, '12:00')[0]!.state).toBe('horizon');
  });

  it('says the day cap is reached once the rep has their meetings of the day', () => {
    const cal = calendar({ timezone: 'UTC' }, {
      busy: [{ start: at('2026-11-24T09:00:00Z'), end: at('2026-11-24T09:30:00Z'), bookingId: 'b1' }],
      bookedStarts: [at('2026-11-24T09:00:00Z')], maxPerDay: 1,
    });
    const list = check(cal, rules(), at('2026-11-23T00:00:00Z'), '2026-11-24');
    expect(local(list, '09:00')[0]!.state).toBe('busy_booking');
    expect(local(list, '10:00')[0]).toMatchObject({ state: 'day_cap', detail: '1' });
  });

  it('skips the hour a spring-forward day does not have and lays its grid as slots do', () => {
    const cal = calendar({ timezone: 'America/New_York', workingHours: { sun: ['01:00-04:00'] } });
    const list = check(cal, rules(), at('2026-03-01T00:00:00Z'), '2026-03-08');
    expect(list).toHaveLength(46);
    expect(local(list, '02:00')).toEqual([]);
    expect(local(list, '01:30')[0]!.state).toBe('free');
    expect(local(list, '03:00')[0]).toMatchObject({ state: 'free', start: at('2026-03-08T07:00:00Z') });
  });

  it('gives a fall-back day its repeated hour once, at the first occurrence', () => {
    const cal = calendar({ timezone: 'America/New_York', workingHours: { sun: ['00:00-03:00'] } });
    const list = check(cal, rules(), at('2026-10-25T00:00:00Z'), '2026-11-01');
    expect(local(list, '01:00')).toEqual([expect.objectContaining({ start: at('2026-11-01T05:00:00Z') })]);
  });

  it('adds the grid of a window that starts off the hour, in a half-hour zone', () => {
    const cal = calendar({ timezone: 'Asia/Kolkata', workingHours: { 'mon-fri': ['09:10-11:00'] } });
    const list = check(cal, rules(), at('2026-11-23T00:00:00Z'), '2026-11-24');
    expect(local(list, '09:00')[0]!.state).toBe('outside_working_hours');
    expect(local(list, '09:10')[0]).toMatchObject({ state: 'free', start: at('2026-11-24T03:40:00Z') });
    expect(local(list, '10:10')[0]!.state).toBe('free');
    // 10:40 would run past 11:00.
    expect(local(list, '10:40')[0]!.state).toBe('outside_working_hours');
  });

  it('counts a night window from the day before into the day after midnight', () => {
    const cal = calendar({ timezone: 'UTC', workingHours: { mon: ['22:00-02:00'] } });
    const list = check(cal, rules(), at('2026-11-20T00:00:00Z'), '2026-11-24');
    expect(list.filter((s) => s.state === 'free').map((s) => s.minuteOfDay)).toEqual([0, 30, 60, 90]);
  });

  it('says a rep whose calendar cannot be read has no free start', () => {
    const cal = calendar({ timezone: 'UTC' }, { unavailable: true });
    expect(new Set(explainDay(cal, rules(), at('2026-11-23T00:00:00Z'), parseLocalDay('2026-11-24')).map((s) => s.state))).toEqual(new Set(['calendar_unavailable']));
  });
});
