import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CaldavError, deleteCaldavEvent, discoverCaldavCalendars, putCaldavEvent, readCaldavBusy,
  type CaldavAccount, type CaldavReadResult,
} from '../../../server/calendars/caldav.ts';
import { radicaleTestsEnabled, startRadicale, type Radicale } from '../../helpers/radicale.ts';

const USERS = { ana: 'ana-secret', bo: 'bo-secret', cy: 'cy-secret', dee: 'dee-secret' };
const WRONG_PASSWORD = 'not-the-password-7d1f';
const TIMEOUT_MS = 5000;

// Monday 23 November 2026 (CET, UTC+1), the week the tests look at.
const at = (day: number, hour: number, minute = 0) => Date.UTC(2026, 10, 23 + day, hour, minute);
const MONDAY = { from: at(0, 0), to: at(1, 0) };

/** A VCALENDAR with one VEVENT (plus `extra` components), CRLF line ends as RFC 5545 wants. */
function ics(event: { uid: string; start: string; end: string; lines?: string[]; extra?: string[] }): string {
  return [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Usher tests//EN',
    ...(event.extra ?? []),
    'BEGIN:VEVENT', `UID:${event.uid}`, 'DTSTAMP:20261101T000000Z',
    event.start.includes(':') ? `DTSTART;${event.start}` : `DTSTART:${event.start}`,
    event.end.includes(':') ? `DTEND;${event.end}` : `DTEND:${event.end}`,
    `SUMMARY:${event.uid}`, ...(event.lines ?? []),
    'END:VEVENT', 'END:VCALENDAR', '',
  ].join('\r\n');
}

const BERLIN = [
  'BEGIN:VTIMEZONE', 'TZID:Europe/Berlin',
  'BEGIN:DAYLIGHT', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'TZNAME:CEST', 'DTSTART:19700329T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'END:DAYLIGHT',
  'BEGIN:STANDARD', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'TZNAME:CET', 'DTSTART:19701025T030000', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'END:STANDARD',
  'END:VTIMEZONE',
];

function uidsOf(result: CaldavReadResult): string[] {
  if (result.status !== 'ok') throw new Error(`expected ok, got ${result.status}`);
  return result.objects.map((object) => /^UID:(.*)$/m.exec(object)?.[1]?.trim() ?? '?').sort();
}

/** Awaits the rejection and checks it is a CaldavError that does not give the password away. */
async function caldavError(promise: Promise<unknown>): Promise<CaldavError> {
  const error = await promise.then(
    (value) => { throw new Error(`expected a CaldavError, got ${JSON.stringify(value)}`); },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CaldavError);
  const everything = `${inspect(error, { depth: 5 })} ${String((error as Error).stack)}`;
  for (const secret of [...Object.values(USERS), WRONG_PASSWORD]) {
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(Buffer.from(secret).toString('base64').slice(0, 12));
  }
  return error as CaldavError;
}

