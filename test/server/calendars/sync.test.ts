import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DecisionTrace } from '../../../shared/records.ts';
import { readSource } from '../../../server/calendars/read-source.ts';
import { createCalendarSync } from '../../../server/calendars/sync-worker.ts';
import { recordSync } from '../../../server/flows/calendar-sync.ts';
import { silentLogger } from '../../../server/http/log.ts';
import { createTestApp, ROOT, validAnswers, type TestApp } from '../../helpers/app.ts';
import { icsOf, startFeedServer, type FeedServer } from '../../helpers/feed-server.ts';
import { MONDAY_0600Z } from '../../fixtures/test-config.ts';
import { testConfigWith } from '../booking/fixtures.ts';

// Nora (America/New_York, Mon–Fri 09:00–17:00 = 14:00–22:00Z in November) has a feed;
// `size: 201-1000` routes every lead to her alone.
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MON = MONDAY_0600Z;
const at = (iso: string) => Date.parse(iso);

let t: TestApp | undefined;
let feeds: FeedServer | undefined;
afterEach(async () => {
  await t?.close();
  await feeds?.close();
  t = undefined;
  feeds = undefined;
});

type Slot = { start: string; end: string };

async function setup(options: { sync?: Record<string, unknown>; webhooks?: boolean } = {}) {
  feeds = await startFeedServer();
  const url = feeds.url('/nora/basic.ics');
  const yaml = testConfigWith((config) => {
    const reps = config.reps as Record<string, unknown>[];
    reps[0]!.calendars = [{ kind: 'ics', url }];
    if (options.sync) config.calendarSync = options.sync;
    if (options.webhooks) config.webhooks = [{ url: 'http://127.0.0.1:9/hook', events: ['calendar.failing', 'calendar.recovered'], secretEnv: 'HOOK_SECRET' }];
  });
  t = await createTestApp({ now: MON, yaml, calendarSync: { timeoutMs: 300 } });
  return { t, feeds, path: '/nora/basic.ics' };
}

async function submit(app: TestApp) {
  const response = await app.post('/api/forms/demo/submissions', { answers: validAnswers({ size: '201-1000' }), timezone: 'America/New_York' });
  expect(response.status).toBe(200);
  return await response.json() as { outcome: string; leadId: string; leadToken: string; slots: Slot[] };
}

async function allSlots(app: TestApp, lead: { leadId: string; leadToken: string }, now: number): Promise<Slot[]> {
  const query = new URLSearchParams({ from: new Date(now).toISOString(), to: new Date(now + 7 * DAY).toISOString() });
  const response = await app.app.request(`/api/leads/${lead.leadId}/slots?${query}`, { headers: { authorization: `Bearer ${lead.leadToken}` } });
  expect(response.status).toBe(200);
  return (await response.json() as { slots: Slot[] }).slots;
}

async function traceOf(app: TestApp, leadId: string): Promise<DecisionTrace> {
  return (await app.store.leads.find(leadId))!.trace;
}

const overlaps = (slot: Slot, busy: { start: number; end: number }) => Date.parse(slot.start) < busy.end && busy.start < Date.parse(slot.end);

