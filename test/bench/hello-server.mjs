// The baseline of the HTTP benches: a Hono hello-world served with @hono/node-server on
// 127.0.0.1, in a process of its own (child_process.fork), so that its garbage and its
// CPU stay out of the process that serves Usher. It talks to its parent over IPC:
//
//   child  → { type: 'listening', port }
//   parent → { type: 'cpu' }          child → { type: 'cpu', usage }  (process.cpuUsage())
//
// It stops when the parent disconnects.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().get('/', (c) => c.text('hi'));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.send({ type: 'listening', port: info.port });
});
process.on('message', (message) => {
  if (message?.type === 'cpu') process.send({ type: 'cpu', usage: process.cpuUsage() });
});
process.on('disconnect', () => {
  server.closeAllConnections?.();
  server.close(() => process.exit(0));
});
