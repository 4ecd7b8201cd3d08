import { basename, resolve } from 'node:path';
import type { Config } from '../shared/config.ts';
import { createCalendarSync, type SyncResult } from './calendars/sync-worker.ts';
import { buildCatalog } from './config/catalog.ts';
import { parseEnv, readSecret, type Env } from './config/env.ts';
import { loadSecret } from './config/secret.ts';
import { createCalendarReader } from './calendars/busy.ts';
import { formatImport, importLeads, importProgress, readImportCsv } from './import.ts';
import { loadConfigFile } from './config/load.ts';
import { silentLogger } from './http/log.ts';
import { serveCommand } from './serve.ts';
import { migrate, openDb, seedLockRows } from './store/db.ts';
import { createStore } from './store/store.ts';
import { formatReport, readFileOrNull, readLeadsCsv, simulate } from './simulate.ts';

const USAGE = `usage: usher <command> [--config path]

commands:
  serve     start the server (default); --build-widget builds widget.js when stale
  check     [path] validate the config and list every problem; --calendars also reads every
            rep's calendar once and reports what each one gave
  simulate  leads.csv [--form id] [--json]: route past leads without writing anything and
            print the distribution per rep and team
  import    leads.csv [--form id] [--json]: route each row as a lead now, as POST /api/leads
            does; a refused row is reported and skipped, the others are stored
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
  const [, file] = positional;
  if (file === undefined || args.command === 'simulate' || args.command === 'import') args.file = file;
  // `usher check path.yaml` means that config; checking another one would pass it unread.
  else if (args.command === 'check' && args.config === undefined) args.config = file;
  else return `${args.command} takes no file (the config is --config path)\n\n${USAGE}`;
  return args;
}

function fail(lines: readonly string[]): never {
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exit(1);
}

/** Warnings go to stderr, one `warning: path: message` line each, and change no exit code. */
function warn(lines: readonly string[]) {
  for (const line of lines) process.stderr.write(`warning: ${line}\n`);
}

function loadOrFail(path: string) {
  const result = loadConfigFile(path);
  if (!result.ok) fail([`${path}: ${result.problems.length} problem(s)`, ...result.problems]);
  warn(result.warnings);
  return result.config;
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

/** `simulate` and `import`: the config, the form (`--form`, else the first) and the file's rows, or a clear exit. */
function csvCommand<R>(command: string, configPath: string, args: Args, read: (text: string, config: Config, formId: string) => R[] | string) {
  if (!args.file) fail([`usage: usher ${command} leads.csv [--config path] [--form id] [--json]`]);
  const config = loadOrFail(configPath);
  const formId = args.form ?? Object.keys(config.forms)[0]!;
  if (!Object.hasOwn(config.forms, formId)) fail([`no form "${formId}" in ${configPath} (forms: ${Object.keys(config.forms).join(', ')})`]);
  const text = readFileOrNull(args.file);
  if (text === null) fail([`cannot read ${args.file}`]);
  const rows = read(text, config, formId);
  if (typeof rows === 'string') fail([`${args.file}: ${rows}`]);
  return { config, formId, rows, file: args.file };
}

async function simulateCommand(configPath: string, args: Args) {
  const { config, formId, rows, file } = csvCommand('simulate', configPath, args, (text, config, formId) => readLeadsCsv(text, config, formId, Date.now()));
  const report = await simulate(config, formId, rows);
  process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, buildCatalog(config), file)}\n`);
}

async function importCommand(env: Env, configPath: string, args: Args) {
  const { config, formId, rows, file } = csvCommand('import', configPath, args, (text, config, formId) => readImportCsv(text, config, formId, Date.now()));
  const db = openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.USHER_DATA_DIR });
  await migrate(db);
  await seedLockRows(db, config.reps.map((r) => r.id), Object.keys(config.teams));
  const store = createStore(db);
  try {
    const catalog = buildCatalog(config);
    const deps = { store, catalog, clock: Date.now, calendars: createCalendarReader(catalog), secret: await loadSecret(store.settings, env.USHER_SECRET) };
    const progress = importProgress(rows.length);
    const results = await importLeads(deps, formId, rows, basename(file), (result) => progress.row(result)).finally(() => progress.stop());
    process.stdout.write(args.json ? `${JSON.stringify(results, null, 2)}\n` : `${formatImport(results, file, formId)}\n`);
    if (results.some((r) => !r.ok)) process.exitCode = 1;
  } finally {
    await store.destroy();
  }
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
      return serveCommand(env, configPath, args.buildWidget, { fail, loadOrFail });
    case 'check': {
      const result = loadConfigFile(configPath);
      if (!result.ok) fail([`${configPath}: ${result.problems.length} problem(s)`, ...result.problems]);
      const { config, warnings } = result;
      const forms = Object.keys(config.forms).length;
      const warned = warnings.length > 0 ? `, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : '';
      process.stdout.write(`${configPath}: ok (${config.reps.length} reps, ${Object.keys(config.teams).length} teams, ${forms} forms${warned})\n`);
      warn(warnings);
      if (args.calendars) await checkCalendars(config);
      return;
    }
    case 'simulate':
      return simulateCommand(configPath, args);
    case 'import':
      return importCommand(env, configPath, args);
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