describe('calendar sync', () => {
  it('offers no slot inside the busy time of a rep\'s feed', async () => {
    const { t, feeds, path } = await setup();
    // Busy Monday to Wednesday, New York days (05:00Z is midnight in New York).
    const busy = { start: at('2026-11-23T05:00:00Z'), end: at('2026-11-26T05:00:00Z') };
    feeds.set(path, { body: icsOf([{ uid: 'week@example.com', ...busy }]), etag: '"v1"' });
    await t.sync.syncAll();
    const lead = await submit(t);
    expect(lead.outcome).toBe('schedule');
    const slots = await allSlots(t, lead, MON);
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.filter((s) => overlaps(s, busy))).toEqual([]);
    expect(slots[0]!.start).toBe('2026-11-26T14:00:00.000Z');
  });

  it('reads a Google export served over HTTP: its all-day vacation blocks the rep\'s whole week, and without it the weekly 10:00 New York meeting is busy', async () => {
    const google = readFileSync(join(ROOT, 'test', 'fixtures', 'calendars', 'google.ics'), 'utf8');
    const { t, feeds, path } = await setup();
    feeds.set(path, { body: google, etag: '"g1"' });
    await t.sync.syncAll();
    // Vacation Mon 23 to Fri 27 November, whole New York days: nothing left in the 7-day horizon.
    const away = await submit(t);
    expect(away.outcome).toBe('no_availability');
    expect((await traceOf(t, away.leadId)).candidates).toEqual([{ repId: 'ny', included: false, reason: 'no_slots' }]);

    await t.close();
    await feeds.close();
    const ignoring = await setup({ sync: { allDayEvents: 'ignore' } });
    ignoring.feeds.set(ignoring.path, { body: google, etag: '"g1"' });
    await ignoring.t.sync.syncAll();
    const lead = await submit(ignoring.t);
    const monday = lead.slots.filter((s) => s.start.startsWith('2026-11-23')).map((s) => s.start.slice(11, 16));
    // 10:00-10:30 New York (EST) is 15:00-15:30Z; the rest of Monday 14:00-22:00Z is free.
    expect(monday).toEqual(['14:00', '14:30', '15:30', '16:00', '16:30', '17:00', '17:30', '18:00', '18:30', '19:00', '19:30', '20:00', '20:30', '21:00', '21:30']);
  });

  it('says "no availability" with the reason calendar_unavailable for a rep whose calendar was never read', async () => {
    const { t } = await setup();
    const lead = await submit(t);
    expect(lead.outcome).toBe('no_availability');
    expect((await traceOf(t, lead.leadId)).candidates).toEqual([{ repId: 'ny', included: false, reason: 'calendar_unavailable' }]);
    // Not failing yet (never read, so counted from when it was added), but keeping Nora out.
    expect(await (await t.app.request('/health')).json()).toEqual({ status: 'degraded', database: 'ok', calendars: { ok: 0, stale: 1, failing: 0, repsExcluded: 1 } });
  });

  it('asks conditionally and keeps the busy times when the feed answers 304 Not Modified', async () => {
    const { t, feeds, path } = await setup();
    const busy = { start: at('2026-11-23T14:00:00Z'), end: at('2026-11-23T16:00:00Z') };
    feeds.set(path, { body: icsOf([{ uid: 'a@example.com', ...busy }]), etag: '"v1"' });
    await t.sync.syncAll();
    const [first] = await t.store.calendars.list([t.catalog.calendarSources.get('ny')![0]!.id]);
    t.setNow(MON + 10 * MINUTE);
    const [result] = await t.sync.syncAll();
    expect(result!.outcome.kind).toBe('not_modified');
    expect(feeds.requests.at(-1)!.headers['if-none-match']).toBe('"v1"');
    const [second] = await t.store.calendars.list([first!.id]);
    expect(second!.version).toBe(first!.version);
    expect(second!.busyCount).toBe(1);
    expect(second!.lastSuccessAt).toBe(MON + 10 * MINUTE);
    const slots = await allSlots(t, await submit(t), MON + 10 * MINUTE);
    expect(slots.filter((s) => overlaps(s, busy))).toEqual([]);
    expect(slots[0]!.start).toBe('2026-11-23T16:00:00.000Z');
  });

  it('uses Last-Modified when the feed gives no ETag', async () => {
    const { t, feeds, path } = await setup();
    feeds.set(path, { body: icsOf([]), lastModified: 'Sun, 22 Nov 2026 10:00:00 GMT' });
    await t.sync.syncAll();
    const [result] = await t.sync.syncAll();
    expect(result!.outcome.kind).toBe('not_modified');
    expect(feeds.requests.at(-1)!.headers['if-modified-since']).toBe('Sun, 22 Nov 2026 10:00:00 GMT');
  });

  it('reads a changed feed in full and replaces the busy times', async () => {
    const { t, feeds, path } = await setup();
    feeds.set(path, { body: icsOf([{ uid: 'a@example.com', start: at('2026-11-23T14:00:00Z'), end: at('2026-11-23T22:00:00Z') }]), etag: '"v1"' });
    await t.sync.syncAll();
    expect((await allSlots(t, await submit(t), MON))[0]!.start).toBe('2026-11-24T14:00:00.000Z');
    feeds.set(path, { body: icsOf([]), etag: '"v2"' });
    await t.sync.syncAll();
    expect((await allSlots(t, await submit(t), MON))[0]!.start).toBe('2026-11-23T14:00:00.000Z');
  });

  it('fails closed: a feed answering 500 keeps its last busy times until the stale time, then the rep is excluded, and is back after recovery', async () => {
    const { t, feeds, path } = await setup({ sync: { refreshMinutes: 5, staleAfterMinutes: 30 }, webhooks: true });
    const body = icsOf([{ uid: 'a@example.com', start: at('2026-11-23T14:00:00Z'), end: at('2026-11-23T16:00:00Z') }]);
    feeds.set(path, { body, etag: '"v1"' });
    await t.sync.syncAll();

    feeds.set(path, { status: 500 });
    t.setNow(MON + 10 * MINUTE);
    const [failed] = await t.sync.syncAll();
    expect(failed!.outcome).toEqual({ kind: 'failed', error: 'the feed answered 500 Internal Server Error' });
    // Stale, not failing: the stored busy times still stand.
    const stale = await submit(t);
    expect(stale.outcome).toBe('schedule');
    expect(stale.slots[0]!.start).toBe('2026-11-23T16:00:00.000Z');

    t.setNow(MON + 31 * MINUTE);
    await t.sync.syncAll();
    t.setNow(MON + 32 * MINUTE);
    await t.sync.syncAll();
    const excluded = await submit(t);
    expect(excluded.outcome).toBe('no_availability');
    expect((await traceOf(t, excluded.leadId)).candidates).toEqual([{ repId: 'ny', included: false, reason: 'calendar_unavailable' }]);
    const health = await (await t.app.request('/health')).json();
    expect(health).toEqual({ status: 'degraded', database: 'ok', calendars: { ok: 0, stale: 0, failing: 1, repsExcluded: 1 } });

    feeds.set(path, { body, etag: '"v1"' });
    t.setNow(MON + 40 * MINUTE);
    await t.sync.syncAll();
    const back = await submit(t);
    expect(back.outcome).toBe('schedule');
    expect(back.slots[0]!.start).toBe('2026-11-23T16:00:00.000Z');
    expect(await (await t.app.request('/health')).json()).toEqual({ status: 'ok', database: 'ok', calendars: { ok: 1, stale: 0, failing: 0, repsExcluded: 0 } });

    // Each state change is announced once, however many syncs saw it.
    const events = (await t.store.outbox.list()).map((job) => job.event).filter((event) => event.startsWith('calendar.'));
    expect(events).toEqual(['calendar.failing', 'calendar.recovered']);
    const failing = (await t.store.outbox.list()).find((job) => job.event === 'calendar.failing')!;
    const sent = JSON.parse(JSON.parse(failing.payload).body);
    expect(sent.data).toMatchObject({ rep: { id: 'ny' }, source: { kind: 'ics', label: `${new URL(feeds.url('/')).host}/…/basic.ics` }, lastError: 'the feed answered 500 Internal Server Error' });
    expect(failing.payload).not.toContain('/nora/');
  });

  it('treats a feed that never answers as failed within the timeout', async () => {
    const { t, feeds, path } = await setup();
    feeds.set(path, { hang: true });
    const started = performance.now();
    const [result] = await t.sync.syncAll();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result!.outcome).toEqual({ kind: 'failed', error: 'the feed did not answer within 300 ms' });
  });

  it('with onFailure: ignore, keeps offering a failing rep with the last busy times', async () => {
    const { t, feeds, path } = await setup({ sync: { onFailure: 'ignore', staleAfterMinutes: 30 } });
    feeds.set(path, { body: icsOf([{ uid: 'a@example.com', start: at('2026-11-23T14:00:00Z'), end: at('2026-11-23T16:00:00Z') }]) });
    await t.sync.syncAll();
    feeds.set(path, { status: 503 });
    t.setNow(MON + 45 * MINUTE);
    await t.sync.syncAll();
    const lead = await submit(t);
    expect(lead.outcome).toBe('schedule');
    expect(lead.slots[0]!.start).toBe('2026-11-23T16:00:00.000Z');
  });

  it('with onFailure: ignore, still never offers a rep whose calendar was never read', async () => {
    const { t, feeds, path } = await setup({ sync: { onFailure: 'ignore' } });
    feeds.set(path, { status: 500 });
    await t.sync.syncAll();
    const lead = await submit(t);
    expect(lead.outcome).toBe('no_availability');
    expect((await traceOf(t, lead.leadId)).candidates).toEqual([{ repId: 'ny', included: false, reason: 'calendar_unavailable' }]);
  });

  it('never counts Usher\'s own invite, found in the rep\'s feed by its UID, as extra busy time', async () => {
    const { t, feeds, path } = await setup();
    feeds.set(path, { body: icsOf([]) });
    await t.sync.syncAll();
    const lead = await submit(t);
    const booked = await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[0]!.start });
    expect(booked.status).toBe(201);
    const { bookingId } = await booked.json() as { bookingId: string };
    // The rep's calendar now holds the invite Usher sent, under its UID.
    feeds.set(path, { body: icsOf([{ uid: `${bookingId}@usher.test`, start: Date.parse(lead.slots[0]!.start), end: Date.parse(lead.slots[0]!.end) }]) });
    await t.sync.syncAll();
    const [record] = await t.store.calendars.list([t.catalog.calendarSources.get('ny')![0]!.id]);
    expect(record!.busyCount).toBe(0);
  });

  it('re-checks the rep\'s feed live before booking: a meeting added since the last sync makes the slot taken', async () => {
    const { t, feeds, path } = await setup();
    feeds.set(path, { body: icsOf([]), etag: '"v1"' });
    await t.sync.syncAll();
    const lead = await submit(t);
    const chosen = lead.slots[0]!;
    feeds.set(path, { body: icsOf([{ uid: 'new@example.com', start: Date.parse(chosen.start), end: Date.parse(chosen.end) }]), etag: '"v2"' });
    const response = await t.post('/api/bookings', { leadToken: lead.leadToken, start: chosen.start });
    expect(response.status).toBe(409);
    const body = await response.json() as { error: { code: string; slots: Slot[] } };
    expect(body.error.code).toBe('slot_taken');
    expect(body.error.slots.map((s) => s.start)).not.toContain(chosen.start);
    expect(await t.store.bookings.count()).toBe(0);
  });

  it('books on the stored busy times when the live re-check does not answer in time', async () => {
    const { t, feeds, path } = await setup();
    feeds.set(path, { body: icsOf([]), etag: '"v1"' });
    await t.sync.syncAll();
    const lead = await submit(t);
    feeds.set(path, { hang: true });
    const started = performance.now();
    const response = await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[0]!.start });
    expect(response.status).toBe(201);
    expect(performance.now() - started).toBeLessThan(2_500);
    // A live check cut short is not recorded as a failure of the source.
    const [record] = await t.store.calendars.list([t.catalog.calendarSources.get('ny')![0]!.id]);
    expect(record!.lastError).toBeNull();
  });
});

