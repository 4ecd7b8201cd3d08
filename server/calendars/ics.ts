import ICAL from 'ical.js';
import { instantOfWallClock, isIanaZone, resolveTzid } from './zones.ts';

/**
 * ICS text → the rep's busy intervals in a window. Pure: no clock, no I/O.
 *
 * ical.js parses and steps through RRULEs; everything that decides an instant is done
 * here, from each occurrence's wall clock as written and an IANA zone (see `zoneOf`),
 * so a recurring 10:00 New York meeting is at 10:00 New York on both sides of a DST
 * change. Times are handled as "wall" numbers: the local date and time written as if it
 * were UTC, in ms, so calendar arithmetic is plain addition and a zone turns a wall
 * into an instant.
 */

/** A busy interval, epoch ms, half-open `[start, end)`, with the UID of its event. */
export type BusyEvent = { start: number; end: number; uid: string };

export type ExpandOptions = {
  /** Window, epoch ms: every busy interval overlapping `[from, to)` is returned. */
  from: number;
  to: number;
  /** IANA zone of the rep: floating times and all-day dates are read in it. */
  repZone: string;
  /** The rep's addresses, to find their own ATTENDEE line (case-insensitive, "mailto:" optional). */
  repEmails: readonly string[];
  allDayEvents: 'block' | 'ignore';
  /** Events Usher wrote itself, recognised by UID, are skipped. */
  ignoreUid?: (uid: string) => boolean;
  /** Default 200 000. More busy intervals in the window → IcsError. */
  maxIntervals?: number;
};

