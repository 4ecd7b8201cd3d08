import { Hono } from 'hono';
import * as z from 'zod/mini';
import type { Catalog } from '../config/catalog.ts';
import { prospectOf } from '../delivery/notify.ts';
import { adminAuth } from '../http/admin-auth.ts';
import { ApiError } from '../http/errors.ts';
import { checkWith } from '../http/validate.ts';
import { distribution } from '../routing/distribution.ts';
import { listBookings, liveBookingOfLead } from '../store/bookings.ts';
import type { Db } from '../store/db.ts';
import { findLead, listLeads, type Lead } from '../store/leads.ts';
import { assignmentCounts } from '../store/rotation.ts';
import { readLeadsCsv, simulate } from '../simulate.ts';

const DAY = 86_400_000;
const iso = (instant: number) => new Date(instant).toISOString();
const instantParam = z.optional(z.iso.datetime({ offset: false }));

function query<T>(schema: Parameters<typeof checkWith<T>>[0], value: unknown): T {
  return checkWith(schema, value, 'bad query parameters', '(query)');
}

function summary(catalog: Catalog, lead: Lead) {
  const known = Object.hasOwn(catalog.config.forms, lead.formId);
  return {
    id: lead.id, formId: lead.formId, createdAt: iso(lead.createdAt), outcome: lead.outcome, reason: lead.reason,
    email: known ? prospectOf(catalog, lead).email : null,
    teamId: lead.teamId, repId: lead.repId, mode: lead.mode,
  };
}

/** The admin API (SPEC §7): leads with their decision traces, and the distribution report. */
export function createAdminRoutes(deps: { catalog: Catalog; db: Db; clock: () => number; adminToken?: string | undefined }) {
  const app = new Hono();
  app.use('/api/admin/*', adminAuth(deps.adminToken));

  app.get('/api/admin/leads', async (c) => {
    const params = query(z.object({
      limit: z.optional(z.string().check(z.regex(/^\d{1,3}$/, 'expected a number from 1 to 200'))),
      cursor: z.optional(z.string().check(z.maxLength(200))),
    }), c.req.query());
    const limit = Math.min(Math.max(Number(params.limit ?? 50), 1), 200);
    const page = await listLeads(deps.db, limit, params.cursor ?? null);
    if (page === null) throw new ApiError('invalid_request', 'bad cursor', { issues: [{ path: 'cursor', message: 'not a cursor from a previous page' }] });
    return c.json({ leads: page.leads.map((lead) => summary(deps.catalog, lead)), nextCursor: page.nextCursor });
  });

  app.get('/api/admin/leads/:id', async (c) => {
    const lead = await findLead(deps.db, c.req.param('id'));
    if (!lead) throw new ApiError('lead_not_found', 'no such lead');
    const booking = (await liveBookingOfLead(deps.db, lead.id))?.booking ?? null;
    return c.json({
      lead: { ...summary(deps.catalog, lead), answers: lead.answers, facts: lead.facts, timezone: lead.timezone, locale: lead.locale, candidateIds: lead.candidateIds, trace: lead.trace },
      booking: booking && { id: booking.id, repId: booking.repId, start: iso(booking.start), end: iso(booking.end), status: booking.status },
    });
  });

  app.get('/api/admin/bookings', async (c) => {
    const params = query(z.object({
      from: instantParam, to: instantParam,
      limit: z.optional(z.string().check(z.regex(/^\d{1,3}$/, 'expected a number from 1 to 200'))),
      cursor: z.optional(z.string().check(z.maxLength(200))),
    }), c.req.query());
    const limit = Math.min(Math.max(Number(params.limit ?? 50), 1), 200);
    const page = await listBookings(deps.db, {
      ...(params.from ? { from: Date.parse(params.from) } : {}),
      ...(params.to ? { to: Date.parse(params.to) } : {}),
      limit, cursor: params.cursor ?? null,
    });
    if (page === null) throw new ApiError('invalid_request', 'bad cursor', { issues: [{ path: 'cursor', message: 'not a cursor from a previous page' }] });
    return c.json({
      bookings: page.bookings.map((b) => ({
        id: b.id, leadId: b.leadId, repId: b.repId, repName: deps.catalog.reps.get(b.repId)?.name ?? null,
        meetingType: b.meetingType, start: iso(b.start), end: iso(b.end), status: b.status, sequence: b.sequence,
        createdAt: iso(b.createdAt),
      })),
      nextCursor: page.nextCursor,
    });
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
    return c.json({ from: iso(from), to: iso(to), ...distribution(deps.catalog, await assignmentCounts(deps.db, from, to)) });
  });
  return app;
}
