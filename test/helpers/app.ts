import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { createCalendarReader } from '../../server/calendars/busy.ts';
import { createCalendarSync } from '../../server/calendars/sync-worker.ts';
import { inFlightLimit } from '../../server/http/in-flight.ts';
import type { Metrics } from '../../server/http/metrics.ts';
import { buildCatalog } from '../../server/config/catalog.ts';
import { parseConfig } from '../../server/config/load.ts';
import { silentLogger, type Logger } from '../../server/http/log.ts';
import { migrate, seedLockRows } from '../../server/store/db.ts';
import { createStore } from '../../server/store/store.ts';
import { TEST_CONFIG_YAML } from '../fixtures/test-config.ts';
import { openTestDb, suiteDbKind, type DbKind } from './db.ts';

export const ROOT = join(import.meta.dirname, '..', '..');

export function configFrom(yaml: string) {
  const result = parseConfig(yaml);
  if (!result.ok) throw new Error(`test config is invalid:\n${result.problems.join('\n')}`);
  return result.config;
}

/** A real app over a real database (a fresh one per app) and a real .eml outbox. */
export async function createTestApp(options: {
  now: number;
  yaml?: string;
  adminToken?: string;
  trustProxy?: boolean;
  log?: Logger;
  /** The database; by default the suite's (SQLite, or PostgreSQL with USHER_TEST_DB=postgres). */
  db?: DbKind;
  /** Requests in flight before `503 overloaded`, as `USHER_MAX_IN_FLIGHT` sets it in `usher serve`. */
  maxInFlight?: number;
  /** Reps' calendar sync on the test clock; its live check runs before bookings as in `usher serve`. */
  calendarSync?: { timeoutMs?: number; secret?: (name: string) => string | undefined };
  /** What `/metrics` reports, shared with a worker the test runs; by default the app's own. */
  metrics?: Metrics;
  metricsToken?: string;
  /** The environment the app reads secrets from by name (API keys). */
  env?: Record<string, string>;
  /** Where the admin console's build is read from; by default `dist/admin`. */
  adminRoot?: string;
}) {
  const config = configFrom(options.yaml ?? TEST_CONFIG_YAML);
  const dataDir = mkdtempSync(join(tmpdir(), 'usher-test-'));
  const { db, close } = await openTestDb(options.db ?? suiteDbKind());
  await migrate(db);
  await seedLockRows(db, config.reps.map((r) => r.id), Object.keys(config.teams));
  let now = options.now;
  const store = createStore(db);
  const catalog = buildCatalog(config);
  const calendars = createCalendarReader(catalog);
  const sync = createCalendarSync({
    store, catalog, log: silentLogger, clock: () => now, secret: options.calendarSync?.secret ?? (() => undefined),
    timeoutMs: options.calendarSync?.timeoutMs ?? 2_000,
  });
  await sync.register();
  const app = createApp({
    catalog, store, clock: () => now, calendars, liveCheck: options.calendarSync ? sync.liveCheck : undefined,
    admission: options.maxInFlight === undefined ? undefined : inFlightLimit({ max: options.maxInFlight, exempt: ['/health'] }),
    log: options.log ?? silentLogger,
    widgetFile: join(ROOT, 'dist', 'widget.js'), adminToken: options.adminToken, metrics: options.metrics, metricsToken: options.metricsToken,
    secret: 'test-secret-0123456789-0123456789-abcdef', trustProxy: options.trustProxy ?? false,
    readSecret: (name) => options.env?.[name],
    ...(options.adminRoot ? { adminRoot: options.adminRoot } : {}),
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const outbox = () => {
    try {
      return readdirSync(join(dataDir, 'outbox')).sort().map((name) => ({ name, text: readFileSync(join(dataDir, 'outbox', name), 'utf8') }));
    } catch {
      return [];
    }
  };
  return {
    app, db, store, config, catalog, calendars, sync, dataDir, post, outbox,
    setNow: (instant: number) => { now = instant; },
    close,
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export const validAnswers = (overrides: Record<string, string> = {}) => ({
  email: 'jo@acme.io', name: 'Jo Prospect', size: '11-50', country: 'DE', ...overrides,
});