/** The calendar cannot be turned into busy times: unreadable, too big, or too dense. */
export class IcsError extends Error {
  override name = 'IcsError';
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Wider than any UTC offset (-12 h … +14 h) plus a DST jump: an occurrence's instant is
// within SLACK of its wall clock, which lets us skip far-off occurrences without a zone lookup.
const SLACK = 26 * HOUR;
const DEFAULT_MAX_INTERVALS = 200_000;
// Per RRULE: both the steps ical.js is asked for and our estimate of the steps it would
// walk internally to reach the window. Beyond it we throw rather than skip the event:
// dropping a real busy time would offer slots the rep cannot take, while an error keeps
// the sync on its last good copy and tells someone. Daily since 1900 is ~46 000 steps.
const MAX_STEPS_PER_RULE = 100_000;
const MAX_TEXT_LENGTH = 64 * 1024 * 1024;
const UNIT: Readonly<Record<string, number>> = {
  SECONDLY: SECOND, MINUTELY: MINUTE, HOURLY: HOUR, DAILY: DAY, WEEKLY: 7 * DAY, MONTHLY: 28 * DAY, YEARLY: 365 * DAY,
};
const WEEKDAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

type Component = InstanceType<typeof ICAL.Component>;
type Property = InstanceType<typeof ICAL.Property>;
type Time = InstanceType<typeof ICAL.Time>;
type Recur = InstanceType<typeof ICAL.Recur>;
type Timezone = InstanceType<typeof ICAL.Timezone>;
type JCal = unknown[];

/** Wall clock → epoch ms, for one zone. */
type Zone = (wall: number) => number;
/** A DTSTART-like value: its wall clock, whether it is a DATE, and the zone it is read in. */
type Moment = { wall: number; isDate: boolean; zone: Zone };
/** An event's length: whole local days (DST-proof, RFC 5545 nominal duration), then exact ms. */
type Length = { days: number; ms: number };
type Until = { kind: 'instant' | 'wall' | 'day'; at: number } | null;
type Group = { uid: string; masters: Component[]; overrides: Component[] };

type Context = {
  from: number;
  to: number;
  rep: Zone;
  emails: ReadonlySet<string>;
  allDay: 'block' | 'ignore';
  maxIntervals: number;
  ignoreUid: (uid: string) => boolean;
  zones: Map<string, Zone>;
  fileZones: WeakMap<Timezone, Zone | null>;
  out: BusyEvent[];
};

const utc: Zone = (wall) => wall;

/**
 * The busy intervals of one ICS text that overlap `[options.from, options.to)`, sorted by
 * start then end, not merged (each keeps its event's UID). Throws IcsError when the text
 * is not a readable calendar or holds too many busy times; an event that cannot be read
 * (a broken DTSTART or RRULE, say) is left out and the rest are kept.
 */
export function busyFromIcs(text: string, options: ExpandOptions): BusyEvent[] {
  return busyFromIcsObjects([text], options);
}

/**
 * As `busyFromIcs`, for several VCALENDAR texts at once (CalDAV answers one per object).
 * Events are grouped by UID across all texts, so an override finds its master wherever it is.
 */
export function busyFromIcsObjects(texts: readonly string[], options: ExpandOptions): BusyEvent[] {
  const ctx = contextOf(options);
  const label = (i: number) => (texts.length === 1 ? 'the calendar' : `calendar object ${i + 1} of ${texts.length}`);
  const events = texts.flatMap((text, i) => calendarsOf(text, label(i)).flatMap(eventsOf));
  for (const group of groupByUid(events)) {
    if (group.uid !== '' && ctx.ignoreUid(group.uid)) continue;
    expandGroup(group, ctx);
  }
  return ctx.out.sort((a, b) => a.start - b.start || a.end - b.end || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
}

function contextOf(options: ExpandOptions): Context {
  const { from, to, repZone } = options;
  // Bad options are the caller's bug, not the calendar's: not an IcsError.
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new RangeError('from and to must be epoch milliseconds');
  if (!isIanaZone(repZone)) throw new RangeError(`repZone is not an IANA time zone: ${String(repZone)}`);
  const maxIntervals = options.maxIntervals ?? DEFAULT_MAX_INTERVALS;
  if (!(maxIntervals >= 0)) throw new RangeError('maxIntervals must be a number ≥ 0');
  const zones = new Map<string, Zone>();
  const ctx: Context = {
    from, to, rep: utc, maxIntervals, zones,
    emails: new Set(options.repEmails.map(normaliseAddress).filter((address) => address !== '')),
    allDay: options.allDayEvents,
    ignoreUid: options.ignoreUid ?? (() => false),
    fileZones: new WeakMap(),
    out: [],
  };
  ctx.rep = ianaZone(repZone, ctx);
  return ctx;
}

// ---------------------------------------------------------------------------------------
// Reading text

/** The VCALENDAR jCal trees of a text: strict ical.js parse first, a per-event parse when it fails. */
function calendarsOf(text: string, label: string): JCal[] {
  if (typeof text !== 'string') throw unreadable(label, 'it is not text');
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.length > MAX_TEXT_LENGTH) throw new IcsError(`${label} is too big to read (over 64 MB)`);
  if (body.trim() === '') throw unreadable(label, 'it is empty');
  let parsed: unknown;
  try {
    parsed = ICAL.parse(body);
  } catch {
    return tolerantCalendarsOf(body, label);
  }
  const roots = (Array.isArray(parsed) && typeof parsed[0] === 'string' ? [parsed] : Array.isArray(parsed) ? parsed : [])
    .filter((root): root is JCal => isComponentNamed(root, 'vcalendar'));
  if (roots.length === 0) throw unreadable(label, 'it is not an iCalendar file');
  return roots;
}

/**
 * ical.js rejects a whole file over one bad line (a stray unfolded DESCRIPTION line, an
 * RRULE it cannot read). Here each VEVENT/VTIMEZONE is parsed on its own, retried without
 * lines that are not properties, and left out if it still fails, so one broken event
 * does not cost the rep their whole calendar. A file that stops before END:VCALENDAR is
 * an error: a truncated download would silently lose the events after the cut.
 */
function tolerantCalendarsOf(body: string, label: string): JCal[] {
  const roots: JCal[] = [];
  let calendar: JCal[] | null = null;
  let block: string[] | null = null;
  let depth = 0;
  for (const line of unfold(body)) {
    const begin = /^BEGIN:(.*)$/i.exec(line)?.[1]?.trim().toUpperCase();
    const end = /^END:(.*)$/i.exec(line)?.[1]?.trim().toUpperCase();
    if (!calendar) {
      if (begin === 'VCALENDAR') calendar = [];
      continue;
    }
    if (end === 'VCALENDAR') {
      roots.push(['vcalendar', [], calendar]);
      calendar = null;
      block = null;
      continue;
    }
    if (block) {
      block.push(line);
      if (begin) depth++;
      else if (end && --depth === 0) {
        const component = parseBlock(block);
        if (component) calendar.push(component);
        block = null;
      }
    } else if (begin) {
      block = [line];
      depth = 1;
    }
  }
  if (calendar) throw unreadable(label, 'it ends before END:VCALENDAR');
  if (roots.length === 0) throw unreadable(label, 'it is not an iCalendar file');
  return roots;
}

function parseBlock(lines: string[]): JCal | null {
  const propertyLines = lines.filter((line) => /^[A-Za-z0-9-]+[;:]/.test(line));
  for (const candidate of [lines, propertyLines]) {
    try {
      const parsed: unknown = ICAL.parse(candidate.join('\r\n'));
      if (Array.isArray(parsed) && typeof parsed[0] === 'string') return parsed;
    } catch {
      // try the next reading
    }
  }
  return null;
}

/** Content lines with RFC 5545 folding undone. */
function unfold(body: string): string[] {
  const lines: string[] = [];
  for (const raw of body.split(/\r\n|\n|\r/)) {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && lines.length > 0) lines[lines.length - 1] += raw.slice(1);
    else if (raw.trim() !== '') lines.push(raw);
  }
  return lines;
}