describe('what a read may change', () => {
  it('reads in full, not conditionally, once the config changed how the intervals are expanded', async () => {
    const { t, feeds, path } = await setup();
    feeds.set(path, { body: icsOf([]), etag: '"v1"' });
    await t.sync.syncAll();
    const source = t.catalog.calendarSources.get('ny')![0]!;
    const [previous] = await t.store.calendars.list([source.id]);
    const options = { config: t.config, now: MON, timeoutMs: 1_000, secret: () => undefined };
    expect((await readSource(source, previous, options)).kind).toBe('not_modified');
    // As stored by a process whose config had another all-day rule or zone:
    const read = await readSource(source, { ...previous!, expandKey: '["Europe/Paris"]' }, options);
    expect(read.kind).toBe('busy');
    expect(feeds.requests.at(-1)!.headers['if-none-match']).toBeUndefined();
  });

  it('never lets a read that began earlier undo one recorded since', async () => {
    const { t, feeds, path } = await setup();
    feeds.set(path, { body: icsOf([]) });
    await t.sync.syncAll();
    const source = t.catalog.calendarSources.get('ny')![0]!;
    const found = (busy: { start: number; end: number }[]) => ({
      kind: 'busy' as const, busy: busy.map((b) => ({ ...b, uid: 'x' })), window: { from: MON - 3 * DAY, to: MON + 17 * DAY },
      validators: { etag: null, lastModified: null, ctag: null, syncToken: null }, expandKey: 'k',
    });
    // A live check that began at +10 s found a new meeting; a sync read that began at +5 s
    // (before the meeting was added) finishes after it.
    await recordSync(t, source, found([{ start: MON + 9 * HOUR, end: MON + 10 * HOUR }]), { startedAt: MON + 10_000, leased: false }, MON + 11_000);
    await recordSync(t, source, found([]), { startedAt: MON + 5_000, leased: true }, MON + 12_000);
    await recordSync(t, source, { kind: 'failed', error: 'late failure' }, { startedAt: MON + 6_000, leased: true }, MON + 12_000);
    const [record] = await t.store.calendars.list([source.id]);
    expect(record).toMatchObject({ busyCount: 1, lastSuccessAt: MON + 10_000, lastError: null });
  });

  it('does not offer days beyond what the last full read expanded, even with onFailure: ignore', async () => {
    const { t, feeds, path } = await setup({ sync: { onFailure: 'ignore' } });
    feeds.set(path, { body: icsOf([]) });
    await t.sync.syncAll();
    feeds.set(path, { status: 500 });
    // Nine days of failed reads later, the stored window (7-day horizon + 10 days) no
    // longer reaches the end of the horizon and two days past it.
    t.setNow(MON + 9 * DAY);
    await t.sync.syncAll();
    const lead = await submit(t);
    expect(lead.outcome).toBe('no_availability');
    expect((await traceOf(t, lead.leadId)).candidates).toEqual([{ repId: 'ny', included: false, reason: 'calendar_unavailable' }]);
  });
});

