import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseForServers, postgresAvailable } from '../helpers/db.ts';
import { startServer } from '../helpers/server.ts';
import { benchConfig } from './bench-config.ts';

/**
 * `/health` under load (issue: new connections starved behind 64 keep-alive clients).
 * `usher serve` runs as a child process (a SQLite file, then PostgreSQL when one
 * answers), with a 20-rep assigned team. 64 keep-alive clients submit back to back for
 * 10 s (waiting out `Retry-After` after a 503) while a probe opens a new connection for `GET /health` every 50 ms, as a load
 * balancer or a Kubernetes probe does. Reported: the probe's p50 and p99, and what the
 * 64 clients got (200s, 503 overloaded, anything else).
 */

const CLIENTS = 64;
const SECONDS = 10;

type Answer = { status: number; ms: number };

function send(port: number, agent: Agent | false, method: string, path: string, body?: string): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(body);
  });
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};

async function round(label: string, env: Record<string, string>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'usher-bench-overload-'));
  const config = join(dir, 'usher.config.yaml');
  writeFileSync(config, benchConfig({ reps: 20, mode: 'assigned', horizonDays: 14, zones: ['Europe/Berlin'] }));
  const server = await startServer({ config, env: { USHER_DATA_DIR: dir, ...env } });
  const port = Number(new URL(server.url).port);
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const until = performance.now() + SECONDS * 1000;
  const statuses = new Map<number, number>();
  let n = 0;
  const client = async () => {
    while (performance.now() < until) {
      const body = JSON.stringify({ answers: { email: `lead${n++}@acme.io`, name: 'Lead' }, timezone: 'Europe/Berlin' });
      const { status } = await send(port, agent, 'POST', '/api/forms/demo/submissions', body);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      // As a well-behaved client does, and as the widget does: wait out Retry-After.
      if (status === 503) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  };
  const probes: number[] = [];
  const probe = async () => {
    while (performance.now() < until) {
      const answer = await send(port, false, 'GET', '/health');
      probes.push(answer.status === 200 ? answer.ms : Infinity);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  await Promise.all([...Array.from({ length: CLIENTS }, client), probe()]);
  agent.destroy();
  await server.stop();
  const got = [...statuses].sort((a, b) => a[0] - b[0]).map(([status, count]) => `${count} × ${status || 'reset'}`).join(', ');
  console.log(`  ${label.padEnd(18)} /health p50 ${quantile(probes, 0.5).toFixed(1)} ms, p99 ${quantile(probes, 0.99).toFixed(1)} ms (${probes.length} probes)   clients: ${got}`);
}

export default async function run(): Promise<void> {
  console.log(`\n/health under ${CLIENTS} keep-alive clients submitting for ${SECONDS} s (goal: p99 < 200 ms)`);
  await round('SQLite file', { DATABASE_URL: '' });
  if (await postgresAvailable()) {
    const database = await databaseForServers('usher_bench');
    try {
      await round('PostgreSQL', { DATABASE_URL: database.url });
    } finally {
      await database.drop();
    }
  }
}
