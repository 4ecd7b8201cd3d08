import type { Server as HttpServer } from 'node:http';
import { createServer, Server as NetServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { createCalendarReader } from './calendars/busy.ts';
import { createCalendarSync, type SyncResult } from './calendars/sync-worker.ts';
import { createCalendarWriter } from './calendars/writer.ts';
import { buildCatalog } from './config/catalog.ts';
import { parseEnv, readSecret, type Env } from './config/env.ts';
import { loadConfigFile } from './config/load.ts';
import { loadSecret } from './config/secret.ts';
import { createMailer } from './delivery/mail.ts';
import { createOutboxWorker } from './delivery/outbox.ts';
import { createLogger, silentLogger } from './http/log.ts';
import { migrate, openDb, seedLockRows } from './store/db.ts';
import { createStore } from './store/store.ts';
import { formatReport, readFileOrNull, readLeadsCsv, simulate } from './simulate.ts';
import { buildWidgetIfStale } from './widget-build.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const USAGE = `usage: usher <command> [--config path]

commands:
  serve     start the server (default); --build-widget builds widget.js when stale
  check     validate the config and list every problem; --calendars also reads every
            rep's calendar once and reports what each one gave
  simulate  leads.csv [--form id] [--json]: route past leads without writing anything and
            print the distribution per rep and team
  migrate   bring the database schema up to date`;

type Args = {
  command: string;
  file: string | undefined;
  config: string | undefined;
  form: string | undefined;
  json: boolean;
  buildWidget: boolean;
  calendars: boolean;
};

function parseArgs(argv: readonly string[]): Args | string {
  const args: Args = { command: 'serve', file: undefined, config: undefined, form: undefined, json: false, buildWidget: false, calendars: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--config') {
      const value = argv[++i];
      if (!value) return '--config needs a path';
      args.config = value;
    } else if (arg.startsWith('--config=')) args.config = arg.slice('--config='.length);
    else if (arg === '--form') {
      const value = argv[++i];
      if (!value) return '--form needs a form id';
      args.form = value;
    } else if (arg === '--json') args.json = true;
    else if (arg === '--build-widget') args.buildWidget = true;
    else if (arg === '--calendars') args.calendars = true;
    else if (arg === '--help' || arg === '-h') return USAGE;
    else if (arg.startsWith('-')) return `unknown option ${arg}\n\n${USAGE}`;
    else positional.push(arg);
  }
  if (positional.length > 2) return `too many arguments\n\n${USAGE}`;
  if (positional[0]) args.command = positional[0];
  args.file = positional[1];
  return args;
}

function fail(lines: readonly string[]): never {
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exit(1);
}

function loadOrFail(path: string) {
  const result = loadConfigFile(path);
  if (!result.ok) fail([`${path}: ${result.problems.length} problem(s)`, ...result.problems]);
  return result.config;
}

/** How long SIGTERM waits for requests in flight before closing their connections. */
const STOP_GRACE_MS = 10_000;

/** Whether `port` can be listened on, asked before anything is opened or started. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

async function serveCommand(env: Env, configPath: string, buildWidget: boolean) {
  const log = createLogger();
  const config = loadOrFail(configPath);
  if (!(await portIsFree(env.PORT))) fail([`usher: port ${env.PORT} is already in use; stop what is using it or set PORT to another one`]);
  if (buildWidget) await buildWidgetIfStale(ROOT, (message) => log.info(message));
  const db = openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.USHER_DATA_DIR });
  await migrate(db);
  await seedLockRows(db, config.reps.map((r) => r.id), Object.keys(config.teams));
  const store = createStore(db);
  const catalog = buildCatalog(config);
  const mailer = createMailer({ smtpUrl: env.SMTP_URL, dataDir: env.USHER_DATA_DIR });
  // Reads reps' calendars at start and every `calendarSync.refreshMinutes`, for every
  // instance to share through the database.
  const calendarSync = createCalendarSync({ store, catalog, log, clock: Date.now, secret: (name) => readSecret(name) });
  await calendarSync.register();
  const app = createApp({
    catalog, store, clock: Date.now, log, calendars: createCalendarReader(catalog), liveCheck: calendarSync.liveCheck,
    widgetFile: resolve(ROOT, 'dist', 'widget.js'), adminToken: env.USHER_ADMIN_TOKEN,
    secret: await loadSecret(store.settings, env.USHER_SECRET), trustProxy: env.USHER_TRUST_PROXY,
  });
  // Sends the invites and webhooks that bookings committed, including any left over
  // from before a restart or a crash.
  const outbox = createOutboxWorker({
    store, mailer, log, clock: Date.now, secret: (name) => readSecret(name), leaseMs: env.USHER_OUTBOX_LEASE_SECONDS * 1000,
    calendars: createCalendarWriter({ store, catalog, secret: (name) => readSecret(name) }),
  });
  for (const hook of config.webhooks) {
    if (!readSecret(hook.secretEnv)) log.error(`webhook secret ${hook.secretEnv} is not set; deliveries to ${hook.url} wait until it is`);
  }
  outbox.start();
  calendarSync.start();
  const server = serve({ fetch: app.fetch, port: env.PORT }, (info) => {
    log.info(`Usher is serving on http://localhost:${info.port}`, { config: configPath, mail: mailer.describe });
  });
  // Taken between the check and now: one clear line, not a stack trace.
  server.once('error', (error: NodeJS.ErrnoException) => {
    fail([error.code === 'EADDRINUSE' ? `usher: port ${env.PORT} is already in use; stop what is using it or set PORT to another one` : `usher: ${error.message}`]);
  });
  // SIGTERM: stop accepting, let the requests in flight finish (closing their connections
  // after a grace period), stop the workers, and only then close the database, which
  // the requests and the workers still use until that point.
  const http = server as unknown as HttpServer;
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
    const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(http, () => resolve()));
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
    await Promise.all([outbox.stop(), calendarSync.stop()]);
    await store.destroy();
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * `usher check --calendars`: reads every rep's calendar once, into a throwaway database
 * (the live one is never touched), and prints each source's result as it comes in.
 * Exits 1 when any source cannot be read.
 */
