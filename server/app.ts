import { randomBytes } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { requestId } from 'hono/request-id';
import type { Catalog } from './config/catalog.ts';
import type { FlowDeps } from './flows/deps.ts';
import { ApiError } from './http/errors.ts';
import type { Logger } from './http/log.ts';
import { clientIp } from './http/client-ip.ts';
import { apiCors } from './http/cors.ts';
import { createOnError } from './http/on-error.ts';
import { Metrics } from './http/metrics.ts';
import { abuseLimitsFrom } from './http/rate-limit.ts';
import { requestLog } from './http/request-log.ts';
import { createAdminRoutes } from './routes/admin.ts';
import { createConsoleRoutes } from './routes/console.ts';
import { createApiLeadRoutes } from './routes/api-leads.ts';
import { createBookingPageRoutes } from './routes/booking-page.ts';
import { createBookingRoutes } from './routes/bookings.ts';
import { createFormRoutes } from './routes/forms.ts';
import { createHealthRoutes } from './routes/health.ts';
import { createHostPageRoutes } from './routes/host-page.ts';
import { createLeadRoutes } from './routes/leads.ts';
import { createManageRoutes } from './routes/manage.ts';
import { createMetricsRoutes } from './routes/metrics.ts';
import { createPageRoutes } from './routes/pages.ts';
import { createSubmissionRoutes } from './routes/submissions.ts';
import { createWidgetRoutes } from './routes/widget.ts';
import { memoryLimitCounters, type LimitCounters } from './store/limit-counters.ts';

export type AppDeps = Omit<FlowDeps, 'secret'> & {
  catalog: Catalog;
  /** The current instant; tests pass a fixed one. */
  clock: () => number;
  log: Logger;
  widgetFile: string;
  /** Where the admin console's build is (`dist/admin`); absent: beside the widget's. */
  adminRoot?: string;
  /** Bearer token for the admin API; unset disables it. */
  adminToken?: string | undefined;
  /** Signs form tokens, keys the IP hashes in logs and seals kept links (see config/secret.ts); tests may leave it out. */
  secret?: string;
  /** Take the client address from `X-Forwarded-For` (behind a reverse proxy). */
  trustProxy?: boolean;
  /**
   * Admits a request or answers `503 overloaded` (`http/in-flight.ts`); one per process,
   * so it outlives the app a config reload replaces.
   */
  admission?: MiddlewareHandler | undefined;
  /** Where abuse limits are counted (shared by instances on PostgreSQL or Redis); one per process. */
  limitCounters?: LimitCounters | undefined;
  /** What `GET /metrics` reports; one per process, so counts survive a config reload. */
  metrics?: Metrics | undefined;
  /** Bearer token for `GET /metrics`; unset leaves it open. */
  metricsToken?: string | undefined;
  /** Reads a secret from the environment by name: the API keys' (`apiKeys[].secretEnv`). */
  readSecret?: (name: string) => string | undefined;
};

/** Builds the HTTP app; `main.ts` is the only place that listens. */
export function createApp(deps: AppDeps) {
  const app = new Hono();
  const secret = deps.secret ?? randomBytes(32).toString('base64url');
  const ipOf = (c: Context) => clientIp(c, deps.trustProxy ?? false);
  const metrics = deps.metrics ?? new Metrics();
  const limits = abuseLimitsFrom(deps.catalog.config.limits, deps.limitCounters ?? memoryLimitCounters(), secret, (name) => metrics.rateLimited(name));
  // First, so every answer is counted, the overload refusals among them.
  app.use(metrics.middleware());
  app.use(requestId());
  app.use(requestLog(deps.log, secret, ipOf));
  if (deps.admission) app.use(deps.admission);
  // The widget calls the API from the sites that embed it: those, and Usher's own origin.
  const { organization } = deps.catalog.config;
  const origins = new Set([organization.publicUrl, ...organization.allowedOrigins].map((url) => new URL(url).origin));
  app.use('/api/*', apiCors({
    origins, methods: ['GET', 'POST'], headers: ['Content-Type', 'Authorization', 'Idempotency-Key'], maxAgeSeconds: 600,
  }));
  app.use('/api/*', bodyLimit({
    maxSize: 64 * 1024,
    onError: () => { throw new ApiError('payload_too_large', 'the body is larger than 64 KB'); },
  }));
  app.post('/api/forms/:formId/submissions', async (c, next) => { await limits.take('submissionsPerIp', ipOf(c)); await next(); });
  app.post('/api/bookings', async (c, next) => { await limits.take('bookingsPerIp', ipOf(c)); await next(); });
  // HTML pages go out gzip'd when the client takes it (`Vary: Accept-Encoding`); the
  // widget bundle has brotli and gzip of its own (routes/widget.ts). API answers are
  // small and per request, so they are not compressed.
  app.use('*', compress({ contentTypeFilter: /^text\/html\b/ }));
  // HTML pages: a strict CSP (scripts from here, or inline with this response's nonce via
  // `c.get('cspNonce')`), no framing, no sniffing, no referrer carrying tokens away.
  app.use('*', async (c, next) => {
    const nonce = randomBytes(16).toString('base64');
    c.set('cspNonce' as never, nonce as never);
    await next();
    if (!c.res.headers.get('content-type')?.startsWith('text/html')) return;
    c.header('Content-Security-Policy', `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
  });
  // Set before the handler (a route may still set its own Cache-Control): a header
  // added to a finished response makes Hono rebuild it around a stream, which costs.
  app.use('/api/*', async (c, next) => {
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'no-store');
    await next();
  });
  app.onError(createOnError(deps.log));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404));

  // Routes get the use cases' dependencies; what they do with them is in server/flows/.
  const flows: FlowDeps = { store: deps.store, catalog: deps.catalog, clock: deps.clock, calendars: deps.calendars, liveCheck: deps.liveCheck, metrics, secret };
  app.route('/', createHealthRoutes(flows));
  app.route('/', createMetricsRoutes({ ...flows, metrics, metricsToken: deps.metricsToken }));
  app.route('/', createWidgetRoutes(deps));
  app.route('/', createFormRoutes({ ...deps, secret }));
  app.route('/', createSubmissionRoutes({ ...flows, limits, secret }));
  // Before the widget's lead routes: `/api/leads` and `/touch` are the API keys'.
  app.route('/', createApiLeadRoutes({ ...flows, readSecret: deps.readSecret ?? (() => undefined) }));
  app.route('/', createLeadRoutes({ ...flows, limits }));
  app.route('/', createBookingRoutes(flows));
  app.route('/', createManageRoutes(flows));
  app.route('/', createHostPageRoutes(flows));
  app.route('/', createBookingPageRoutes(flows));
  app.route('/', createAdminRoutes({ ...flows, adminToken: deps.adminToken, limits, ipOf }));
  app.route('/', createConsoleRoutes({ ...flows, root: deps.adminRoot }));
  app.route('/', createPageRoutes(flows));
  return app;
}
