import { Hono } from 'hono';
import type { FlowDeps } from '../flows/deps.ts';
import { calendarHealth, databaseAnswers } from '../flows/health.ts';

/**
 * `GET /health`: the process answers and the database does too. Where reps have
 * calendars, how many sources are ok, stale or failing: a failing calendar takes reps
 * out of the offer, not the instance out of service, so the status stays 200 and says
 * `degraded`.
 */
export function createHealthRoutes(deps: Pick<FlowDeps, 'store' | 'catalog' | 'clock'>) {
  return new Hono().get('/health', async (c) => {
    if (!(await databaseAnswers(deps))) return c.json({ status: 'error', database: 'unreachable' }, 503);
    const calendars = await calendarHealth(deps);
    if (!calendars) return c.json({ status: 'ok', database: 'ok' });
    return c.json({ status: calendars.failing > 0 ? 'degraded' : 'ok', database: 'ok', calendars });
  });
}
