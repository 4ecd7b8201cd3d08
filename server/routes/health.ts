import { Hono } from 'hono';
import type { FlowDeps } from '../flows/deps.ts';
import { databaseAnswers } from '../flows/health.ts';

/** `GET /health`: the process answers and the database does too. */
export function createHealthRoutes(deps: Pick<FlowDeps, 'store'>) {
  return new Hono().get('/health', async (c) => {
    if (await databaseAnswers(deps)) return c.json({ status: 'ok', database: 'ok' });
    return c.json({ status: 'error', database: 'unreachable' }, 503);
  });
}
