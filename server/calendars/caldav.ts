import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { calendarQuery, createObject, deleteObject, propfind, type DAVResponse } from 'tsdav';

/**
 * A thin CalDAV client: reads the busy time of a rep's calendars and writes Usher's
 * bookings into them. tsdav builds the XML requests and parses the multistatus answers;
 * the fetch it is given (`guardedFetch`) adds Basic auth and the call's deadline, and
 * turns every answer that is not a 2xx, and every REPORT or PROPFIND answer that is not
 * a multistatus, into a CaldavError. tsdav on its own returns `[]` for some failures,
 * and an empty answer means "free": a broken credential must never look like that.
 */

/** Where a rep's CalDAV calendars are and how to log in. */
export type CaldavAccount = {
  /**
   * A calendar collection (http://host/ana/work/), or a principal or calendar home
   * (http://host/ana/) whose calendars are all read and the first of which (by URL)
   * that holds events is written to.
   */
  url: string;
  username: string;
  password: string;
};

/** Tags that change whenever something in the calendars changes; null when the server has none. */
export type CaldavTags = { ctag: string | null; syncToken: string | null };

/** What readCaldavBusy found. `objects` are the VCALENDAR texts of events overlapping the window. */
export type CaldavReadResult =
  | ({ status: 'not_modified' } & CaldavTags)
  | ({ status: 'ok'; objects: string[] } & CaldavTags);

/** A calendar collection found by discoverCaldavCalendars. */
export type CaldavCalendar = {
  url: string;
  ctag: string | null;
  syncToken: string | null;
  /** The component types it accepts (VEVENT, VTODO…); empty when the server did not say. */
  components: string[];
};

/** Where putCaldavEvent wrote the event. */
export type CaldavWriteResult = { url: string; etag: string | null };

/**
 * What went wrong, for the caller to decide: `auth` and `not_found` need someone to fix
 * the account; `timeout`, `unreachable` and `server` may pass on a retry; `protocol`
 * means the URL does not look like CalDAV; `invalid` is a bad argument.
 */
export type CaldavErrorKind = 'auth' | 'not_found' | 'timeout' | 'unreachable' | 'server' | 'protocol' | 'invalid';

/** A failed CalDAV call. The message is short, for an admin to read, and never holds the password. */
export class CaldavError extends Error {
  override name = 'CaldavError';
  /** The HTTP status the server answered with, when it answered. */
  readonly status?: number;
  readonly kind: CaldavErrorKind;

  constructor(message: string, kind: CaldavErrorKind, status?: number) {
    super(message);
    this.kind = kind;
    if (status !== undefined) this.status = status;
  }
}

type Window = { from: number; to: number };

/**
 * The calendars of the account: the collection itself when `url` is a calendar, else
 * the calendars under its calendar home (or under `url` itself when it names none),
 * sorted by URL so that the calendar written to stays the same from call to call.
 * Calendars on another origin are ignored: the password goes to `url`'s server only.
 * Throws a `not_found` CaldavError when there are none.
 */
export async function discoverCaldavCalendars(account: CaldavAccount, options: { timeoutMs: number }): Promise<CaldavCalendar[]> {
  return run(account, options.timeoutMs, (http) => findCalendars(http));
}

/**
 * The events overlapping [from, to) in the account's calendars, as whole VCALENDAR
 * objects: a recurring event comes back as its master (with its overrides) whenever
 * one of its occurrences overlaps, so the caller expands it. When the calendars' ctag
 * (or, lacking one, sync-token) equals `previous`, answers not_modified without
 * fetching events. Any failure, including a wrong password, throws a CaldavError.
 */
export async function readCaldavBusy(account: CaldavAccount, options: {
  from: number;
  to: number;
  previous?: CaldavTags | undefined;
  timeoutMs: number;
}): Promise<CaldavReadResult> {
  const window = checkedWindow(options);
  return run(account, options.timeoutMs, async (http) => {
    // The tags are read before the events, so a change between the two requests shows
    // as a new tag on the next read rather than being lost.
    const calendars = eventCalendars(await findCalendars(http));
    const tags = combinedTags(calendars);
    if (options.previous && unchanged(options.previous, tags)) return { status: 'not_modified', ...tags };
    const perCalendar = await Promise.all(calendars.map((calendar) => queryEvents(http, calendar.url, window)));
    return { status: 'ok', objects: perCalendar.flat(), ...tags };
  });
}

/**
 * Creates or replaces `<calendar>/<name>.ics` with a plain PUT (no If-None-Match), so a
 * retry after a lost answer replaces the first write and leaves one event. `name` is
 * the booking id. `calendarUrl` (a CaldavCalendar's url) skips discovery.
 */
