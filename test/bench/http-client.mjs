// Load generator for the HTTP benches, run as a child process (child_process.fork) so
// that its CPU is not counted in the server's. It talks to its parent over IPC:
//
//   parent → { type: 'load', job }   job: { port, method, path, bodiesFile, count,
//                                            concurrency, status, outcome, timeoutMs }
//   child  → { type: 'ready' }       bodies read, agent made; nothing sent yet
//   parent → { type: 'go' }
//   child  → { type: 'done', requests, elapsedMs, p50, p99 }  or  { type: 'failed', message }
//
// Requests go to 127.0.0.1 only, over keep-alive connections, `concurrency` at a time,
// `count` in all (body i is bodies[i] when a bodies file is given). Every answer is
// checked: its status, and for JSON answers with an expected `outcome`, that field.
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

let job = null;
let bodies = null;
let agent = null;

function send(index) {
  const body = bodies === null ? null : bodies[index];
  const headers = body === null ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: job.port, method: job.method, path: job.path, agent, headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body ?? undefined);
  });
}

function problemWith(answer) {
  if (answer.status !== job.status) return `${job.method} ${job.path} answered ${answer.status}, not ${job.status}: ${answer.text.slice(0, 2000)}`;
  if (job.outcome === null) return null;
  let outcome;
  try {
    outcome = JSON.parse(answer.text).outcome;
  } catch {
    outcome = undefined;
  }
  return outcome === job.outcome ? null : `${job.method} ${job.path} answered outcome ${outcome}, not ${job.outcome}: ${answer.text.slice(0, 2000)}`;
}

async function run() {
  const latencies = [];
  const deadline = performance.now() + job.timeoutMs;
  let next = 0;
  let failure = null;
  const worker = async () => {
    while (next < job.count && failure === null) {
      if (performance.now() > deadline) {
        failure = `gave up after ${job.timeoutMs} ms with ${latencies.length} of ${job.count} requests answered`;
        return;
      }
      const index = next++;
      const t0 = performance.now();
      const answer = await send(index);
      latencies.push(performance.now() - t0);
      failure ??= problemWith(answer);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  const elapsedMs = performance.now() - started;
  if (failure !== null) return { type: 'failed', message: failure };
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { type: 'done', requests: latencies.length, elapsedMs, p50: at(0.5), p99: at(0.99) };
}

process.on('message', (message) => {
  if (message.type === 'load') {
    job = message.job;
    bodies = job.bodiesFile === null ? null : JSON.parse(readFileSync(job.bodiesFile, 'utf8'));
    if (bodies !== null && bodies.length < job.count) throw new Error(`${bodies.length} bodies for ${job.count} requests`);
    agent?.destroy();
    agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
    process.send({ type: 'ready' });
  } else if (message.type === 'go') {
    run().then(
      (result) => process.send(result),
      (error) => process.send({ type: 'failed', message: String(error?.stack ?? error) }),
    );
  }
});
process.on('disconnect', () => {
  agent?.destroy();
  process.exit(0);
});
