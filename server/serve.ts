import type { Server as HttpServer } from 'node:http';
import { createServer, Server as NetServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Config } from '../shared/config.ts';
import { createApp } from './app.ts';
import { createCalendarReader } from './calendars/busy.ts';
import { createCalendarSync, type CalendarSync } from './calendars/sync-worker.ts';
import { createCalendarWriter } from './calendars/writer.ts';
import { buildCatalog } from './config/catalog.ts';
import { readSecret, type Env } from './config/env.ts';
import { loadConfigFile } from './config/load.ts';
import { loadSecret } from './config/secret.ts';
import { createMailer } from './delivery/mail.ts';
import type { CalendarWriter } from './delivery/outbox.ts';
import { createOutboxWorker } from './delivery/outbox.ts';
import type { FlowDeps } from './flows/deps.ts';
import { createTimerWorker } from './flows/timer-worker.ts';
import { inFlightLimit } from './http/in-flight.ts';
import { createLogger } from './http/log.ts';
import { Metrics } from './http/metrics.ts';
import { migrate, openDb, seedLockRows } from './store/db.ts';
import { openLimitCounters } from './store/limit-counters.ts';
import { createStore } from './store/store.ts';
import { buildWidgetIfStale } from './widget-build.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Requests started in one turn of the event loop: a few milliseconds of work each on SQLite. */
const REQUESTS_PER_TURN = 8;

/** How long SIGTERM waits for requests in flight before closing their connections. */
const STOP_GRACE_MS = 10_000;

/** Whether `port` can be listened on, asked before anything is opened or started. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, () => probe.close(() => done(true)));
  });
}

type Cli = { fail: (lines: readonly string[]) => never; loadOrFail: (path: string) => Config };

/** What a config makes of the running server: the app, its calendar sync and writer. */
type Generation = { config: Config; fetch: (request: Request) => Response | Promise<Response>; sync: CalendarSync; writer: CalendarWriter; flows: FlowDeps };

/**
 * `usher serve`: the HTTP server, the outbox worker, the lead timers and the calendar sync.
 *
 * SIGHUP re-reads the config. A config with problems is refused with every problem
 * logged, and the old one keeps serving; a good one is put in place whole: new
 * requests get the new app at once, requests in flight finish on the old one, and the
 * calendar sync is restarted for the new sources. Abuse-limit counts are kept for
 * limits whose values did not change.
 *
 * SIGTERM stops accepting, lets the requests in flight finish (closing their
 * connections after a grace period), stops the workers, and only then closes the
 * database, which the requests and the workers still use until that point.
 */
