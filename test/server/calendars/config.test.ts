import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { httpUrlOf } from '../../../server/calendars/ics-feed.ts';
import { loadConfigFile, parseConfig } from '../../../server/config/load.ts';
import { ROOT } from '../../helpers/app.ts';
import { icsOf, startFeedServer, type FeedServer } from '../../helpers/feed-server.ts';
import { testConfigWith } from '../booking/fixtures.ts';

const run = promisify(execFile);

let feeds: FeedServer | undefined;
afterEach(async () => {
  await feeds?.close();
  feeds = undefined;
});

function configFile(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'usher-calendars-'));
  writeFileSync(join(dir, 'usher.config.yaml'), yaml);
  return join(dir, 'usher.config.yaml');
}

const withCalendars = (calendars: Record<string, unknown>[][], sync?: Record<string, unknown>) => testConfigWith((config) => {
  const reps = config.reps as Record<string, unknown>[];
  calendars.forEach((list, i) => { reps[i]!.calendars = list; });
  if (sync) config.calendarSync = sync;
});

describe('calendar config', () => {
  it('fills in the calendarSync defaults', () => {
    const result = parseConfig(withCalendars([]));
    expect(result.ok && result.config.calendarSync).toEqual({ refreshMinutes: 5, staleAfterMinutes: 30, onFailure: 'exclude', allDayEvents: 'block' });
  });

  it('rejects a stale time shorter than the refresh and unknown policies', () => {
    const result = parseConfig(withCalendars([], { refreshMinutes: 10, staleAfterMinutes: 5, onFailure: 'hope' }));
    expect(!result.ok && result.problems).toEqual([
      'calendarSync.onFailure: Invalid option: expected one of "exclude"|"ignore"',
    ]);
    const short = parseConfig(withCalendars([], { refreshMinutes: 10, staleAfterMinutes: 5 }));
    expect(!short.ok && short.problems).toEqual([
      'calendarSync.staleAfterMinutes: `staleAfterMinutes` must be at least `refreshMinutes`, or every source would be failing between two syncs',
    ]);
  });

  it('makes a CalDAV password variable that is not set a config error at load', () => {
    const path = configFile(withCalendars([[], [{ kind: 'ics', url: 'https://cal.example/leo.ics' }, {
      kind: 'caldav', url: 'https://dav.example/leo/', username: 'leo', passwordEnv: 'CALDAV_LEO_PASSWORD', writeBookings: true,
    }]]));
    const missing = loadConfigFile(path, () => undefined);
    expect(!missing.ok && missing.problems).toEqual(['reps[1].calendars[1].passwordEnv: the environment variable CALDAV_LEO_PASSWORD is not set']);
    const present = loadConfigFile(path, (name) => (name === 'CALDAV_LEO_PASSWORD' ? 'secret' : undefined));
    expect(present.ok).toBe(true);
  });

  it('takes webcal:// feed links as calendar apps hand them out, fetched over https, and refuses other schemes', () => {
    expect(parseConfig(withCalendars([[{ kind: 'ics', url: 'webcal://p01-calendars.icloud.com/published/2/abc' }]])).ok).toBe(true);
    expect(httpUrlOf('webcal://p01-calendars.icloud.com/published/2/abc')).toBe('https://p01-calendars.icloud.com/published/2/abc');
    expect(httpUrlOf('WEBCALS://cal.example/a.ics')).toBe('https://cal.example/a.ics');
    expect(httpUrlOf('http://cal.example/a.ics')).toBe('http://cal.example/a.ics');
    const ftp = parseConfig(withCalendars([[{ kind: 'ics', url: 'ftp://cal.example/a.ics' }]]));
    expect(!ftp.ok && ftp.problems).toEqual(['reps[0].calendars[0].url: expected an http(s) or webcal URL']);
  });

  it('accepts the calendar webhook events', () => {
    const yaml = testConfigWith((config) => {
      config.webhooks = [{ url: 'https://hooks.example/usher', events: ['calendar.failing', 'calendar.recovered'], secretEnv: 'HOOK' }];
    });
    expect(parseConfig(yaml).ok).toBe(true);
  });
});

describe('usher check --calendars', () => {
  it('reads every source once and reports each result, exiting 1 when one fails', async () => {
    feeds = await startFeedServer();
    feeds.set('/nora.ics', { body: icsOf([{ uid: 'a@x', start: Date.now() + 86_400_000, end: Date.now() + 90_000_000 }]) });
    feeds.set('/leo.ics', { status: 500 });
    const path = configFile(withCalendars([[{ kind: 'ics', url: feeds.url('/nora.ics') }], [{ kind: 'ics', url: feeds.url('/leo.ics') }]]));
    const failed = await run(process.execPath, [join(ROOT, 'bin', 'usher.mjs'), 'check', '--calendars', '--config', path], { cwd: ROOT }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect('code' in failed && failed.code).toBe(1);
    const host = new URL(feeds.url('/')).host;
    expect(failed.stdout).toContain('reading 2 calendars…');
    expect(failed.stdout).toMatch(new RegExp(`ny ics ${host}/…/nora\\.ics: ok, 1 busy time ahead \\(\\d+\\.\\d s\\)`));
    expect(failed.stdout).toMatch(new RegExp(`ldn ics ${host}/…/leo\\.ics: failed: the feed answered 500 Internal Server Error`));
    expect(failed.stderr).toContain('1 of 2 calendars could not be read');

    feeds.set('/leo.ics', { body: icsOf([]) });
    const ok = await run(process.execPath, [join(ROOT, 'bin', 'usher.mjs'), 'check', '--calendars', '--config', path], { cwd: ROOT });
    expect(ok.stdout).toContain('all 2 calendars read');
  });
});
