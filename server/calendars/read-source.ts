import type { Config } from '../../shared/config.ts';
import type { CalendarSourceRecord } from '../../shared/records.ts';
import { readCaldavBusy } from './caldav.ts';
import { busyFromIcs, busyFromIcsObjects, type BusyEvent } from './ics.ts';
import { fetchFeed } from './ics-feed.ts';
import { syncWindow, usherUidTest, type ConfiguredSource } from './sources.ts';

export type Validators = { etag: string | null; lastModified: string | null; ctag: string | null; syncToken: string | null };

/** What one read of a source found. */
export type SourceRead =
  | { kind: 'not_modified' }
  | { kind: 'busy'; busy: BusyEvent[]; validators: Validators; window: { from: number; to: number }; expandKey: string };

export type ReadOptions = {
  config: Config;
  now: number;
  timeoutMs: number;
  /** Reads a password by the environment variable name the config gives (`passwordEnv`). */
  secret: (name: string) => string | undefined;
  fetch?: typeof fetch | undefined;
};

const NO_VALIDATORS: Validators = { etag: null, lastModified: null, ctag: null, syncToken: null };

/**
 * Reads a source once: the feed or the CalDAV collection, expanded into busy intervals
 * over the sync window. A conditional request is made only while the stored intervals
 * still reach far enough ahead and were expanded with the same settings; otherwise the
 * source is read in full, because recurring events must be expanded into the days that
 * came into the horizon, and again when the rep's zone or the all-day rule changed. Throws an `Error`
 * whose message says what went wrong, without the URL's path or any password.
 */
export async function readSource(source: ConfiguredSource, previous: CalendarSourceRecord | undefined, options: ReadOptions): Promise<SourceRead> {
  const window = syncWindow(options.config, options.now);
  const expand = {
    from: window.from, to: window.to, repZone: source.rep.timezone, repEmails: [source.rep.email],
    allDayEvents: options.config.calendarSync.allDayEvents, ignoreUid: usherUidTest(options.config.organization.publicUrl),
  };
  // What the intervals depend on besides the calendar: if the config changed any of it,
  // the stored intervals are wrong even though the calendar is not modified.
  const expandKey = JSON.stringify([expand.repZone, expand.repEmails, expand.allDayEvents, new URL(options.config.organization.publicUrl).hostname]);
  const conditional = previous !== undefined && previous.lastSuccessAt !== null && previous.expandKey === expandKey
    && previous.windowTo !== null && previous.windowTo >= window.needTo;
  const config = source.config;
  if (config.kind === 'ics') {
    const answer = await fetchFeed(config.url, {
      validators: conditional ? { etag: previous.etag, lastModified: previous.lastModified } : undefined,
      timeoutMs: options.timeoutMs, fetch: options.fetch,
    });
    if (answer.status === 'not_modified') return { kind: 'not_modified' };
    return {
      kind: 'busy', busy: busyFromIcs(answer.text, expand), window: { from: window.from, to: window.to }, expandKey,
      validators: { ...NO_VALIDATORS, etag: answer.etag, lastModified: answer.lastModified },
    };
  }
  const password = options.secret(config.passwordEnv);
  if (!password) throw new Error(`the password variable ${config.passwordEnv} is not set`);
  const answer = await readCaldavBusy({ url: config.url, username: config.username, password }, {
    from: window.from, to: window.to, timeoutMs: options.timeoutMs,
    previous: conditional ? { ctag: previous.ctag, syncToken: previous.syncToken } : undefined,
  });
  if (answer.status === 'not_modified') return { kind: 'not_modified' };
  return {
    kind: 'busy', busy: busyFromIcsObjects(answer.objects, expand), window: { from: window.from, to: window.to }, expandKey,
    validators: { ...NO_VALIDATORS, ctag: answer.ctag, syncToken: answer.syncToken },
  };
}
