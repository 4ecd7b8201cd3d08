import { Hono } from 'hono';
import * as z from 'zod/mini';
import { bookingsPage, calendarsReport, distributionBetween, leadsPage, leadWithBooking } from '../flows/admin.ts';
import type { FlowDeps } from '../flows/deps.ts';
import { simulate } from '../flows/simulate.ts';
import { adminAuth } from '../http/admin-auth.ts';
import { ApiError } from '../http/errors.ts';
import { checkWith } from '../http/validate.ts';
import { readLeadsCsv } from '../simulate.ts';
import { bookingRow, calendarRows, leadDetail, leadSummary } from '../views/admin.ts';

const DAY = 86_400_000;
const iso = (instant: number) => new Date(instant).toISOString();
const instantParam = z.optional(z.iso.datetime({ offset: false }));
const limitParam = z.optional(z.string().check(z.regex(/^\d{1,3}$/, 'expected a number from 1 to 200')));
const cursorParam = z.optional(z.string().check(z.maxLength(200)));

function query<T>(schema: Parameters<typeof checkWith<T>>[0], value: unknown): T {
  return checkWith(schema, value, 'bad query parameters', '(query)');
}

const pageLimit = (limit: string | undefined) => Math.min(Math.max(Number(limit ?? 50), 1), 200);
const badCursor = () => new ApiError('invalid_request', 'bad cursor', { issues: [{ path: 'cursor', message: 'not a cursor from a previous page' }] });

/** The admin API (SPEC §7): leads with their decision traces, bookings, simulate, the distribution report and reps' calendars. */
export function createAdminRoutes(deps: FlowDeps & { adminToken?: string | undefined }) {
  const app = new Hono();
  app.use('/api/admin/*', adminAuth(deps.adminToken));

  app.get('/api/admin/leads', async (c) => {
    const params = query(z.object({ limit: limitParam, cursor: cursorParam }), c.req.query());
    const page = await leadsPage(deps, pageLimit(params.limit), params.cursor ?? null);
    if (page === null) throw badCursor();
    return c.json({ leads: page.leads.map((lead) => leadSummary(deps.catalog, lead)), nextCursor: page.nextCursor });
  });

  app.get('/api/admin/leads/:id', async (c) => {
    const found = await leadWithBooking(deps, c.req.param('id'));
    if (!found) throw new ApiError('lead_not_found', 'no such lead');
    return c.json(leadDetail(deps.catalog, found.lead, found.booking));
  });

  app.get('/api/admin/bookings', async (c) => {
    const params = query(z.object({ from: instantParam, to: instantParam, limit: limitParam, cursor: cursorParam }), c.req.query());
    const page = await bookingsPage(deps, {
      ...(params.from ? { from: Date.parse(params.from) } : {}),
      ...(params.to ? { to: Date.parse(params.to) } : {}),
      limit: pageLimit(params.limit), cursor: params.cursor ?? null,
    });
    if (page === null) throw badCursor();
    return c.json({ bookings: page.bookings.map((b) => bookingRow(deps.catalog, b)), nextCursor: page.nextCursor });
  });

  // The same report as `usher simulate --json`, for a CSV sent as the body (up to the
  // API's 64 KB; larger files go through the command line).
  app.post('/api/admin/simulate', async (c) => {
    if (!/^text\/csv\b/i.test(c.req.header('content-type') ?? '')) throw new ApiError('unsupported_media_type', 'send the leads as text/csv');
    const { config } = deps.catalog;
    const formId = c.req.query('form') ?? Object.keys(config.forms)[0]!;
    if (!Object.hasOwn(config.forms, formId)) throw new ApiError('form_not_found', `no form "${formId.slice(0, 64)}"`);
    const rows = readLeadsCsv(await c.req.text(), config, formId, deps.clock());
    if (typeof rows === 'string') throw new ApiError('invalid_request', 'the CSV cannot be read', { issues: [{ path: '(body)', message: rows }] });
    return c.json(await simulate(config, formId, rows));
  });

  app.get('/api/admin/distribution', async (c) => {
    const params = query(z.object({ from: instantParam, to: instantParam }), c.req.query());
    const to = params.to ? Date.parse(params.to) : deps.clock();
    const from = params.from ? Date.parse(params.from) : to - 30 * DAY;
    if (from >= to) throw new ApiError('invalid_request', 'bad query parameters', { issues: [{ path: 'from', message: '`from` must be before `to`' }] });
    return c.json({ from: iso(from), to: iso(to), ...await distributionBetween(deps, from, to) });
  });

  // Each rep's calendars (SPEC §11): state, last success, last error, busy times held.
  app.get('/api/admin/calendars', async (c) => {
    return c.json({ calendars: calendarRows(deps.catalog, await calendarsReport(deps), deps.clock()) });
  });
  return app;
}