/**
 * The VEVENTs of one VCALENDAR, each parented to a calendar holding only that file's
 * VTIMEZONEs: ical.js looks a TZID up by scanning every sibling of the events, which
 * would make a 5 000-event feed quadratic.
 */
function eventsOf(root: JCal): Component[] {
  const children = Array.isArray(root[2]) ? (root[2] as unknown[]) : [];
  const zones = children.filter((child) => isComponentNamed(child, 'vtimezone') && hasTzid(child));
  const host = new ICAL.Component(['vcalendar', [], zones]);
  return children
    .filter((child): child is JCal => isComponentNamed(child, 'vevent'))
    .map((jcal) => new ICAL.Component(jcal, host));
}

function isComponentNamed(value: unknown, name: string): value is JCal {
  return Array.isArray(value) && value[0] === name && Array.isArray(value[1]) && Array.isArray(value[2]);
}

// ical.js throws on every TZID lookup in a file that has a VTIMEZONE without a TZID.
function hasTzid(jcal: JCal): boolean {
  const properties = jcal[1];
  return Array.isArray(properties) && properties.some((p: unknown) => Array.isArray(p) && p[0] === 'tzid' && typeof p[3] === 'string');
}

function unreadable(label: string, reason: string): IcsError {
  return new IcsError(`${label} could not be read: ${reason}`);
}

function groupByUid(events: Component[]): Group[] {
  const groups = new Map<string, Group>();
  let anonymous = 0;
  for (const event of events) {
    const uid = readUid(event);
    // Events without a UID cannot be related to anything: each stands alone.
    const key = uid === '' ? `\u0000${anonymous++}` : uid;
    let group = groups.get(key);
    if (!group) groups.set(key, group = { uid, masters: [], overrides: [] });
    (event.hasProperty('recurrence-id') ? group.overrides : group.masters).push(event);
  }
  return [...groups.values()];
}

/** The UID, read from the jCal: hydrating every event's properties to group them costs more. */
function readUid(event: Component): string {
  const properties: unknown = event.jCal[1];
  if (!Array.isArray(properties)) return '';
  const uid: unknown = properties.find((p: unknown) => Array.isArray(p) && p[0] === 'uid');
  return Array.isArray(uid) && typeof uid[3] === 'string' ? uid[3].trim() : '';
}

// ---------------------------------------------------------------------------------------
// Expanding

/**
 * One UID: its masters (RRULE/RDATE/EXDATE) and its RECURRENCE-ID overrides. An override
 * replaces the occurrence it names wherever it moved it, so the master skips that
 * occurrence and the override stands as its own event, busy or free on its own terms
 * (a cancelled override thus removes the occurrence).
 */
