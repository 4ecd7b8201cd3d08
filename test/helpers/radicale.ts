import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCalendar as mkcalendar, propfind } from 'tsdav';

/** The Debian package's entry point; it runs /usr/bin/python3, which has the module (a pyenv python3 on PATH may not). */
export const RADICALE = '/usr/bin/radicale';

const DEFAULT_USERS: Record<string, string> = { ana: 'ana-secret', bo: 'bo-secret' };
const START_TIMEOUT_MS = 10_000;

/** A Radicale server of the tests' own, on a loopback port, with its storage in a temp dir. */
export interface Radicale {
  /** http://127.0.0.1:<port>, no trailing slash. */
  baseUrl: string;
  port: number;
  /** The URL of a user's calendar collection: `<baseUrl>/<user>/<name>/`. */
  calendarUrl(user: string, name?: string): string;
  /** Creates the calendar (MKCALENDAR, events only) and answers its URL. */
  makeCalendar(user: string, name?: string): Promise<string>;
  /** PUTs `<url><name>.ics` as the user who owns the calendar at `url`. */
  putEvent(url: string, name: string, ics: string): Promise<void>;
  /** The hrefs of the objects in a calendar, straight from a PROPFIND. */
  listObjects(url: string): Promise<string[]>;
  /** Stops the server and deletes its storage. */
  stop(): Promise<void>;
  /** Stops the server and starts it again on the same port with the same storage. */
  restart(): Promise<void>;
  /** Stops the server, keeping its storage: clients get "connection refused" until `up()`. */
  down(): Promise<void>;
  /** Starts a server stopped by `down()` again, on the same port with the same storage. */
  up(): Promise<void>;
}

/** Null when Radicale can run here, else why not. */
export function radicaleAvailable(): string | null {
  try {
    accessSync(RADICALE, constants.X_OK);
    return null;
  } catch {
    return `no Radicale at ${RADICALE} (apt-get install radicale)`;
  }
}

/**
 * Whether the CalDAV tests can run, as chromiumAvailable (browser.ts) does for the
 * browser tests: in CI a missing Radicale is a failure, not a skip, so the suite cannot
 * pass without its CalDAV tests; locally they skip with the reason.
 */
export function radicaleTestsEnabled(): boolean {
  const reason = radicaleAvailable();
  if (reason === null) return true;
  if (process.env.CI) throw new Error(`CalDAV tests need Radicale: ${reason}`);
  console.warn(`skipping CalDAV tests: ${reason}`);
  return false;
}

// Servers still running when the test process exits (a test failed before its
// afterAll, or the run was cut short) are killed rather than left behind.
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const process_ of running) process_.kill('SIGKILL');
    });
  }
  running.add(child);
  child.once('exit', () => running.delete(child));
}

/** Starts Radicale with htpasswd (plain) logins for `users` and owner_only rights. */
export async function startRadicale(options: { users?: Record<string, string> } = {}): Promise<Radicale> {
  const reason = radicaleAvailable();
  if (reason !== null) throw new Error(reason);
  const users = options.users ?? DEFAULT_USERS;
  const dir = await mkdtemp(join(tmpdir(), 'usher-radicale-'));
  const port = await freePort();
  const config = join(dir, 'config');
  await writeFile(join(dir, 'users'), Object.entries(users).map(([user, password]) => `${user}:${password}\n`).join(''));
  await writeFile(config, radicaleConfig(dir, port));
  const baseUrl = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  try {
    child = await launch(config, baseUrl);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const authHeaders = (user: string) => {
    const password = users[user];
    if (password === undefined) throw new Error(`no Radicale user ${user}`);
    return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
  };
  const ownerOf = (url: string) => new URL(url).pathname.split('/')[1] ?? '';
  const calendarUrl = (user: string, name = 'work') => `${baseUrl}/${user}/${name}/`;

  return {
    baseUrl,
    port,
    calendarUrl,
    async makeCalendar(user, name = 'work') {
      const url = calendarUrl(user, name);
      const [response] = await mkcalendar({
        url,
        props: { 'c:supported-calendar-component-set': { 'c:comp': { _attributes: { name: 'VEVENT' } } } },
        headers: authHeaders(user),
      });
      if (response?.status !== 201) throw new Error(`MKCALENDAR ${url} answered ${response?.status} ${response?.statusText}`);
      return url;
    },
    async putEvent(url, name, ics) {
      const response = await fetch(`${url}${name}.ics`, {
        method: 'PUT',
        body: ics,
        headers: { ...authHeaders(ownerOf(url)), 'content-type': 'text/calendar; charset=utf-8' },
      });
      if (!response.ok) throw new Error(`PUT ${name}.ics answered ${response.status}: ${await response.text()}`);
    },
    async listObjects(url) {
      const responses = await propfind({ url, props: { 'd:getetag': {} }, depth: '1', headers: authHeaders(ownerOf(url)) });
      if (responses.some((response) => !response.ok)) throw new Error(`PROPFIND ${url} failed: ${responses[0]?.status}`);
      return responses.map((response) => response.href ?? '').filter((href) => href !== new URL(url).pathname);
    },
    async stop() {
      await terminate(child);
      await rm(dir, { recursive: true, force: true });
    },
    async restart() {
      await terminate(child);
      child = await launch(config, baseUrl);
    },
    async down() {
      await terminate(child);
    },
    async up() {
      child = await launch(config, baseUrl);
    },
  };
}

function radicaleConfig(dir: string, port: number): string {
  return [
    '[server]', `hosts = 127.0.0.1:${port}`,
    '[auth]', 'type = htpasswd', `htpasswd_filename = ${join(dir, 'users')}`, 'htpasswd_encryption = plain',
    // Radicale waits about a second after a failed login by default; the tests fail logins on purpose.
    'delay = 0',
    '[rights]', 'type = owner_only',
    '[storage]', `filesystem_folder = ${join(dir, 'collections')}`,
    '[web]', 'type = none',
    '[logging]', 'level = error',
    '',
  ].join('\n');
}

/** A port that was free a moment ago: listen on port 0, note the port, close. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Spawns Radicale and waits until it answers HTTP; fails with its stderr when it exits or stays silent. */
async function launch(config: string, baseUrl: string): Promise<ChildProcess> {
  const child = spawn(RADICALE, ['--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  track(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
  });
  child.once('error', (error) => {
    exited = `could not start: ${error.message}`;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== null) break;
    if (await answers(baseUrl)) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await terminate(child);
  throw new Error(`Radicale did not start at ${baseUrl} (${exited ?? `no answer within ${START_TIMEOUT_MS} ms`}): ${stderr.trim() || 'no output'}`);
}

async function answers(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/`, { redirect: 'manual', signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL if it lingers; resolves once the process has exited (and been reaped). */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(killer);
}
