import ICAL from 'ical.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCalendarWriter } from '../../../server/calendars/writer.ts';
import { createMailer } from '../../../server/delivery/mail.ts';
import { createOutboxWorker } from '../../../server/delivery/outbox.ts';
import { silentLogger } from '../../../server/http/log.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { radicaleTestsEnabled, startRadicale, type Radicale } from '../../helpers/radicale.ts';
import { MONDAY_0600Z } from '../../fixtures/test-config.ts';
import { testConfigWith } from '../booking/fixtures.ts';

// Nora (America/New_York, Mon–Fri 09:00–17:00) keeps her calendar in Radicale and has
// Usher write her bookings into it. `size: 201-1000` routes every lead to her alone.
const MINUTE = 60_000;
const DAY = 86_400_000;
const MON = MONDAY_0600Z;
const SECRETS: Record<string, string> = { CALDAV_NORA_PASSWORD: 'nora-secret' };

type Slot = { start: string; end: string };

describe.skipIf(!radicaleTestsEnabled())('CalDAV calendars in Usher, against a real Radicale', () => {
  let dav: Radicale;
  let t: TestApp | undefined;
  let calendar = '';
  let count = 0;
  beforeAll(async () => {
    dav = await startRadicale({ users: { nora: 'nora-secret' } });
  });
  afterAll(async () => {
    await dav.stop();
  });
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function setup(secrets: Record<string, string> = SECRETS) {
    calendar = await dav.makeCalendar('nora', `work${count++}`);
    const yaml = testConfigWith((config) => {
      const reps = config.reps as Record<string, unknown>[];
      reps[0]!.calendars = [{ kind: 'caldav', url: calendar, username: 'nora', passwordEnv: 'CALDAV_NORA_PASSWORD', writeBookings: true }];
    });
    t = await createTestApp({ now: MON, yaml, calendarSync: { secret: (name) => secrets[name], timeoutMs: 2_000 } });
    let clock = MON;
    const worker = createOutboxWorker({
      store: t.store, mailer: createMailer({ dataDir: t.dataDir }), log: silentLogger, clock: () => clock,
      secret: () => undefined, random: () => 0.5,
      calendars: createCalendarWriter({ store: t.store, catalog: t.catalog, secret: (name) => SECRETS[name] }),
    });
    return { t, worker, advance: (ms: number) => { clock += ms; t!.setNow(clock); } };
  }

  async function submit(app: TestApp) {
    const response = await app.post('/api/forms/demo/submissions', { answers: validAnswers({ size: '201-1000' }), timezone: 'America/New_York' });
    return await response.json() as { outcome: string; leadId: string; leadToken: string; slots: Slot[] };
  }

  async function objects(): Promise<{ href: string; event: ICAL.Component }[]> {
    const hrefs = await dav.listObjects(calendar);
    return Promise.all(hrefs.map(async (href) => {
      const response = await fetch(`${dav.baseUrl}${href}`, { headers: { authorization: `Basic ${Buffer.from('nora:nora-secret').toString('base64')}` } });
      return { href, event: new ICAL.Component(ICAL.parse(await response.text())).getFirstSubcomponent('vevent')! };
    }));
  }

  it('blocks every occurrence of a weekly meeting whose series began weeks before, not only the first', async () => {
    const { t } = await setup();
    // Every weekday at 10:00 New York time since October: the master starts long before the window.
    await dav.putEvent(calendar, 'standup', [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN',
      'BEGIN:VTIMEZONE', 'TZID:America/New_York',
      'BEGIN:DAYLIGHT', 'TZOFFSETFROM:-0500', 'TZOFFSETTO:-0400', 'DTSTART:20070311T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU', 'END:DAYLIGHT',
      'BEGIN:STANDARD', 'TZOFFSETFROM:-0400', 'TZOFFSETTO:-0500', 'DTSTART:20071104T020000', 'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU', 'END:STANDARD',
      'END:VTIMEZONE',
      'BEGIN:VEVENT', 'UID:standup@example.com', 'DTSTAMP:20261001T000000Z',
      'DTSTART;TZID=America/New_York:20261005T100000', 'DTEND;TZID=America/New_York:20261005T110000',
      'RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', 'SUMMARY:Standup', 'END:VEVENT', 'END:VCALENDAR', '',
    ].join('\r\n'));
    const [result] = await t.sync.syncAll();
    expect(result!.outcome.kind).toBe('busy');
    const lead = await submit(t);
    const query = new URLSearchParams({ from: new Date(MON).toISOString(), to: new Date(MON + 7 * DAY).toISOString() });
    const { slots } = await (await t.app.request(`/api/leads/${lead.leadId}/slots?${query}`, { headers: { authorization: `Bearer ${lead.leadToken}` } })).json() as { slots: Slot[] };
    // 10:00–11:00 EST is 15:00–16:00Z on each of the five weekdays.
    for (const day of ['23', '24', '25', '26', '27']) {
      const busy = { start: Date.parse(`2026-11-${day}T15:00:00Z`), end: Date.parse(`2026-11-${day}T16:00:00Z`) };
      expect(slots.filter((s) => Date.parse(s.start) < busy.end && busy.start < Date.parse(s.end))).toEqual([]);
    }
    expect(slots.map((s) => s.start)).toContain('2026-11-24T16:00:00.000Z');
  });

  it('never takes a wrong password for a free calendar: the sync fails with the server\'s 401 and the rep is not offered', async () => {
    const { t } = await setup({ CALDAV_NORA_PASSWORD: 'not-the-password' });
    const [result] = await t.sync.syncAll();
    expect(result!.outcome.kind).toBe('failed');
    expect(result!.outcome.kind === 'failed' && result!.outcome.error).toMatch(/401 Unauthorized/);
    expect(JSON.stringify(result)).not.toContain('not-the-password');
    const lead = await submit(t);
    expect(lead.outcome).toBe('no_availability');
    expect((await t.store.leads.find(lead.leadId))!.trace.candidates).toEqual([{ repId: 'ny', included: false, reason: 'calendar_unavailable' }]);
  });

  it('answers not_modified by the collection\'s ctag until the calendar changes', async () => {
    const { t } = await setup();
    await t.sync.syncAll();
    const [second] = await t.sync.syncAll();
    expect(second!.outcome.kind).toBe('not_modified');
    await dav.putEvent(calendar, 'lunch', [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', 'BEGIN:VEVENT', 'UID:lunch@example.com', 'DTSTAMP:20261101T000000Z',
      'DTSTART:20261123T170000Z', 'DTEND:20261123T180000Z', 'SUMMARY:Lunch', 'END:VEVENT', 'END:VCALENDAR', '',
    ].join('\r\n'));
    const [third] = await t.sync.syncAll();
    expect(third!.outcome.kind === 'busy' && third!.outcome.busy.map((b) => [b.start, b.end]))
      .toEqual([[Date.parse('2026-11-23T17:00:00Z'), Date.parse('2026-11-23T18:00:00Z')]]);
  });

  it('writes a booking into the rep\'s calendar, moves it on reschedule and deletes it on cancel, one event all along', async () => {
    const { t, worker } = await setup();
    await t.sync.syncAll();
    const lead = await submit(t);
    const booked = await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[0]!.start });
    expect(booked.status).toBe(201);
    const { bookingId, manageUrl } = await booked.json() as { bookingId: string; manageUrl: string };
    await worker.drain();
    let held = await objects();
    expect(held.map((o) => o.href)).toEqual([new URL(`${calendar}${bookingId}.ics`).pathname]);
    const event = held[0]!.event;
    expect(event.getFirstPropertyValue('uid')).toBe(`${bookingId}@usher.test`);
    expect(String(event.getFirstPropertyValue('dtstart'))).toBe(lead.slots[0]!.start.replace('.000', ''));

    // Usher's own event, read back by the sync, is not busy time on top of the booking.
    await t.sync.syncAll();
    const [record] = await t.store.calendars.list([t.catalog.calendarSources.get('ny')![0]!.id]);
    expect(record!.busyCount).toBe(0);

    const token = manageUrl.split('/m/')[1]!;
    const moveTo = lead.slots[3]!.start;
    expect((await t.post(`/api/manage/${token}/reschedule`, { start: moveTo })).status).toBe(200);
    await worker.drain();
    held = await objects();
    expect(held).toHaveLength(1);
    expect(String(held[0]!.event.getFirstPropertyValue('dtstart'))).toBe(moveTo.replace('.000', ''));
    expect(held[0]!.event.getFirstPropertyValue('sequence')).toBe(1);

    expect((await t.post(`/api/manage/${token}/cancel`, {})).status).toBe(200);
    await worker.drain();
    expect(await objects()).toEqual([]);
    const writes = (await t.store.outbox.list()).filter((job) => job.kind === 'calendar');
    expect(writes.map((job) => [job.event, job.status]).sort()).toEqual([
      ['booking.canceled', 'done'], ['booking.created', 'done'], ['booking.rescheduled', 'done'],
    ]);
  });

  it('retries a write while Radicale is down and writes the event once it is back', async () => {
    const { t, worker, advance } = await setup();
    await t.sync.syncAll();
    const lead = await submit(t);
    const booked = await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[0]!.start });
    const { bookingId } = await booked.json() as { bookingId: string };
    await dav.down();
    try {
      const report = await worker.drain();
      expect(report.retried).toBe(1);
      const [write] = (await t.store.outbox.list()).filter((job) => job.kind === 'calendar');
      expect(write!.status).toBe('pending');
      expect(write!.lastError).toMatch(/connection refused/);
    } finally {
      await dav.up();
    }
    advance(10 * MINUTE);
    expect((await worker.drain()).sent).toBe(1);
    const held = await objects();
    expect(held.map((o) => o.event.getFirstPropertyValue('uid'))).toEqual([`${bookingId}@usher.test`]);
  });

  it('ends on the booking as it is when a cancel lands while an older write is on its way', async () => {
    const { t } = await setup();
    await t.sync.syncAll();
    const lead = await submit(t);
    const { bookingId, manageUrl } = await (await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[0]!.start })).json() as { bookingId: string; manageUrl: string };
    const snapshot = (await t.store.bookings.find(bookingId))!;
    const [create] = (await t.store.outbox.list()).filter((job) => job.kind === 'calendar');
    // Another instance cancels (and deletes the event) after this writer read the booking
    // as confirmed, and before its write lands.
    let reads = 0;
    const store = {
      ...t.store,
      bookings: {
        ...t.store.bookings,
        find: async (id: string) => {
          reads++;
          if (reads === 1) return snapshot;
          return t.store.bookings.find(id);
        },
      },
    };
    expect((await t.post(`/api/manage/${manageUrl.split('/m/')[1]!}/cancel`, {})).status).toBe(200);
    const write = createCalendarWriter({ store, catalog: t.catalog, secret: (name) => SECRETS[name] });
    expect(await write(JSON.parse(create!.payload), 5_000)).toBe('deleted');
    expect(await objects()).toEqual([]);
  });

  it('does not write a canceled booking whose create job comes late, and leaves nothing behind', async () => {
    const { t, worker, advance } = await setup();
    await t.sync.syncAll();
    const lead = await submit(t);
    const { manageUrl } = await (await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[0]!.start })).json() as { manageUrl: string };
    await dav.down();
    try {
      await worker.drain();
      expect((await t.post(`/api/manage/${manageUrl.split('/m/')[1]!}/cancel`, {})).status).toBe(200);
      await worker.drain();
    } finally {
      await dav.up();
    }
    advance(60 * MINUTE);
    await worker.drain();
    expect(await objects()).toEqual([]);
    const writes = (await t.store.outbox.list()).filter((job) => job.kind === 'calendar');
    expect(writes.every((job) => job.status === 'done')).toBe(true);
  });
});
