import { pooledSlots, type Busy, type RepCalendar, type SlotRules } from '../../server/availability/slots.ts';
import { compileSchedule } from '../../server/availability/working-hours.ts';

/**
 * Pooled slots over a 14-day horizon, in-process, as a submission computes them.
 * Data are generated from a fixed seed so every run measures the same work.
 *
 * zones: a mix of whole-hour, half-hour, 45-minute and DST zones; now: Monday
 * 2026-03-02 08:00Z, so the horizon holds the US spring-forward (2026-03-08).
 */

const MINUTE = 60_000;
export const NOW = Date.parse('2026-03-02T08:00:00Z');
const HORIZON_DAYS = 14;

export const RULES: SlotRules = {
  durationMinutes: 30, stepMinutes: 15, bufferBeforeMinutes: 0, bufferAfterMinutes: 10,
  minimumNoticeMinutes: 120, horizonDays: HORIZON_DAYS,
};

const ZONES = [
  'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'America/Sao_Paulo', 'America/Santiago',
  'Europe/London', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Sydney', 'Australia/Lord_Howe',
];

/** mulberry32: a tiny seeded generator, so the data never change between runs. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A team of `reps`, each with `busyPerRep` busy intervals of 15-60 minutes spread over
 * the horizon and the day either side (sorted by start, as the database returns them; at
 * 10,000 a rep the calendar is solid and no slot is left). One in ten is an Usher booking
 * with buffers, and those count toward a day cap of 8. Exported, with `NOW` and `RULES`,
 * for profiling a single case.
 */
export function team(reps: number, busyPerRep: number, seed = 1): RepCalendar[] {
  const next = random(seed);
  const span = (HORIZON_DAYS + 2) * 24 * 60;
  return Array.from({ length: reps }, (_, i) => {
    // Starts are drawn first and the events built in order, as rows read from a database.
    const starts = Array.from({ length: busyPerRep }, () => NOW - 24 * 60 * MINUTE + Math.floor(next() * span / 5) * 5 * MINUTE)
      .sort((a, b) => a - b);
    const busy: Busy[] = starts.map((start) => {
      const end = start + (15 + Math.floor(next() * 10) * 5) * MINUTE;
      return next() < 0.1 ? { start, end, bufferBefore: 0, bufferAfter: 10 * MINUTE, bookingId: 'b' } : { start, end };
    });
    return {
      id: `rep-${i}`,
      schedule: compileSchedule({
        timezone: ZONES[i % ZONES.length]!,
        workingHours: i % 3 === 0 ? { 'mon-fri': ['09:00-12:00', '13:00-17:30'] } : { 'mon-fri': ['08:30-17:00'] },
        timeOff: i % 7 === 0 ? [{ from: '2026-03-11', to: '2026-03-12' }] : [],
        overrides: i % 5 === 0 ? [{ date: '2026-03-07', hours: ['10:00-14:00'] }] : [],
      }),
      busy,
      bookedStarts: busy.filter((b) => b.bookingId !== undefined).map((b) => b.start),
      maxPerDay: 8,
    };
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

type Figures = { median: number; p99: number; first: number; slots: number; runs: number };

function measure(calendars: readonly RepCalendar[], runs: number): Figures {
  const query = { rules: RULES, now: NOW };
  let started = performance.now();
  const slots = pooledSlots(calendars, query).length;
  const first = performance.now() - started;
  for (let i = 0; i < Math.min(20, runs); i++) pooledSlots(calendars, query);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    started = performance.now();
    pooledSlots(calendars, query);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p99: percentile(times, 99), first, slots, runs };
}

const ms = (value: number) => `${value.toFixed(3)} ms`.padStart(11);

function row(label: string, reps: number, f: Figures): string {
  const perRep = `${((f.median / reps) * 1000).toFixed(1)} µs/rep`.padStart(14);
  return `${label.padEnd(30)} median ${ms(f.median)}   p99 ${ms(f.p99)}   first ${ms(f.first)}  ${perRep}   ${String(f.slots).padStart(5)} slots   ${f.runs} runs`;
}

/** Enough runs for a stable median, without spending minutes on the largest cases. */
const runsFor = (reps: number, busy: number) => Math.max(30, Math.min(500, Math.floor(5_000_000 / (reps * busy))));

export default async function availabilityBench(): Promise<void> {
  console.log(`pooled slots, ${HORIZON_DAYS}-day horizon, 30-minute meetings on a 15-minute grid, in-process`);
  const headline = measure(team(50, 500), 1000);
  console.log(row('50 reps x 500 busy', 50, headline));
  console.log(`goal: median < 5 ms -> ${headline.median < 5 ? 'met' : 'NOT met'}`);

  console.log('\nscaling with reps (500 busy each)');
  for (const reps of [10, 50, 200]) console.log(row(`${reps} reps x 500 busy`, reps, measure(team(reps, 500), runsFor(reps, 500))));

  console.log('\nscaling with busy intervals per rep (50 reps)');
  for (const busy of [100, 1_000, 10_000]) console.log(row(`50 reps x ${busy} busy`, 50, measure(team(50, busy), runsFor(50, busy))));

  console.log('\nbusy given out of order (50 reps x 500 busy, shuffled: one sort per rep)');
  const shuffled = team(50, 500).map((calendar, i) => {
    const next = random(100 + i);
    const busy = [...calendar.busy];
    for (let k = busy.length - 1; k > 0; k--) {
      const j = Math.floor(next() * (k + 1));
      [busy[k], busy[j]] = [busy[j]!, busy[k]!];
    }
    return { ...calendar, busy };
  });
  console.log(row('50 reps x 500 busy, shuffled', 50, measure(shuffled, 500)));
}
