import { Hono } from 'hono';
import type { FlowDeps } from '../flows/deps.ts';
import { calendarHealth, databaseAnswers, failingWrites } from '../flows/health.ts';

/**
 * `GET /health`: the process answers and the database does too. Where reps have
 * calendars, how many sources are ok, stale or failing and how many reps are not offered
 * because of one: that takes reps out of the offer, not the instance out of service, so
 * the status stays 200 and says `degraded`.
 */
export function createHealthRoutes(deps: Pick<FlowDeps, 'store' | 'catalog' | 'clock'>) {
  return new Hono().get('/health', async (c) => {
    const unreachable = () => c.json({ status: 'error', database: 'unreachable' }, 503);
    if (!(await databaseAnswers(deps))) return unreachable();
    // Reads may still work while every write fails (a full disk): not a healthy instance.
    const writes = failingWrites(deps);
    if (writes) return c.json({ status: 'degraded', database: 'writes_failing', error: writes.code, since: new Date(writes.at).toISOString() }, 503);
    const calendars = await calendarHealth(deps).catch(() => undefined);
    if (calendars === undefined) return unreachable();
    if (calendars === null) return c.json({ status: 'ok', database: 'ok' });
    const degraded = calendars.failing > 0 || calendars.repsExcluded > 0;
    return c.json({ status: degraded ? 'degraded' : 'ok', database: 'ok', calendars });
  });
}