function expandGroup(group: Group, ctx: Context): void {
  const replaced: Moment[] = [];
  for (const override of group.overrides) {
    try {
      replaced.push(momentOf(property(override, 'recurrence-id'), ctx));
    } catch {
      // An unreadable RECURRENCE-ID replaces nothing; the override still counts.
    }
  }
  let masterLength: Length | null = null;
  for (const master of group.masters) {
    commit(ctx, () => {
      const { busy, length } = expandMaster(master, group.uid, replaced, ctx);
      masterLength ??= length;
      return busy;
    });
  }
  for (const override of group.overrides) commit(ctx, () => expandOverride(override, group.uid, masterLength, ctx));
}

/** Adds an event's intervals, or none of them if it cannot be read. */
function commit(ctx: Context, expand: () => BusyEvent[]): void {
  let busy: BusyEvent[];
  try {
    busy = expand();
  } catch (error) {
    if (error instanceof IcsError) throw error;
    return; // a broken event is left out; the rest of the calendar stands
  }
  for (const interval of busy) ctx.out.push(interval);
}

function expandMaster(master: Component, uid: string, replaced: readonly Moment[], ctx: Context): { busy: BusyEvent[]; length: Length | null } {
  const start = momentOf(property(master, 'dtstart'), ctx);
  const length = lengthOf(master, start, ctx);
  const busy: BusyEvent[] = [];
  if (!length || (start.isDate && ctx.allDay === 'ignore')) return { busy, length };
  let excluded: Exclusions | null = null;
  const seen = new Set<number>();
  const emit = (wall: number, zone: Zone, explicitEnd?: number): void => {
    const at = zone(wall);
    if (at >= ctx.to) return;
    const end = explicitEnd ?? endOf(wall, zone, at, length);
    if (end <= at || end <= ctx.from || seen.has(at)) return;
    excluded ??= exclusionsOf(master, replaced, ctx);
    if (excluded.has(at, wall, start.isDate)) return;
    seen.add(at);
    push(busy, { start: at, end, uid }, ctx);
  };
  // RFC 5545 §3.8.5.3: DTSTART is the first instance of the set, whatever the rule says.
  emit(start.wall, start.zone);
  // Most events of a big feed are single and outside the window: done before reading more.
  const recurring = master.hasProperty('rrule') || master.hasProperty('rdate');
  if ((!recurring && busy.length === 0) || isFree(master, ctx.emails)) return { busy: [], length };
  for (const prop of master.getAllProperties('rrule')) {
    const rule = prop.getFirstValue();
    if (rule instanceof ICAL.Recur) expandRule(rule, start, length, uid, ctx, emit);
  }
  for (const prop of master.getAllProperties('rdate')) {
    for (const value of prop.getValues() as unknown[]) {
      if (value instanceof ICAL.Period) {
        const from = momentOfTime(prop, value.start, ctx);
        const to = momentOfTime(prop, value.getEnd(), ctx);
        emit(from.wall, from.zone, to.zone(to.wall));
      } else if (value instanceof ICAL.Time) {
        const at = momentOfTime(prop, value, ctx);
        emit(at.wall, at.zone);
      }
    }
  }
  return { busy, length };
}

function expandOverride(override: Component, uid: string, masterLength: Length | null, ctx: Context): BusyEvent[] {
  if (isFree(override, ctx.emails)) return [];
  // RFC 5545 requires DTSTART; a client that leaves it out means "not moved".
  const start = momentOf(override.getFirstProperty('dtstart') ?? property(override, 'recurrence-id'), ctx);
  if (start.isDate && ctx.allDay === 'ignore') return [];
  // An override with neither DTEND nor DURATION keeps the series' length rather than
  // vanishing as a zero-length event: it is the same meeting, moved.
  const length = lengthOf(override, start, ctx) ?? masterLength;
  if (!length) return [];
  const at = start.zone(start.wall);
  const end = endOf(start.wall, start.zone, at, length);
  if (end <= at || at >= ctx.to || end <= ctx.from) return [];
  const busy: BusyEvent[] = [];
  push(busy, { start: at, end, uid }, ctx);
  return busy;
}