async function checkCalendars(config: ReturnType<typeof loadOrFail>) {
  const catalog = buildCatalog(config);
  const total = [...catalog.calendarSources.values()].flat().length;
  if (total === 0) {
    process.stdout.write('no rep has a calendar to read\n');
    return;
  }
  const db = openDb({ dataDir: '', memory: true });
  await migrate(db);
  const store = createStore(db);
  const sync = createCalendarSync({ store, catalog, log: silentLogger, clock: Date.now, secret: (name) => readSecret(name) });
  await sync.register();
  process.stdout.write(`reading ${total} calendar${total === 1 ? '' : 's'}…\n`);
  let done = 0;
  const results = await sync.syncAll((result) => {
    done++;
    process.stdout.write(`[${done}/${total}] ${describeSync(result)}\n`);
  });
  await store.destroy();
  const failed = results.filter((r) => r.outcome.kind === 'failed').length;
  if (failed > 0) fail([`${failed} of ${total} calendar${total === 1 ? '' : 's'} could not be read`]);
  process.stdout.write(`all ${total} calendar${total === 1 ? '' : 's'} read\n`);
}

function describeSync(result: SyncResult): string {
  const { source, outcome, ms } = result;
  const head = `${source.repId} ${source.config.kind} ${source.label}`;
  const took = `${(ms / 1000).toFixed(1)} s`;
  if (outcome.kind === 'failed') return `${head}: failed: ${outcome.error} (${took})`;
  if (outcome.kind === 'not_modified') return `${head}: ok, not modified (${took})`;
  return `${head}: ok, ${outcome.busy.length} busy time${outcome.busy.length === 1 ? '' : 's'} ahead (${took})`;
}

async function simulateCommand(configPath: string, args: Args) {
  if (!args.file) fail(['usage: usher simulate leads.csv [--config path] [--form id] [--json]']);
  const config = loadOrFail(configPath);
  const formId = args.form ?? Object.keys(config.forms)[0]!;
  if (!Object.hasOwn(config.forms, formId)) fail([`no form "${formId}" in ${configPath} (forms: ${Object.keys(config.forms).join(', ')})`]);
  const text = readFileOrNull(args.file);
  if (text === null) fail([`cannot read ${args.file}`]);
  const rows = readLeadsCsv(text, config, formId, Date.now());
  if (typeof rows === 'string') fail([`${args.file}: ${rows}`]);
  const report = await simulate(config, formId, rows);
  process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, buildCatalog(config), args.file)}\n`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') fail([args]);
  const envResult = parseEnv();
  if (!envResult.ok) fail(['environment problems:', ...envResult.problems]);
  const env = envResult.env;
  const configPath = resolve(args.config ?? env.USHER_CONFIG);
  switch (args.command) {
    case 'serve':
      return serveCommand(env, configPath, args.buildWidget);
    case 'check': {
      const config = loadOrFail(configPath);
      const forms = Object.keys(config.forms).length;
      process.stdout.write(`${configPath}: ok (${config.reps.length} reps, ${Object.keys(config.teams).length} teams, ${forms} forms)\n`);
      if (args.calendars) await checkCalendars(config);
      return;
    }
    case 'simulate':
      return simulateCommand(configPath, args);
    case 'migrate': {
      const db = openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.USHER_DATA_DIR });
      await migrate(db);
      await db.destroy();
      process.stdout.write('database is up to date\n');
      return;
    }
    default:
      fail([`unknown command "${args.command}"`, '', USAGE]);
  }
}

main().catch((error: unknown) => fail([`usher: ${error instanceof Error ? error.message : String(error)}`]));
