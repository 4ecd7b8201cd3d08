import { Hono } from 'hono';
import type { FlowDeps } from '../flows/deps.ts';
import { operationalState } from '../flows/operations.ts';
import { metricsAuth } from '../http/admin-auth.ts';
import type { Metrics } from '../http/metrics.ts';

/** `GET /metrics` (SPEC §14): Prometheus text format, behind `USHER_METRICS_TOKEN` when it is set. */
export function createMetricsRoutes(deps: Pick<FlowDeps, 'store' | 'catalog' | 'clock'> & { metrics: Metrics; metricsToken?: string | undefined }) {
  return new Hono().get('/metrics', metricsAuth(deps.metricsToken), async (c) => {
    const text = await deps.metrics.render(await operationalState(deps), deps.clock());
    return c.body(text, 200, { 'Content-Type': deps.metrics.contentType, 'Cache-Control': 'no-store' });
  });
}