function push(busy: BusyEvent[], interval: BusyEvent, ctx: Context): void {
  if (ctx.out.length + busy.length >= ctx.maxIntervals) {
    throw new IcsError(`the calendar has more than ${ctx.maxIntervals} busy times in the window`);
  }
  busy.push(interval);
}

/**
 * The occurrences of one RRULE up to the window's end. UNTIL is applied here, by instant,
 * because ical.js compares it with the wall clock of a zone it may not know.
 */
function expandRule(rule: Recur, start: Moment, length: Length, uid: string, ctx: Context, emit: (wall: number, zone: Zone) => void): void {
  const until = untilOf(rule);
  const span = length.days * DAY + SLACK + Math.max(0, length.ms);
  const firstUseful = ctx.from - SLACK - span; // walls before this end before the window
  const lastUseful = ctx.to + SLACK; // walls from this on start after it
  const stop = Math.min(lastUseful, untilBound(until));
  if (stop < firstUseful) return; // the series is over before the window
  const inWindow = (wall: number) => wall < lastUseful && untilAllows(until, wall, start.zone);
  const cadence = cadenceOf(rule, start);
  if (cadence?.onePerPeriod) {
    // Occurrence k is DTSTART plus k periods on the wall clock, so count straight to the window.
    for (let k = Math.max(0, Math.floor((firstUseful - start.wall) / cadence.period)); !rule.count || k < rule.count; k++) {
      const wall = start.wall + k * cadence.period;
      if (!inWindow(wall)) return;
      emit(wall, start.zone);
    }
    return;
  }
  // ical.js steps from a start with DTSTART's phase shortly before the window (COUNT
  // rules have no cadence: they must be counted from DTSTART itself).
  const begin = cadence ? start.wall + Math.max(0, Math.floor((firstUseful - start.wall) / cadence.period) - 1) * cadence.period : start.wall;
  if (estimatedSteps(rule, begin, stop) > MAX_STEPS_PER_RULE) throw tooOften(uid);
  const walk = rule.clone();
  walk.until = floatingTime(stop + DAY, false); // only bounds ical.js's walk; `inWindow` decides
  const iterator = walk.iterator(floatingTime(begin, start.isDate));
  for (let steps = 0; ; steps++) {
    if (steps >= MAX_STEPS_PER_RULE) throw tooOften(uid);
    const next = iterator.next();
    if (!next) return;
    const wall = wallOf(next);
    if (!inWindow(wall)) return;
    if (wall >= firstUseful) emit(wall, start.zone);
  }
}

function tooOften(uid: string): IcsError {
  const name = uid === '' ? 'an event' : `the event ${uid.length > 80 ? `${uid.slice(0, 80)}…` : uid}`;
  return new IcsError(`${name} repeats too often to expand`);
}

/**
 * How a rule repeats, when it repeats every INTERVAL days or weeks: DAILY without BY parts,
 * or WEEKLY with at most a plain BYDAY that includes DTSTART's weekday. `onePerPeriod`
 * when each period holds exactly one occurrence (no BYDAY, or BYDAY of DTSTART's weekday
 * alone, as Google and Outlook write weekly rules). A rule with several weekdays and a
 * COUNT has no usable cadence: skipping weeks would lose track of the count.
 */
function cadenceOf(rule: Recur, start: Moment): { period: number; onePerPeriod: boolean } | null {
  const days = Math.max(1, rule.interval || 1) * (rule.freq === 'WEEKLY' ? 7 : 1);
  const period = days * DAY;
  const parts = Object.entries(rule.parts).filter(([, values]) => Array.isArray(values) && values.length > 0);
  if (rule.freq !== 'DAILY' && rule.freq !== 'WEEKLY') return null;
  if (parts.length === 0) return { period, onePerPeriod: true };
  const [only] = parts;
  if (rule.freq !== 'WEEKLY' || parts.length > 1 || !only || only[0] !== 'BYDAY') return null;
  const byday = only[1] as unknown[];
  const weekday = WEEKDAY_CODES[new Date(start.wall).getUTCDay()];
  if (!byday.every((day) => typeof day === 'string' && WEEKDAY_CODES.includes(day)) || !byday.includes(weekday)) return null;
  const onePerPeriod = byday.every((day) => day === weekday);
  return onePerPeriod || !rule.count ? { period, onePerPeriod } : null;
}

