import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import type { Catalog } from './config/catalog.ts';
import type { Mailer } from './delivery/mail.ts';
import { ApiError } from './http/errors.ts';
import type { Logger } from './http/log.ts';
import { createOnError } from './http/on-error.ts';
import { createAdminRoutes } from './routes/admin.ts';
import { createBookingRoutes } from './routes/bookings.ts';
import { createFormRoutes } from './routes/forms.ts';
import { createHealthRoutes } from './routes/health.ts';
import { createPageRoutes } from './routes/pages.ts';
import { createSubmissionRoutes } from './routes/submissions.ts';
import { createWidgetRoutes } from './routes/widget.ts';
import type { Db } from './store/db.ts';

export type AppDeps = {
  catalog: Catalog;
  db: Db;
  /** The current instant; tests pass a fixed one. */
  clock: () => number;
  mailer: Mailer;
  log: Logger;
  widgetFile: string;
  /** Bearer token for the admin API; unset disables it. */
  adminToken?: string | undefined;
};

/** Builds the HTTP app; `main.ts` is the only place that listens. */
export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.use(requestId());
  // The widget calls the API from the sites that embed it: those, and Usher's own origin.
  const { organization } = deps.catalog.config;
  const origins = new Set([organization.publicUrl, ...organization.allowedOrigins].map((url) => new URL(url).origin));
  app.use('/api/*', cors({
    origin: (origin) => (origins.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key'],
    maxAge: 600,
  }));
  app.use('/api/*', bodyLimit({
    maxSize: 64 * 1024,
    onError: () => { throw new ApiError('payload_too_large', 'the body is larger than 64 KB'); },
  }));
  app.onError(createOnError(deps.log));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404));

  app.route('/', createHealthRoutes(deps));
  app.route('/', createWidgetRoutes(deps));
  app.route('/', createFormRoutes(deps));
  app.route('/', createSubmissionRoutes(deps));
  app.route('/', createBookingRoutes(deps));
  app.route('/', createAdminRoutes(deps));
  app.route('/', createPageRoutes(deps));
  return app;
}