export async function serveCommand(env: Env, configPath: string, buildWidget: boolean, cli: Cli): Promise<void> {
  const log = createLogger();
  const config = cli.loadOrFail(configPath);
  if (!(await portIsFree(env.PORT))) cli.fail([`usher: port ${env.PORT} is already in use; stop what is using it or set PORT to another one`]);
  if (buildWidget) await buildWidgetIfStale(ROOT, (message) => log.info(message));
  const db = openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.USHER_DATA_DIR });
  await migrate(db);
  const store = createStore(db);
  const mailer = createMailer({ smtpUrl: env.SMTP_URL, dataDir: env.USHER_DATA_DIR });
  const secret = await loadSecret(store.settings, env.USHER_SECRET);
  const admission = env.USHER_MAX_IN_FLIGHT === 0 ? undefined : inFlightLimit({
    max: env.USHER_MAX_IN_FLIGHT, perTurn: REQUESTS_PER_TURN, exempt: ['/health'],
  });
  const metrics = new Metrics({ processMetrics: true });
  const limitCounters = await openLimitCounters(db, {
    redisUrl: env.REDIS_URL,
    onTrouble: ({ reachable, where, error }) => {
      if (reachable) log.info('abuse-limit counters reachable again', { where });
      else log.error('abuse-limit counters unreachable; counting in this process until they answer', { where, error });
    },
  });

  const generationOf = async (next: Config): Promise<Generation> => {
    await seedLockRows(db, next.reps.map((r) => r.id), Object.keys(next.teams));
    const catalog = buildCatalog(next);
    // Reads reps' calendars at start and every `calendarSync.refreshMinutes`, for every
    // instance to share through the database.
    const sync = createCalendarSync({ store, catalog, log, clock: Date.now, secret: (name) => readSecret(name) });
    await sync.register();
    const calendars = createCalendarReader(catalog);
    const app = createApp({
      catalog, store, clock: Date.now, log, calendars, liveCheck: sync.liveCheck,
      widgetFile: resolve(ROOT, 'dist', 'widget.js'), adminToken: env.USHER_ADMIN_TOKEN, secret, trustProxy: env.USHER_TRUST_PROXY,
      admission, limitCounters, metrics, metricsToken: env.USHER_METRICS_TOKEN, readSecret: (name) => readSecret(name),
    });
    for (const hook of next.webhooks) {
      if (!readSecret(hook.secretEnv)) log.error(`webhook secret ${hook.secretEnv} is not set; deliveries to ${hook.url} wait until it is`);
    }
    const flows: FlowDeps = { store, catalog, clock: Date.now, calendars, liveCheck: sync.liveCheck, secret };
    return { config: next, fetch: app.fetch, sync, writer: createCalendarWriter({ store, catalog, secret: (name) => readSecret(name) }), flows };
  };
  let current = await generationOf(config);

  // Sends the invites and webhooks that bookings committed, including any left over
  // from before a restart or a crash.
  const outbox = createOutboxWorker({
    store, mailer, log, clock: Date.now, secret: (name) => readSecret(name), keptSecret: secret, leaseMs: env.USHER_OUTBOX_LEASE_SECONDS * 1000,
    calendars: (write, timeoutMs) => current.writer(write, timeoutMs),
    onSettled: (kind, result) => metrics.delivered(kind, result),
  });
  outbox.start();
  // SLA reminders and deadlines, untouched leads, unbooked expiry: whatever came due
  // while no instance ran is caught up at once.
  const timers = createTimerWorker({ deps: () => current.flows, log });
  timers.start();
  current.sync.start();
  const server = serve({ fetch: (request) => current.fetch(request), port: env.PORT }, (info) => {
    log.info(`Usher is serving on http://localhost:${info.port}`, { config: configPath, mail: mailer.describe, limits: limitCounters.where });
  });
  // Taken between the check and now: one clear line, not a stack trace.
  server.once('error', (error: NodeJS.ErrnoException) => {
    cli.fail([error.code === 'EADDRINUSE' ? `usher: port ${env.PORT} is already in use; stop what is using it or set PORT to another one` : `usher: ${error.message}`]);
  });

  let reloading: Promise<void> | null = null;
  const reload = async () => {
    const result = loadConfigFile(configPath);
    if (!result.ok) {
      log.error('config reload refused; the running config stays', { config: configPath, problems: result.problems });
      return;
    }
    const previous = current;
    const next = await generationOf(result.config);
    current = next;
    await previous.sync.stop();
    next.sync.start();
    log.info('config reloaded', { config: configPath, reps: result.config.reps.length, forms: Object.keys(result.config.forms).length });
    // Texts missing in a language: served in another, as `usher check` warns.
    if (result.warnings.length > 0) log.info('config warnings', { config: configPath, warnings: result.warnings });
  };
  process.on('SIGHUP', () => {
    // One reload at a time; a signal during one reloads again after it.
    reloading = (reloading ?? Promise.resolve()).then(reload).catch((error: unknown) => {
      log.error('config reload failed; the running config stays', { error: error instanceof Error ? error.message : String(error) });
    });
  });

  watchForStop(server as unknown as HttpServer, log, async () => {
    await Promise.all([outbox.stop(), timers.stop(), current.sync.stop()]);
    await limitCounters.close();
    await store.destroy();
  });
}

/** SIGTERM and SIGINT: drain the HTTP server, then `shutdown`, then exit 0. */
function watchForStop(http: HttpServer, log: ReturnType<typeof createLogger>, shutdown: () => Promise<void>): void {
  let stopping = false;
  let inFlight = 0;
  let lastActivity = 0;
  http.on('request', (_req, res) => {
    inFlight++;
    lastActivity = Date.now();
    // While stopping, every answer closes its connection, so no client sends another
    // request down a connection that is about to go.
    if (stopping) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight--;
      lastActivity = Date.now();
    });
  });
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping: finishing the requests in flight', { signal });
    // The listening socket only: `http.Server.close` would also drop connections that
    // are open with a request on its way, which their clients see as a reset.
    const closed = new Promise<void>((done) => NetServer.prototype.close.call(http, () => done()));
    const settle = setInterval(() => {
      if (inFlight === 0 && Date.now() - lastActivity > 250) http.closeIdleConnections();
    }, 50);
    const grace = setTimeout(() => {
      log.error('requests still in flight after the grace period; closing their connections', { graceMs: STOP_GRACE_MS });
      http.closeAllConnections();
    }, STOP_GRACE_MS);
    await closed;
    clearInterval(settle);
    clearTimeout(grace);
    await shutdown();
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