/** How many steps ical.js would walk from `begin` to `stop`: it moves one FREQ unit at a time. */
function estimatedSteps(rule: Recur, begin: number, stop: number): number {
  const unit = (UNIT[rule.freq] ?? DAY) * Math.max(1, rule.interval || 1);
  const steps = (stop - begin) / unit;
  const everyStepCounts = Object.values(rule.parts).every((values) => !Array.isArray(values) || values.length === 0);
  return rule.count && everyStepCounts ? Math.min(steps, rule.count) : steps;
}

function untilOf(rule: Recur): Until {
  const until = rule.until;
  if (!until) return null;
  const wall = wallOf(until);
  if (until.isDate) return { kind: 'day', at: Math.floor(wall / DAY) };
  // A UTC time's wall clock is its instant; a floating UNTIL is read in the event's zone.
  return { kind: until.zone === ICAL.Timezone.utcTimezone ? 'instant' : 'wall', at: wall };
}

function untilBound(until: Until): number {
  if (!until) return Infinity;
  if (until.kind === 'instant') return until.at + SLACK;
  return until.kind === 'wall' ? until.at : (until.at + 1) * DAY;
}

/** UNTIL is inclusive: the last instance may start exactly at it. */
function untilAllows(until: Until, wall: number, zone: Zone): boolean {
  if (!until) return true;
  if (until.kind === 'day') return Math.floor(wall / DAY) <= until.at;
  if (until.kind === 'wall') return wall <= until.at;
  if (wall - SLACK > until.at) return false;
  return wall + SLACK <= until.at || zone(wall) <= until.at;
}

/** EXDATEs and the occurrences overrides replace, matched by instant (and by day for DATE values). */
type Exclusions = { has: (at: number, wall: number, isDate: boolean) => boolean };

function exclusionsOf(master: Component, replaced: readonly Moment[], ctx: Context): Exclusions {
  const instants = new Set<number>();
  const dateDays = new Set<number>();
  const timeDays = new Set<number>();
  const add = (moment: Moment) => {
    instants.add(moment.zone(moment.wall));
    (moment.isDate ? dateDays : timeDays).add(Math.floor(moment.wall / DAY));
  };
  replaced.forEach(add);
  for (const prop of master.getAllProperties('exdate')) {
    try {
      momentsOf(prop, ctx).forEach(add);
    } catch {
      // An EXDATE we cannot read excludes nothing: the rep stays busy rather than free.
    }
  }
  return {
    // A DATE EXDATE on a timed series removes that local day's occurrence, as ical.js does.
    has: (at: number, wall: number, isDate: boolean) => instants.has(at) || (isDate ? timeDays : dateDays).has(Math.floor(wall / DAY)),
  };
}

function lengthOf(event: Component, start: Moment, ctx: Context): Length | null {
  const endProp = event.getFirstProperty('dtend');
  if (endProp) {
    const end = momentOf(endProp, ctx);
    if (start.isDate && end.isDate) {
      // DTEND is exclusive; some exporters write DTEND = DTSTART for a one-day event.
      const days = Math.round((end.wall - start.wall) / DAY);
      return { days: Math.max(1, days), ms: 0 };
    }
    const ms = end.zone(end.wall) - start.zone(start.wall);
    return start.isDate && ms <= 0 ? { days: 1, ms: 0 } : { days: 0, ms };
  }
  const durationProp = event.getFirstProperty('duration');
  if (durationProp) {
    const duration = durationProp.getFirstValue();
    if (!(duration instanceof ICAL.Duration)) throw new Error('unreadable DURATION');
    if (duration.isNegative) return { days: 0, ms: 0 };
    const days = duration.weeks * 7 + duration.days;
    const ms = ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * SECOND;
    return start.isDate && days === 0 && ms <= 0 ? { days: 1, ms: 0 } : { days, ms };
  }
  // RFC 5545 §3.6.1: a DATE event without an end lasts the day; a DATE-TIME one has no length.
  return start.isDate ? { days: 1, ms: 0 } : null;
}

