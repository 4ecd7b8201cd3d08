import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestApp, validAnswers } from '../../helpers/app.ts';
import { TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

/**
 * Reps in zones with DST changes (New York, London, Lord Howe's 30-minute shift), a
 * +05:45 zone and a window across midnight; buffers on both sides and a day cap.
 */
const ZONES_YAML = TEST_CONFIG_YAML
  .replace(/meetingTypes:[\s\S]*?\nreps:/, `meetingTypes:
  demo:
    title: Test demo
    durationMinutes: 45
    slotStepMinutes: 15
    bufferBeforeMinutes: 10
    bufferAfterMinutes: 5
    minimumNoticeMinutes: 60
    horizonDays: 14
    maxPerRepPerDay: 3
reps:`)
  .replace(/reps:\n[\s\S]*?\nteams:/, `reps:
  - { id: ny, name: Nora York, email: nora@test.co, timezone: America/New_York, workingHours: { mon-fri: ["08:00-12:00", "13:00-18:00"], sun: ["01:00-04:00"] } }
  - { id: ldn, name: Leo Don, email: leo@test.co, timezone: Europe/London, workingHours: { mon-fri: ["22:00-02:00"], sat: ["00:30-03:00"] } }
  - { id: kol, name: Kavya Kol, email: kavya@test.co, timezone: Asia/Kathmandu, workingHours: { mon-fri: ["09:00-17:00"] } }
  - { id: lhi, name: Lou Howe, email: lou@test.co, timezone: Australia/Lord_Howe, workingHours: { mon-sun: ["01:00-03:00", "09:00-11:00"] } }
teams:`)
  .replace('rr: { members: [ny, ldn, kol], strategy: round_robin, mode: assigned }', 'rr: { members: [ny, ldn, kol, lhi], strategy: balanced, mode: assigned }')
  .replace('pool: { members: [ny, ldn], strategy: round_robin, mode: pooled }', 'pool: { members: [ny, ldn, kol, lhi], strategy: round_robin, mode: pooled }');

/** Moments a few days before DST changes in 2026, so the horizon spans them. */
const NOWS = [
  '2026-03-05T12:00:00Z', // US spring forward on 8 March
  '2026-03-26T07:30:00Z', // Europe on 29 March
  '2026-04-02T23:00:00Z', // Lord Howe back on 5 April
  '2026-10-01T04:10:00Z', // Lord Howe forward on 4 October
  '2026-10-22T18:45:00Z', // Europe on 25 October
  '2026-10-29T00:05:00Z', // US fall back on 1 November
].map((text) => Date.parse(text));

describe('offered slots', () => {
  it('books any slot the API offered, first days or paged, across DST changes', async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...NOWS),
      fc.array(fc.record({ pooled: fc.boolean(), pick: fc.nat() }), { minLength: 1, maxLength: 5 }),
      async (now, leads) => {
        const t = await createTestApp({ now, yaml: ZONES_YAML });
        try {
          for (const [i, { pooled, pick }] of leads.entries()) {
            const answers = validAnswers({ email: `p${i}@acme.io`, size: pooled ? '1000+' : '11-50' });
            const lead = await (await t.post('/api/forms/demo/submissions', { answers, timezone: 'Asia/Kolkata' })).json();
            if (lead.outcome !== 'schedule') continue;
            // Page the rest of the horizon the way the widget does: from just after the last start.
            const from = new Date(Date.parse(lead.slots.at(-1)?.start ?? new Date(now).toISOString()) + 1).toISOString();
            const to = new Date(now + 14 * 86_400_000).toISOString();
            const paged = await (await t.app.request(`/api/leads/${lead.leadId}/slots?from=${from}&to=${to}`, {
              headers: { authorization: `Bearer ${lead.leadToken}` },
            })).json();
            const offered = [...lead.slots, ...paged.slots];
            if (offered.length === 0) continue;
            const slot = offered[pick % offered.length];
            const res = await t.post('/api/bookings', { leadToken: lead.leadToken, start: slot.start });
            expect(res.status, `${new Date(now).toISOString()} lead ${i} ${slot.start}: ${await res.clone().text()}`).toBe(201);
            const booked = await res.json();
            expect(Date.parse(booked.end) - Date.parse(booked.start)).toBe(45 * 60_000);
          }
        } finally {
          await t.close();
        }
      },
    ), { numRuns: 40 });
  // Forty fresh apps: on PostgreSQL each is a new database, migrated, which is most of the time.
  }, 90_000);
});