describe('the sync worker', () => {
  it('reads every source at start and again once it is due, and two instances never read a source twice in a round', async () => {
    const { t, feeds, path } = await setup({ sync: { refreshMinutes: 5, staleAfterMinutes: 30 } });
    feeds.set(path, { body: icsOf([]), etag: '"v1"' });
    let now = MON;
    const worker = createCalendarSync({ store: t.store, catalog: t.catalog, log: silentLogger, clock: () => now, secret: () => undefined, pollMs: 20 });
    worker.start();
    try {
      await expect.poll(() => feeds.requests.length, { timeout: 3_000 }).toBe(1);
      // Not due again for five minutes: polling reads nothing meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(feeds.requests.length).toBe(1);
      now += 5 * MINUTE;
      await expect.poll(() => feeds.requests.length, { timeout: 3_000 }).toBe(2);
    } finally {
      await worker.stop();
    }
    now += 5 * MINUTE;
    const other = createCalendarSync({ store: t.store, catalog: t.catalog, log: silentLogger, clock: () => now, secret: () => undefined });
    const again = createCalendarSync({ store: t.store, catalog: t.catalog, log: silentLogger, clock: () => now, secret: () => undefined });
    const [a, b] = await Promise.all([other.syncDue(), again.syncDue()]);
    expect(a.length + b.length).toBe(1);
    expect(feeds.requests.length).toBe(3);
  });
});