function endOf(wall: number, zone: Zone, at: number, length: Length): number {
  return (length.days > 0 ? zone(wall + length.days * DAY) : at) + length.ms;
}

// ---------------------------------------------------------------------------------------
// Busy or free

/** Free when transparent, cancelled, Outlook-free, or declined by the rep. Tentative is busy. */
function isFree(event: Component, emails: ReadonlySet<string>): boolean {
  const text = (name: string) => {
    const value = event.getFirstPropertyValue(name);
    return typeof value === 'string' ? value.trim().toUpperCase() : '';
  };
  if (text('transp') === 'TRANSPARENT') return true;
  const status = text('status');
  if (status === 'CANCELLED' || status === 'CANCELED') return true;
  if (text('x-microsoft-cdo-busystatus') === 'FREE') return true;
  return repDeclined(event, emails);
}

/** The rep declined when every ATTENDEE line that is theirs says PARTSTAT=DECLINED. */
function repDeclined(event: Component, emails: ReadonlySet<string>): boolean {
  if (emails.size === 0) return false;
  const mine = event.getAllProperties('attendee').filter((attendee) => {
    const value = attendee.getFirstValue();
    const email = attendee.getFirstParameter('email');
    return (typeof value === 'string' && emails.has(normaliseAddress(value))) || (typeof email === 'string' && emails.has(normaliseAddress(email)));
  });
  return mine.length > 0 && mine.every((attendee) => String(attendee.getFirstParameter('partstat') ?? '').trim().toUpperCase() === 'DECLINED');
}

function normaliseAddress(address: string): string {
  return String(address).trim().replace(/^mailto:/i, '').trim().toLowerCase();
}

// ---------------------------------------------------------------------------------------
// Times and zones

function property(event: Component, name: string): Property {
  const prop = event.getFirstProperty(name);
  if (!prop) throw new Error(`no ${name.toUpperCase()}`);
  return prop;
}

const DATE_OR_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z)?)?$/;

/** A property's first date or date-time, with the zone it is to be read in. */
function momentOf(prop: Property, ctx: Context): Moment {
  return momentOfText(prop, prop.jCal[3], ctx);
}

/** All the values of a multi-valued date property (EXDATE). */
function momentsOf(prop: Property, ctx: Context): Moment[] {
  return (prop.jCal.slice(3) as unknown[]).map((raw) => momentOfText(prop, raw, ctx));
}

/**
 * Read from the jCal text ("2026-10-05T10:00:00", as ical.js's parser leaves it) rather
 * than through an ical.js Time: it is the wall clock exactly as written, and decoding
 * ten thousand Time objects was a third of the time a large feed took.
 */
function momentOfText(prop: Property, raw: unknown, ctx: Context): Moment {
  const match = typeof raw === 'string' ? DATE_OR_DATE_TIME.exec(raw) : null;
  if (!match) throw new Error('not a date or date-time');
  const [, year, month, day, hour, minute, second, z] = match;
  const isDate = hour === undefined;
  const wall = wallClock(Number(year), Number(month), Number(day), Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0));
  return { wall, isDate, zone: zoneOf(prop, isDate, z === 'Z', ctx) };
}

/** An ical.js time (RDATE values), with the zone it is to be read in. */
function momentOfTime(prop: Property, value: unknown, ctx: Context): Moment {
  if (!(value instanceof ICAL.Time)) throw new Error('not a date or date-time');
  return { wall: wallOf(value), isDate: value.isDate, zone: zoneOf(prop, value.isDate, value.zone === ICAL.Timezone.utcTimezone, ctx) };
}