export async function putCaldavEvent(account: CaldavAccount, options: {
  name: string;
  ics: string;
  timeoutMs: number;
  calendarUrl?: string | undefined;
}): Promise<CaldavWriteResult> {
  return run(account, options.timeoutMs, async (http) => {
    const url = eventUrl(await writeCalendar(http, options.calendarUrl), options.name);
    const response = await createObject({
      url,
      data: options.ics,
      headers: { 'content-type': 'text/calendar; charset=utf-8' },
      fetch: http.fetch,
    });
    await response.body?.cancel().catch(() => undefined);
    return { url, etag: response.headers.get('etag') };
  });
}

/**
 * Deletes `<calendar>/<name>.ics`. An event that is already gone (404, 410) is a
 * success, so deleting twice is fine; a missing calendar or a bad login is not.
 */
export async function deleteCaldavEvent(account: CaldavAccount, options: {
  name: string;
  timeoutMs: number;
  calendarUrl?: string | undefined;
}): Promise<void> {
  return run(account, options.timeoutMs, async (http) => {
    const url = eventUrl(await writeCalendar(http, options.calendarUrl), options.name);
    try {
      const response = await deleteObject({ url, fetch: http.fetch });
      await response.body?.cancel().catch(() => undefined);
    } catch (error) {
      if (error instanceof CaldavError && (error.status === 404 || error.status === 410)) return;
      throw error;
    }
  });
}

// ---------------------------------------------------------------------------------------
// One call: its deadline, its login, its errors.

type Http = {
  fetch: typeof fetch;
  /** The account's URL, as a collection URL (trailing slash). */
  base: URL;
};

async function run<T>(account: CaldavAccount, timeoutMs: number, work: (http: Http) => Promise<T>): Promise<T> {
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new CaldavError('CalDAV timeout must be a positive number of ms', 'invalid');
  const base = accountUrl(account);
  const deadline = AbortSignal.timeout(timeoutMs);
  // Ends requests still running when the call is over, e.g. the other calendars' queries
  // after one failed.
  const finished = new AbortController();
  const signal = AbortSignal.any([deadline, finished.signal]);
  const timedOut = () => new CaldavError(`CalDAV server did not answer within ${timeoutMs} ms`, 'timeout');
  try {
    return await work({ fetch: guardedFetch(account, signal, deadline, timedOut), base });
  } catch (error) {
    if (error instanceof CaldavError) throw error;
    if (deadline.aborted) throw timedOut();
    throw new CaldavError(`CalDAV request failed: ${foreign(messageOf(error), account)}`, 'protocol');
  } finally {
    finished.abort();
  }
}