describe('the live re-check', () => {
  it('reads each calendar once for bookings that come in together, and stores what it found', async () => {
    const { t, feeds, path } = await setup();
    feeds.set(path, { body: icsOf([]), etag: '"v1"' });
    await t.sync.syncAll();
    feeds.set(path, { body: icsOf([{ uid: 'late@example.com', start: MON + 9 * HOUR, end: MON + 10 * HOUR }]), etag: '"v2"' });
    const before = feeds.requests.length;
    await Promise.all([t.sync.liveCheck(['ny'], 2_000), t.sync.liveCheck(['ny'], 2_000), t.sync.liveCheck(['ny', 'ldn'], 2_000)]);
    expect(feeds.requests.length - before).toBe(1);
    const [record] = await t.store.calendars.list([t.catalog.calendarSources.get('ny')![0]!.id]);
    expect(record!.busyCount).toBe(1);
  });
});

describe('GET /api/admin/calendars', () => {
  it('shows each rep\'s sources with state, last success, last error and the busy times held, never the URL\'s path', async () => {
    feeds = await startFeedServer();
    const yaml = testConfigWith((config) => {
      const reps = config.reps as Record<string, unknown>[];
      reps[0]!.calendars = [{ kind: 'ics', url: feeds!.url('/secret-token-123/basic.ics') }];
      reps[1]!.calendars = [{ kind: 'ics', url: feeds!.url('/leo-private') }];
    });
    t = await createTestApp({ now: MON, yaml, adminToken: 'admin-token-0123456789' });
    feeds.set('/secret-token-123/basic.ics', { body: icsOf([{ uid: 'a@x', start: MON + HOUR, end: MON + 2 * HOUR }, { uid: 'b@x', start: MON + DAY, end: MON + DAY + HOUR }]) });
    feeds.set('/leo-private', { status: 401 });
    await t.sync.syncAll();
    const response = await t.app.request('/api/admin/calendars', { headers: { authorization: 'Bearer admin-token-0123456789' } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain('secret-token-123');
    expect(text).not.toContain('leo-private');
    const host = new URL(feeds.url('/')).host;
    expect(JSON.parse(text)).toEqual({
      calendars: [
        { repId: 'ny', repName: 'Nora York', sources: [expect.objectContaining({
          kind: 'ics', label: `${host}/…/basic.ics`, state: 'ok', usable: true, lastSuccessAt: '2026-11-23T06:00:00.000Z', lastError: null, busyIntervals: 2, writeBookings: false,
        })] },
        { repId: 'ldn', repName: 'Leo Don', sources: [expect.objectContaining({
          kind: 'ics', label: host, state: 'stale', usable: false, lastSuccessAt: null, lastError: 'the feed answered 401 Unauthorized', busyIntervals: 0,
        })] },
      ],
    });
    expect((await t.app.request('/api/admin/calendars')).status).toBe(401);
  });
});