/** A TCP server that accepts connections and never says a word. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ana/work/`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** An HTTP server that answers every request with `status` and `body`, like a web page or a broken proxy. */
async function notCaldavServer(status: number, body: string, type: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: HttpServer = createHttpServer((_request, response) => {
    response.writeHead(status, { 'content-type': type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ana/work/`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe.skipIf(!radicaleTestsEnabled())('CalDAV calendars, against a real Radicale', () => {
  let radicale: Radicale;
  let calendars = 0;
  beforeAll(async () => {
    radicale = await startRadicale({ users: USERS });
  }, 20_000);
  afterAll(() => radicale?.stop());

  const as = (url: string, username: keyof typeof USERS = 'ana'): CaldavAccount => ({ url, username, password: USERS[username] });
  const newCalendar = (user: keyof typeof USERS = 'ana') => radicale.makeCalendar(user, `calendar-${++calendars}`);
  const read = (url: string, window = MONDAY, previous?: CaldavReadResult) =>
    readCaldavBusy(as(url), { ...window, previous, timeoutMs: TIMEOUT_MS });

  describe('reading busy time', () => {
    it('returns an event that overlaps the window and none that only touches or misses it', async () => {
      const url = await newCalendar();
      await radicale.putEvent(url, 'inside', ics({ uid: 'inside', start: '20261123T090000Z', end: '20261123T100000Z' }));
      await radicale.putEvent(url, 'next-week', ics({ uid: 'next-week', start: '20261130T090000Z', end: '20261130T100000Z' }));
      await radicale.putEvent(url, 'ends-at-from', ics({ uid: 'ends-at-from', start: '20261122T230000Z', end: '20261123T000000Z' }));
      await radicale.putEvent(url, 'starts-at-to', ics({ uid: 'starts-at-to', start: '20261124T000000Z', end: '20261124T010000Z' }));

      const result = await read(url);
      expect(uidsOf(result)).toEqual(['inside']);
      if (result.status === 'ok') expect(result.objects[0]).toMatch(/^BEGIN:VCALENDAR/);
    });

    it('places an event given in a TZID time zone at its real instant', async () => {
      const url = await newCalendar();
      // 10:00–11:00 in Berlin is 09:00–10:00 UTC in November.
      await radicale.putEvent(url, 'berlin', ics({
        uid: 'berlin', start: 'TZID=Europe/Berlin:20261123T100000', end: 'TZID=Europe/Berlin:20261123T110000', extra: BERLIN,
      }));

      expect(uidsOf(await read(url, { from: at(0, 9, 30), to: at(0, 10, 30) }))).toEqual(['berlin']);
      expect(uidsOf(await read(url, { from: at(0, 10), to: at(0, 11) }))).toEqual([]);
    });

    it('returns a weekly event whose first occurrence is weeks before the window, as its master, when it recurs into the window', async () => {
      const url = await newCalendar();
      // Mondays 09:00 UTC from 5 October, six weeks before the window; no end.
      await radicale.putEvent(url, 'weekly', ics({ uid: 'weekly', start: '20261005T090000Z', end: '20261005T100000Z', lines: ['RRULE:FREQ=WEEKLY'] }));
      await radicale.putEvent(url, 'ten-weeks', ics({ uid: 'ten-weeks', start: '20261005T120000Z', end: '20261005T130000Z', lines: ['RRULE:FREQ=WEEKLY;COUNT=10'] }));
      await radicale.putEvent(url, 'ended', ics({ uid: 'ended', start: '20261005T140000Z', end: '20261005T150000Z', lines: ['RRULE:FREQ=WEEKLY;UNTIL=20261110T000000Z'] }));

      const monday = await read(url);
      expect(uidsOf(monday)).toEqual(['ten-weeks', 'weekly']);
      // The master itself, unexpanded, for the caller to expand.
      if (monday.status === 'ok') {
        const weekly = monday.objects.find((object) => object.includes('UID:weekly'));
        expect(weekly).toContain('DTSTART:20261005T090000Z');
        expect(weekly).toContain('RRULE:FREQ=WEEKLY');
      }
      // No occurrence on the Tuesday: the server matched occurrences, not "some master started before".
      expect(uidsOf(await read(url, { from: at(1, 0), to: at(2, 0) }))).toEqual([]);
    });

    it('answers not_modified while the calendar is unchanged, and ok again after a change', async () => {
      const url = await newCalendar();
      await radicale.putEvent(url, 'first', ics({ uid: 'first', start: '20261123T090000Z', end: '20261123T100000Z' }));

      const first = await read(url);
      expect(first.status).toBe('ok');
      expect(first.ctag).toEqual(expect.any(String));
      expect(first.syncToken).toEqual(expect.any(String));
      const second = await read(url, MONDAY, first);
      expect(second).toEqual({ status: 'not_modified', ctag: first.ctag, syncToken: first.syncToken });

      await radicale.putEvent(url, 'second', ics({ uid: 'second', start: '20261123T140000Z', end: '20261123T150000Z' }));
      const third = await read(url, MONDAY, second);
      expect(third.ctag).not.toBe(first.ctag);
      expect(uidsOf(third)).toEqual(['first', 'second']);
    });

    it('keeps the same ctag across a Radicale restart, so a restart costs no refetch', async () => {
      const url = await newCalendar();
      await radicale.putEvent(url, 'before', ics({ uid: 'before', start: '20261123T090000Z', end: '20261123T100000Z' }));
      const before = await read(url);

      await radicale.restart();
      expect((await read(url, MONDAY, before)).status).toBe('not_modified');
    });
  });

  describe('writing bookings', () => {
    it('puts an event, replaces it when put again under the same name, and leaves exactly one', async () => {
      const url = await newCalendar();
      const name = '5b0c1f9e-2f4a-4c39-9a57-0f4c3b1d2e77';
      const account = as(url);
      const written = await putCaldavEvent(account, { name, ics: ics({ uid: name, start: '20261123T090000Z', end: '20261123T100000Z' }), timeoutMs: TIMEOUT_MS });
      expect(written.url).toBe(`${url}${name}.ics`);
      expect(uidsOf(await read(url))).toEqual([name]);

      const moved = ics({ uid: name, start: '20261123T140000Z', end: '20261123T150000Z', lines: ['SEQUENCE:1'] });
      await putCaldavEvent(account, { name, ics: moved, timeoutMs: TIMEOUT_MS });
      // A retry after a lost answer: the same PUT again.
      await putCaldavEvent(account, { name, ics: moved, timeoutMs: TIMEOUT_MS });

      expect(await radicale.listObjects(url)).toEqual([new URL(`${url}${name}.ics`).pathname]);
      const result = await read(url);
      expect(uidsOf(result)).toEqual([name]);
      if (result.status === 'ok') expect(result.objects[0]).toContain('DTSTART:20261123T140000Z');
      expect(uidsOf(await read(url, { from: at(0, 9), to: at(0, 10) }))).toEqual([]);
    });

    it('deletes an event, and deleting it again succeeds', async () => {
      const url = await newCalendar();
      const name = 'c1d7a2e0-8b5f-4f1e-9d6a-3e2b1c0f9a88';
      await putCaldavEvent(as(url), { name, ics: ics({ uid: name, start: '20261123T090000Z', end: '20261123T100000Z' }), timeoutMs: TIMEOUT_MS });

      await deleteCaldavEvent(as(url), { name, timeoutMs: TIMEOUT_MS });
      expect(await radicale.listObjects(url)).toEqual([]);
      expect(uidsOf(await read(url))).toEqual([]);
      await expect(deleteCaldavEvent(as(url), { name, timeoutMs: TIMEOUT_MS })).resolves.toBeUndefined();
    });

    it('does not take a delete in a calendar that does not exist for "already gone"', async () => {
      const error = await caldavError(deleteCaldavEvent(as(radicale.calendarUrl('ana', 'no-such-calendar')), { name: 'x', timeoutMs: TIMEOUT_MS }));
      expect(error.status).toBe(404);
    });
  });

  describe('a principal URL with several calendars', () => {
    it('reads the events of every calendar under it', async () => {
      const a = await radicale.makeCalendar('cy', 'a-work');
      const b = await radicale.makeCalendar('cy', 'b-private');
      await radicale.putEvent(a, 'work', ics({ uid: 'work', start: '20261123T090000Z', end: '20261123T100000Z' }));
      await radicale.putEvent(b, 'dentist', ics({ uid: 'dentist', start: '20261123T150000Z', end: '20261123T160000Z' }));
      const principal = as(`${radicale.baseUrl}/cy/`, 'cy');

      const first = await readCaldavBusy(principal, { ...MONDAY, timeoutMs: TIMEOUT_MS });
      expect(uidsOf(first)).toEqual(['dentist', 'work']);
      expect((await readCaldavBusy(principal, { ...MONDAY, previous: first, timeoutMs: TIMEOUT_MS })).status).toBe('not_modified');

      // A change in either calendar changes the combined tag.
      await radicale.putEvent(b, 'gym', ics({ uid: 'gym', start: '20261123T180000Z', end: '20261123T190000Z' }));
      expect(uidsOf(await readCaldavBusy(principal, { ...MONDAY, previous: first, timeoutMs: TIMEOUT_MS }))).toEqual(['dentist', 'gym', 'work']);

      const found = await discoverCaldavCalendars(principal, { timeoutMs: TIMEOUT_MS });
      expect(found.map((calendar) => calendar.url)).toEqual([a, b]);
      expect(found.every((calendar) => calendar.ctag !== null && calendar.components.includes('VEVENT'))).toBe(true);
    });

    it('writes to and deletes from the first calendar by URL, or the one named', async () => {
      const principal = as(`${radicale.baseUrl}/cy/`, 'cy');
      const first = radicale.calendarUrl('cy', 'a-work');
      const second = radicale.calendarUrl('cy', 'b-private');
      const event = (name: string) => ics({ uid: name, start: '20261124T090000Z', end: '20261124T100000Z' });

      const written = await putCaldavEvent(principal, { name: 'booking-1', ics: event('booking-1'), timeoutMs: TIMEOUT_MS });
      expect(written.url).toBe(`${first}booking-1.ics`);
      await putCaldavEvent(principal, { name: 'booking-2', ics: event('booking-2'), timeoutMs: TIMEOUT_MS, calendarUrl: second });
      expect(await radicale.listObjects(second)).toContain('/cy/b-private/booking-2.ics');

      await deleteCaldavEvent(principal, { name: 'booking-1', timeoutMs: TIMEOUT_MS });
      await deleteCaldavEvent(principal, { name: 'booking-2', timeoutMs: TIMEOUT_MS, calendarUrl: second });
      expect(await radicale.listObjects(first)).not.toContain('/cy/a-work/booking-1.ics');
      expect(await radicale.listObjects(second)).not.toContain('/cy/b-private/booking-2.ics');
    });

    it('fails rather than reading "free" from a principal without calendars', async () => {
      const error = await caldavError(readCaldavBusy(as(`${radicale.baseUrl}/dee/`, 'dee'), { ...MONDAY, timeoutMs: TIMEOUT_MS }));
      expect(error.message).toBe('No calendars found at /dee/');
    });
  });

  describe('failures, which must never read as a free calendar', () => {
    it('rejects a wrong password with a 401 CaldavError, when reading, writing and deleting', async () => {
      const url = await newCalendar();
      await radicale.putEvent(url, 'busy', ics({ uid: 'busy', start: '20261123T090000Z', end: '20261123T100000Z' }));
      const account = { url, username: 'ana', password: WRONG_PASSWORD };

      const reading = await caldavError(readCaldavBusy(account, { ...MONDAY, timeoutMs: TIMEOUT_MS }));
      expect(reading).toMatchObject({ status: 401, kind: 'auth' });
      expect(reading.message).toBe(`CalDAV server answered 401 Unauthorized for ${new URL(url).pathname} (check the username and password)`);
      expect((await caldavError(putCaldavEvent(account, { name: 'b', ics: 'x', timeoutMs: TIMEOUT_MS, calendarUrl: url }))).status).toBe(401);
      expect((await caldavError(deleteCaldavEvent(account, { name: 'busy', timeoutMs: TIMEOUT_MS, calendarUrl: url }))).status).toBe(401);
    });

    it("rejects another user's calendar with a 403 CaldavError", async () => {
      const url = await radicale.makeCalendar('bo', 'bo-only');
      const error = await caldavError(read(url));
      expect(error).toMatchObject({ status: 403, kind: 'auth' });
    });

    it('rejects a calendar that does not exist with a 404 CaldavError', async () => {
      const error = await caldavError(read(radicale.calendarUrl('ana', 'no-such-calendar')));
      expect(error).toMatchObject({ status: 404, kind: 'not_found' });
      expect(error.message).toContain('/ana/no-such-calendar/');
    });

    it('fails with "connection refused", well within the timeout, when the server is down', async () => {
      const other = await startRadicale();
      const url = await other.makeCalendar('ana');
      expect((await read(url)).status).toBe('ok');
      await other.stop();

      const started = Date.now();
      const error = await caldavError(read(url));
      expect(error.message).toBe(`Could not reach the CalDAV server at 127.0.0.1:${other.port}: connection refused`);
      expect(error.kind).toBe('unreachable');
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
    }, 20_000);

    it('times out within timeoutMs when a server accepts the connection and never answers', async () => {
      const silent = await silentServer();
      try {
        for (const call of [
          () => readCaldavBusy(as(silent.url), { ...MONDAY, timeoutMs: 300 }),
          () => putCaldavEvent(as(silent.url), { name: 'x', ics: 'x', timeoutMs: 300 }),
          () => deleteCaldavEvent(as(silent.url), { name: 'x', timeoutMs: 300, calendarUrl: silent.url }),
        ]) {
          const started = Date.now();
          const error = await caldavError(call());
          const elapsed = Date.now() - started;
          expect(error).toMatchObject({ message: 'CalDAV server did not answer within 300 ms', kind: 'timeout' });
          expect(elapsed).toBeGreaterThanOrEqual(290);
          expect(elapsed).toBeLessThan(300 + 250);
        }
      } finally {
        await silent.close();
      }
    });

    it('rejects an HTTP server that is not CalDAV (a web page, an empty 207) instead of reading it as free', async () => {
      for (const [status, body, type] of [[200, '<html><body>Welcome</body></html>', 'text/html'], [207, '', 'text/xml']] as const) {
        const server = await notCaldavServer(status, body, type);
        try {
          const error = await caldavError(readCaldavBusy(as(server.url), { ...MONDAY, timeoutMs: TIMEOUT_MS }));
          expect(error.kind).toBe('protocol');
          expect(error.message).toMatch(/did not send a multistatus answer to PROPFIND \/ana\/work\//);
        } finally {
          await server.close();
        }
      }
    });

    it('never puts the password in an error message, even when it is in the URL', async () => {
      const withCredentials = radicale.calendarUrl('ana', 'x').replace('http://', `http://ana:${USERS.ana}@`);
      const error = await caldavError(readCaldavBusy(as(withCredentials), { ...MONDAY, timeoutMs: TIMEOUT_MS }));
      expect(error.message).toBe('CalDAV URL must not contain a username or password');
      // caldavError checked every other failure above for the password the same way.
    });
  });
});