function accountUrl(account: CaldavAccount): URL {
  let url: URL;
  try {
    url = new URL(account.url);
  } catch {
    throw new CaldavError('CalDAV URL is not a valid URL', 'invalid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CaldavError('CalDAV URL must start with http:// or https://', 'invalid');
  // fetch refuses such URLs with a message that quotes them, password included.
  if (url.username || url.password) throw new CaldavError('CalDAV URL must not contain a username or password', 'invalid');
  if (account.username.includes(':')) throw new CaldavError('CalDAV username must not contain ":"', 'invalid');
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/**
 * The fetch handed to tsdav: Basic auth, the call's signal, and a CaldavError for
 * anything but a 2xx answer (and, for REPORT and PROPFIND, a multistatus body).
 */
function guardedFetch(account: CaldavAccount, signal: AbortSignal, deadline: AbortSignal, timedOut: () => CaldavError): typeof fetch {
  const authorization = `Basic ${Buffer.from(`${account.username}:${account.password}`, 'utf8').toString('base64')}`;
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', authorization);
    const method = (init?.method ?? 'GET').toUpperCase();
    const url = new URL(input instanceof Request ? input.url : input);
    let response: Response;
    try {
      response = await fetch(url, { ...init, headers, signal });
    } catch (error) {
      if (deadline.aborted) throw timedOut();
      throw unreachable(error, url, account);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw statusError(response, method, url, account);
    }
    if (method !== 'REPORT' && method !== 'PROPFIND') return response;
    return multistatus(response, method, url);
  };
}

/** The answer again, once its body is known to be a DAV multistatus: tsdav reads an empty or HTML body as "no events". */
async function multistatus(response: Response, method: string, url: URL): Promise<Response> {
  const body = await response.text();
  if (!/<([\w.-]+:)?multistatus[\s/>]/.test(body)) {
    throw new CaldavError(`CalDAV server did not send a multistatus answer to ${method} ${url.pathname} (is this a CalDAV URL?)`, 'protocol', response.status);
  }
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

const STATUS_HINTS: Record<number, [CaldavErrorKind, string]> = {
  401: ['auth', 'check the username and password'],
  403: ['auth', 'this user may not use this calendar'],
  404: ['not_found', 'check the calendar URL'],
  410: ['not_found', 'check the calendar URL'],
  // Radicale, like most servers, refuses a second event with a UID already in the calendar.
  409: ['protocol', 'conflict: is this UID already in the calendar under another name?'],
};

function statusError(response: Response, method: string, url: URL, account: CaldavAccount): CaldavError {
  return statusProblem(response.status, foreign(response.statusText, account), method, url);
}

/** "CalDAV server answered 401 Unauthorized for /ana/work/ (check the username and password)". */
function statusProblem(status: number, statusText: string, method: string, url: URL): CaldavError {
  const text = statusText || STATUS_CODES[status] || '';
  const [kind, hint] = STATUS_HINTS[status] ?? (status >= 500 ? ['server', 'server error'] : ['protocol', `${method} refused`]);
  return new CaldavError(`CalDAV server answered ${status} ${text} for ${url.pathname} (${hint})`.replace(/ +/g, ' '), kind, status);
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ECONNRESET: 'connection closed before an answer',
  UND_ERR_SOCKET: 'connection closed before an answer',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

function unreachable(error: unknown, url: URL, account: CaldavAccount): CaldavError {
  const code = networkCode(error);
  const reason = code === undefined
    ? foreign(messageOf(error), account)
    : NETWORK_REASONS[code] ?? (/CERT|TLS|SSL/.test(code) ? `TLS certificate not accepted (${code})` : code);
  return new CaldavError(`Could not reach the CalDAV server at ${url.host}: ${reason}`, 'unreachable');
}

/** The system error code under fetch's "fetch failed" TypeError (or an AggregateError's first). */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current instanceof AggregateError && current.errors.length > 0 ? current.errors[0] : current.cause;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Text from elsewhere (the server, tsdav, Node) made fit for an error message: short,
 * and without the password even should it be echoed back.
 */
function foreign(text: string, account: CaldavAccount): string {
  let clean = text.replace(/\s+/g, ' ').trim();
  const secrets = [account.password, Buffer.from(`${account.username}:${account.password}`, 'utf8').toString('base64')];
  for (const secret of secrets) if (secret) clean = clean.replaceAll(secret, '***');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

// ---------------------------------------------------------------------------------------
// Discovery.

const COLLECTION_PROPS = {
  'd:resourcetype': {},
  'cs:getctag': {},
  'd:sync-token': {},
  'c:supported-calendar-component-set': {},
};

async function findCalendars(http: Http): Promise<CaldavCalendar[]> {
  const self = (await propfind({
    url: http.base.href,
    props: { ...COLLECTION_PROPS, 'c:calendar-home-set': {} },
    depth: '0',
    fetch: http.fetch,
  })).find((response) => sameUrl(response.href, http.base));
  if (!self) throw new CaldavError(`CalDAV server said nothing about ${http.base.pathname}`, 'protocol');
  // A status inside the multistatus (the HTTP status was a 207).
  if (!self.ok) throw statusProblem(self.status, '', 'PROPFIND', http.base);
  if (isCalendar(self)) return [calendarOf(self, http.base)];
  const home = homeOf(self, http.base) ?? http.base;
  const calendars = (await propfind({ url: home.href, props: COLLECTION_PROPS, depth: '1', fetch: http.fetch }))
    .filter((response) => response.ok && isCalendar(response) && !sameUrl(response.href, home))
    .map((response) => calendarOf(response, home))
    .filter((calendar) => new URL(calendar.url).origin === http.base.origin)
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  if (calendars.length === 0) throw new CaldavError(`No calendars found at ${http.base.pathname}`, 'not_found');
  return calendars;
}

/** The calendars that hold events; an error when none does, as reading none would look free. */
function eventCalendars(calendars: CaldavCalendar[]): CaldavCalendar[] {
  const events = calendars.filter((calendar) => calendar.components.length === 0 || calendar.components.includes('VEVENT'));
  if (events.length === 0) throw new CaldavError('No calendar for events found at this CalDAV URL', 'not_found');
  return events;
}

async function writeCalendar(http: Http, calendarUrl: string | undefined): Promise<URL> {
  if (calendarUrl === undefined) return new URL(eventCalendars(await findCalendars(http))[0]!.url);
  const url = new URL(calendarUrl, http.base);
  if (url.origin !== http.base.origin) throw new CaldavError('CalDAV calendar URL must be on the account URL\'s server', 'invalid');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

function eventUrl(calendar: URL, name: string): string {
  if (!name) throw new CaldavError('CalDAV event name must not be empty', 'invalid');
  return new URL(`${encodeURIComponent(name)}.ics`, calendar).href;
}

function isCalendar(response: DAVResponse): boolean {
  const type = prop(response, 'resourcetype');
  return typeof type === 'object' && type !== null && 'calendar' in type;
}

function calendarOf(response: DAVResponse, base: URL): CaldavCalendar {
  const url = new URL(response.href ?? '', base);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  const compSet = prop(response, 'supportedCalendarComponentSet');
  const comps = typeof compSet === 'object' && compSet !== null ? (compSet as { comp?: unknown }).comp : undefined;
  return {
    url: url.href,
    ctag: text(prop(response, 'getctag')),
    syncToken: text(prop(response, 'syncToken')),
    components: listOf(comps)
      .map((comp) => (comp as { _attributes?: { name?: unknown } } | null)?._attributes?.name)
      .filter((name): name is string => typeof name === 'string')
      .map((name) => name.toUpperCase()),
  };
}

function homeOf(response: DAVResponse, base: URL): URL | null {
  const homeSet = prop(response, 'calendarHomeSet');
  const href = typeof homeSet === 'object' && homeSet !== null ? text(listOf((homeSet as { href?: unknown }).href)[0]) : null;
  if (!href) return null;
  const home = new URL(href, base);
  return home.origin === base.origin ? home : null;
}

function sameUrl(href: string | undefined, url: URL): boolean {
  if (href === undefined) return false;
  const strip = (path: string) => decodeURIComponent(path).replace(/\/+$/, '');
  return strip(new URL(href, url).pathname) === strip(url.pathname);
}

// ---------------------------------------------------------------------------------------
// Events and tags.

async function queryEvents(http: Http, calendarUrl: string, window: Window): Promise<string[]> {
  const responses = await calendarQuery({
    url: calendarUrl,
    props: { 'd:getetag': {}, 'c:calendar-data': {} },
    filters: {
      'comp-filter': {
        _attributes: { name: 'VCALENDAR' },
        'comp-filter': {
          _attributes: { name: 'VEVENT' },
          'time-range': { _attributes: { start: caldavTime(window.from, Math.floor), end: caldavTime(window.to, Math.ceil) } },
        },
      },
    },
    depth: '1',
    fetch: http.fetch,
  });
  return responses.map((response) => {
    const data = text(prop(response, 'calendarData'));
    // An event without its data cannot be told busy or free: fail rather than drop it.
    if (!data) throw new CaldavError(`CalDAV server sent no calendar-data for ${response.href ?? 'an event'}`, 'protocol');
    return data;
  });
}

function checkedWindow(options: Window): Window {
  const { from, to } = options;
  if (!(Number.isFinite(from) && Number.isFinite(to) && from < to)) throw new CaldavError('CalDAV read window must have from < to', 'invalid');
  return { from, to };
}

/** A UTC time as CalDAV's time-range wants it (20250106T090000Z), rounded to the second outwards. */
function caldavTime(instant: number, round: (seconds: number) => number): string {
  return new Date(round(instant / 1000) * 1000).toISOString().replace(/[-:]|\.\d{3}/g, '');
}

/**
 * One tag for all the calendars read: the calendar's own when there is one, else a
 * digest of every calendar's URL and tag (so an added calendar changes it too); null
 * when any calendar has none, since then a change could go unseen.
 */
function combinedTags(calendars: CaldavCalendar[]): CaldavTags {
  const combine = (pick: (calendar: CaldavCalendar) => string | null): string | null => {
    const tags = calendars.map(pick);
    if (tags.some((tag) => tag === null)) return null;
    if (tags.length === 1) return tags[0]!;
    const pairs = calendars.map((calendar, index) => [calendar.url, tags[index]]);
    return `sha256:${createHash('sha256').update(JSON.stringify(pairs)).digest('base64url')}`;
  };
  return { ctag: combine((calendar) => calendar.ctag), syncToken: combine((calendar) => calendar.syncToken) };
}

function unchanged(previous: CaldavTags, current: CaldavTags): boolean {
  if (previous.ctag !== null && current.ctag !== null) return previous.ctag === current.ctag;
  if (previous.syncToken !== null && current.syncToken !== null) return previous.syncToken === current.syncToken;
  return false;
}

// ---------------------------------------------------------------------------------------
// tsdav's parsed XML: camelCased element names, text as string (or number, or
// boolean, which tsdav converts), `_cdata`/`_text` objects, one element or a list.

function prop(response: DAVResponse, name: string): unknown {
  const props: Record<string, unknown> | undefined = response.props;
  return props?.[name];
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && value !== null) {
    const { _cdata, _text } = value as { _cdata?: unknown; _text?: unknown };
    return text(_cdata ?? _text);
  }
  return null;
}

function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