/**
 * Which zone a value is read in, in this order: a UTC ("Z") time is UTC; a TZID that
 * names an IANA or Windows zone is that zone (tz database rules, not the file's); an
 * unknown TZID with a VTIMEZONE in the file uses that VTIMEZONE; anything else, and
 * floating times, the rep's zone. All-day dates are always the rep's days.
 */
function zoneOf(prop: Property, isDate: boolean, isUtc: boolean, ctx: Context): Zone {
  if (isDate) return ctx.rep;
  if (isUtc) return utc;
  const tzid: unknown = prop.getFirstParameter('tzid');
  if (typeof tzid !== 'string' || tzid.trim() === '') return ctx.rep;
  const iana = resolveTzid(tzid);
  if (iana) return ianaZone(iana, ctx);
  const defined: unknown = prop.parent?.getTimeZoneByID(tzid);
  return fileZone(defined, ctx) ?? ctx.rep;
}

function ianaZone(name: string, ctx: Context): Zone {
  let zone = ctx.zones.get(name);
  if (!zone) ctx.zones.set(name, zone = (wall) => instantOfWallClock(wall, name));
  return zone;
}

/** A VTIMEZONE from the file, computed by ical.js, if it looks like a real zone definition. */
function fileZone(timezone: unknown, ctx: Context): Zone | null {
  if (!(timezone instanceof ICAL.Timezone) || timezone === ICAL.Timezone.localTimezone || timezone === ICAL.Timezone.utcTimezone) return null;
  const known = ctx.fileZones.get(timezone);
  if (known !== undefined) return known;
  const zone: Zone | null = isUsableVtimezone(timezone)
    ? (wall) => {
      const d = new Date(wall);
      const time = ICAL.Time.fromData({
        year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
        hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), isDate: false,
      }, timezone);
      return time.toUnixTime() * SECOND;
    }
    : null;
  ctx.fileZones.set(timezone, zone);
  return zone;
}

/**
 * ical.js expands a VTIMEZONE's rules from their DTSTART (1601 in Outlook files) to the
 * year asked for, so a rule that is not YEARLY could run for a very long time, and a
 * block without offsets means nothing. Such a VTIMEZONE is ignored (the rep's zone applies).
 */
function isUsableVtimezone(timezone: Timezone): boolean {
  try {
    const component: unknown = timezone.component;
    if (!(component instanceof ICAL.Component)) return false;
    const rules = component.getAllSubcomponents().filter((sub) => sub.name === 'standard' || sub.name === 'daylight');
    return rules.length > 0 && rules.every((sub) => {
      const rrule = sub.getFirstPropertyValue('rrule');
      return sub.hasProperty('dtstart') && sub.hasProperty('tzoffsetto') && sub.hasProperty('tzoffsetfrom')
        && (rrule === null || (rrule instanceof ICAL.Recur && rrule.freq === 'YEARLY'));
    });
  } catch {
    return false;
  }
}

/** An ical.js time's wall clock: its fields written as if UTC, in ms. */
function wallOf(time: Time): number {
  return time.isDate ? wallClock(time.year, time.month, time.day, 0, 0, 0) : wallClock(time.year, time.month, time.day, time.hour, time.minute, time.second);
}

function wallClock(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const valid = Number.isInteger(year) && year >= 1 && year <= 9999
    && Number.isInteger(month) && month >= 1 && month <= 12
    && Number.isInteger(day) && day >= 1 && day <= ICAL.Time.daysInMonth(month, year)
    && Number.isInteger(hour) && hour >= 0 && hour <= 23
    && Number.isInteger(minute) && minute >= 0 && minute <= 59
    && Number.isInteger(second) && second >= 0 && second <= 60; // 60: a leap second, read as the next minute
  if (!valid) throw new Error('date out of range');
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years 1–99 as written
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** A floating ical.js time showing `wall`, for ical.js to step through rules with. */
function floatingTime(wall: number, isDate: boolean): Time {
  const d = new Date(wall);
  return ICAL.Time.fromData({
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: isDate ? 0 : d.getUTCHours(), minute: isDate ? 0 : d.getUTCMinutes(), second: isDate ? 0 : d.getUTCSeconds(), isDate,
  }, ICAL.Timezone.localTimezone);
}
