import { createHash } from 'node:crypto';
import type { CalendarSourceConfig, CalendarSync, Config, Rep } from '../../shared/config.ts';
import type { CalendarSourceRecord, CalendarState } from '../../shared/records.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** One calendar of one rep, as the config names it, with the id its state is kept under. */
export type ConfiguredSource = {
  /** Stable across restarts and instances: derived from what the source is, not its position. */
  id: string;
  repId: string;
  rep: Rep;
  config: CalendarSourceConfig;
  /** Where it is, safe to show: the host and the file name, never a secret path or the credentials. */
  label: string;
};

export function sourceId(repId: string, source: CalendarSourceConfig): string {
  const identity = source.kind === 'caldav' ? [repId, source.kind, source.url, source.username] : [repId, source.kind, source.url];
  return `cal_${createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 24)}`;
}

/**
 * A private ICS address (Google's "secret address", Outlook's published link) is a
 * password in a URL: only its host and last path segment are ever shown or logged.
 */
export function sourceLabel(source: CalendarSourceConfig): string {
  const url = new URL(source.url);
  const last = url.pathname.split('/').filter(Boolean).at(-1);
  return last && /\.(ics|ical|ifb)$/i.test(last) && last.length <= 40 ? `${url.host}/…/${last}` : url.host;
}

/** Every configured source, grouped by rep id. */
export function configuredSources(config: Config): ReadonlyMap<string, readonly ConfiguredSource[]> {
  const byRep = new Map<string, ConfiguredSource[]>();
  for (const rep of config.reps) {
    if (rep.calendars.length === 0) continue;
    byRep.set(rep.id, rep.calendars.map((source) => ({
      id: sourceId(rep.id, source), repId: rep.id, rep, config: source, label: sourceLabel(source),
    })));
  }
  return byRep;
}

/**
 * The window a sync expands busy times over: from three days back (reads look two days
 * past their edges, for buffers and day caps) to the longest horizon plus a week. The
 * week's margin lets a conditional request ("not modified") stand for several days
 * before the window runs short and the feed must be read in full again.
 */
export function syncWindow(config: Config, now: number): { from: number; to: number; needTo: number } {
  const horizon = Math.max(...Object.values(config.meetingTypes).map((m) => m.horizonDays));
  return { from: now - 3 * DAY, to: now + (horizon + 10) * DAY, needTo: now + (horizon + 3) * DAY };
}

/**
 * A source's state (SPEC §11). `failing`: no successful sync for `staleAfterMinutes`
 * (counted from when the source was added, for one that never synced). `stale`: the
 * last try failed or the last success is older than two refreshes, but it is not yet
 * failing. `ok` otherwise.
 */
export function calendarState(record: CalendarSourceRecord, sync: CalendarSync, now: number): CalendarState {
  const since = record.lastSuccessAt ?? record.createdAt;
  if (now - since >= sync.staleAfterMinutes * MINUTE) return 'failing';
  if (record.lastSuccessAt === null) return 'stale';
  const lastTryFailed = record.lastAttemptAt !== null && record.lastAttemptAt > record.lastSuccessAt;
  return lastTryFailed || now - record.lastSuccessAt > 2 * sync.refreshMinutes * MINUTE ? 'stale' : 'ok';
}

/**
 * Whether the source's stored busy times may stand for the rep's calendar now. A source
 * that never synced has none, so it cannot (fail closed: an unread calendar is not a
 * free one); with `onFailure: exclude`, neither can a failing one.
 */
export function isUsable(record: CalendarSourceRecord | undefined, sync: CalendarSync, now: number): boolean {
  if (!record || record.lastSuccessAt === null) return false;
  return sync.onFailure === 'ignore' || calendarState(record, sync, now) !== 'failing';
}

/** Usher's own invites have the UID `<booking id>@<publicUrl host>` (delivery/invite.ts). */
export function usherUidTest(publicUrl: string): (uid: string) => boolean {
  const suffix = `@${new URL(publicUrl).hostname}`.toLowerCase();
  const booking = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  return (uid) => {
    const lower = uid.toLowerCase();
    return lower.endsWith(suffix) && booking.test(lower.slice(0, -suffix.length));
  };
}
