import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { stream } from 'hono/streaming';
import * as z from 'zod/mini';
import { leadOutcomes } from '../../shared/admin-api.ts';
import { zoneClock } from '../availability/zoned-time.ts';
import {
  allLeads, bookingsPage, calendarsReport, cancelAsAdmin, deliveriesPage, distributionBetween, endSession, explainAvailability,
  leadFile, leadsPage, markAsAdmin, reassignAsAdmin, retryDelivery, sessionOf, startSession,
} from '../flows/admin.ts';
import { formatProblem } from '../config/paths.ts';
import { missingTranslations } from '../config/translations.ts';
import type { FlowDeps } from '../flows/deps.ts';
import { simulate } from '../flows/simulate.ts';
import { adminAccess, isAdminToken, sessionCookieName } from '../http/admin-auth.ts';
import { ApiError } from '../http/errors.ts';
import type { AbuseLimits } from '../http/rate-limit.ts';
import { hashToken } from '../http/tokens.ts';
import { readJson } from '../http/validate.ts';
import { readLeadsCsv } from '../simulate.ts';
import { bookingRow, calendarRows, deliveryRow, leadDetail, leadSummary, overview } from '../views/admin.ts';

const DAY = 86_400_000;
const iso = (instant: number) => new Date(instant).toISOString();
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date `YYYY-MM-DD` (no 30 February). */
function isDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const utcDay = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(utcDay) && new Date(utcDay).toISOString().startsWith(value);
}

const badParams = (issues: { path: string; message: string }[]) => new ApiError('bad_request', 'bad query parameters', { issues });

/**
 * The query of `c`, checked: only the `allowed` names (anything else is a 400 that lists
 * them), each at most once, none empty, none longer than 200 characters.
 */
function queryOf<K extends string>(c: Context, allowed: readonly K[]): Partial<Record<K, string>> {
  const all = c.req.queries();
  const issues: { path: string; message: string }[] = [];
  const out: Partial<Record<K, string>> = {};
  for (const [name, values] of Object.entries(all)) {
    if (!(allowed as readonly string[]).includes(name)) issues.push({ path: name, message: `unknown parameter; expected one of: ${allowed.join(', ')}` });
    else if (values.length !== 1) issues.push({ path: name, message: 'give it once' });
    else if (values[0]!.length === 0 || values[0]!.length > 200) issues.push({ path: name, message: 'expected a value of 1 to 200 characters' });
    else out[name as K] = values[0]!;
  }
  if (issues.length > 0) throw badParams(issues);
  return out;
}

/**
 * An instant from a query: a full ISO 8601 instant, or a date `YYYY-MM-DD` read in the
 * organization's zone, as the start of that day (`from`) or the end of it (`to`, so a
 * range of dates includes its last day).
 */
function instantOf(value: string | undefined, name: string, zone: string, edge: 'start' | 'end'): number | undefined {
  if (value === undefined) return undefined;
  if (isDate(value)) {
    return zoneClock(zone).instantAtOrAfter(Date.parse(`${value}T00:00:00Z`) / DAY + (edge === 'end' ? 1 : 0), 0);
  } else if (z.iso.datetime({ offset: true }).safeParse(value).success) {
    return Date.parse(value);
  }
  throw badParams([{ path: name, message: 'expected a date (YYYY-MM-DD, in the organization\'s zone) or an ISO 8601 instant' }]);
}

function rangeOf(params: { from?: string; to?: string }, zone: string): { from?: number; to?: number } {
  const from = instantOf(params.from, 'from', zone, 'start');
  const to = instantOf(params.to, 'to', zone, 'end');
  if (from !== undefined && to !== undefined && from >= to) throw badParams([{ path: 'from', message: '`from` must be before `to`' }]);
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

function limitOf(value: string | undefined): number {
  if (value === undefined) return 50;
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 200) throw badParams([{ path: 'limit', message: 'expected a number from 1 to 200' }]);
  return Number(value);
}

const badCursor = () => badParams([{ path: 'cursor', message: 'not a cursor from a previous page' }]);

function oneOf<T extends string>(value: string | undefined, name: string, options: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(options as readonly string[]).includes(value)) throw badParams([{ path: name, message: `expected one of: ${options.join(', ')}` }]);
  return value as T;
}

const LEAD_FILTERS = ['outcome', 'form', 'team', 'rep', 'from', 'to', 'email'] as const;

/** One CSV cell: quoted, and a leading `=+-@` defused so a spreadsheet never runs it as a formula. */
function csvCell(value: string | null): string {
  const text = value ?? '';
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** The admin API (SPEC §7, §13), behind the admin token or a console session. */
export function createAdminRoutes(deps: FlowDeps & { adminToken?: string | undefined; limits: AbuseLimits; ipOf: (c: Context) => string }) {
  const app = new Hono();
  const { catalog } = deps;
  const zone = catalog.config.organization.timezone;
  const secure = catalog.config.organization.publicUrl.startsWith('https:');
  const cookie = sessionCookieName(secure);
  const signIn = (c: Context) => c.req.method === 'POST' && c.req.path === '/api/admin/session';
  app.use('/api/admin/*', adminAccess({ token: deps.adminToken, cookie, lookup: (token) => sessionOf(deps, token), open: signIn }));

  // Sign-in (SPEC §13): the admin token, counted per address, for a 12 h HttpOnly cookie.
  app.post('/api/admin/session', async (c) => {
    await deps.limits.take('adminSignInsPerIp', deps.ipOf(c));
    const { token } = await readJson(c, z.object({ token: z.string().check(z.maxLength(500)) }));
    if (!isAdminToken(deps.adminToken!, token)) throw new ApiError('unauthorized', 'that is not the admin token');
    const session = await startSession(deps);
    setCookie(c, cookie, session.token, {
      httpOnly: true, sameSite: 'Strict', secure, path: '/', maxAge: Math.floor((session.expiresAt - deps.clock()) / 1000),
    });
    return c.json({ csrf: session.csrf, expiresAt: iso(session.expiresAt) });
  });

  app.get('/api/admin/session', async (c) => {
    const session = await sessionOf(deps, getCookie(c, cookie) ?? '');
    if (!session) throw new ApiError('unauthorized', 'not signed in');
    return c.json({ csrf: session.csrf, expiresAt: iso(session.expiresAt) });
  });

  app.post('/api/admin/session/end', async (c) => {
    const token = getCookie(c, cookie);
    if (token) await endSession(deps, token);
    deleteCookie(c, cookie, { path: '/', secure });
    return c.body(null, 204);
  });

  app.get('/api/admin/overview', (c) => c.json(overview(catalog)));

  function leadFilter(c: Context) {
    const params = queryOf(c, [...LEAD_FILTERS, 'limit', 'cursor']);
    const email = params.email?.trim().toLowerCase();
    return {
      params,
      filter: {
        ...(params.outcome ? { outcome: oneOf(params.outcome, 'outcome', leadOutcomes)! } : {}),
        ...(params.form ? { formId: params.form } : {}),
        ...(params.team ? { teamId: params.team } : {}),
        ...(params.rep ? { repId: params.rep } : {}),
        ...(email ? { emailHash: hashToken(email) } : {}),
        ...rangeOf(params, zone),
      },
    };
  }

  app.get('/api/admin/leads', async (c) => {
    const { params, filter } = leadFilter(c);
    const page = await leadsPage(deps, filter, limitOf(params.limit), params.cursor ?? null);
    if (page === null) throw badCursor();
    return c.json({ leads: page.leads.map((lead) => leadSummary(catalog, lead)), nextCursor: page.nextCursor });
  });

  // Every matching lead, streamed a page at a time, so an export of 100,000 never sits in memory.
  app.get('/api/admin/leads.csv', async (c) => {
    const { params, filter } = leadFilter(c);
    if (params.limit !== undefined || params.cursor !== undefined) throw badParams([{ path: params.limit ? 'limit' : 'cursor', message: 'the export has every matching lead; leave it out' }]);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="usher-leads.csv"');
    return stream(c, async (out) => {
      await out.write('id,created_at,form,outcome,reason,email,name,team,rep,booked_for\n');
      for await (const leads of allLeads(deps, filter)) {
        const lines = leads.map((lead) => {
          const row = leadSummary(catalog, lead);
          return [row.id, row.createdAt, row.formId, row.outcome, row.reason, row.email, row.name, row.teamId, row.repId, row.bookedFor].map(csvCell).join(',');
        });
        if (lines.length > 0) await out.write(`${lines.join('\n')}\n`);
      }
    });
  });

  app.get('/api/admin/leads/:id', async (c) => {
    queryOf(c, []);
    return c.json(leadDetail(catalog, await leadFile(deps, c.req.param('id'))));
  });

  app.post('/api/admin/leads/:id/reassign', async (c) => {
    const { repId } = await readJson(c, z.object({ repId: z.optional(z.string().check(z.maxLength(64))) }));
    await reassignAsAdmin(deps, c.req.param('id'), repId);
    return c.json(leadDetail(catalog, await leadFile(deps, c.req.param('id'))));
  });

  app.post('/api/admin/bookings/:id/cancel', async (c) => {
    const { reason } = await readJson(c, z.object({ reason: z.string().check(z.maxLength(500)) }));
    const lead = await cancelAsAdmin(deps, c.req.param('id'), reason);
    return c.json(leadDetail(catalog, await leadFile(deps, lead.id)));
  });

  app.post('/api/admin/bookings/:id/outcome', async (c) => {
    const { outcome } = await readJson(c, z.object({ outcome: z.enum(['held', 'no_show']) }));
    const lead = await markAsAdmin(deps, c.req.param('id'), outcome);
    return c.json(leadDetail(catalog, await leadFile(deps, lead.id)));
  });

  app.get('/api/admin/bookings', async (c) => {
    const params = queryOf(c, ['from', 'to', 'rep', 'status', 'limit', 'cursor']);
    const status = oneOf(params.status, 'status', ['confirmed', 'canceled'] as const);
    const page = await bookingsPage(deps, {
      ...rangeOf(params, zone), limit: limitOf(params.limit), cursor: params.cursor ?? null,
      ...(params.rep ? { repId: params.rep } : {}), ...(status ? { status } : {}),
    });
    if (page === null) throw badCursor();
    return c.json({ bookings: page.bookings.map((b) => bookingRow(catalog, b)), nextCursor: page.nextCursor });
  });

  // The same report as `usher simulate --json`, for a CSV sent as the body (up to the
  // API's 64 KB; larger files go through the command line).
  app.post('/api/admin/simulate', async (c) => {
    const params = queryOf(c, ['form']);
    if (!/^text\/csv\b/i.test(c.req.header('content-type') ?? '')) throw new ApiError('unsupported_media_type', 'send the leads as text/csv');
    const { config } = catalog;
    const formId = params.form ?? Object.keys(config.forms)[0]!;
    if (!Object.hasOwn(config.forms, formId)) throw new ApiError('form_not_found', `no form "${formId.slice(0, 64)}"`);
    const rows = readLeadsCsv(await c.req.text(), config, formId, deps.clock());
    if (typeof rows === 'string') throw new ApiError('invalid_request', 'the CSV cannot be read', { issues: [{ path: '(body)', message: rows }] });
    return c.json(await simulate(config, formId, rows));
  });

  app.get('/api/admin/distribution', async (c) => {
    const params = queryOf(c, ['from', 'to', 'bucket']);
    const range = rangeOf(params, zone);
    const bucket = oneOf(params.bucket, 'bucket', ['day', 'week'] as const) ?? 'day';
    const to = range.to ?? deps.clock();
    const from = range.from ?? to - 30 * DAY;
    if (from >= to) throw badParams([{ path: 'from', message: '`from` must be before `to`' }]);
    if (to - from > 400 * DAY) throw badParams([{ path: 'from', message: 'a period of at most 400 days' }]);
    const report = await distributionBetween(deps, from, to, bucket);
    return c.json({
      from: iso(from), to: iso(to), bucket, spread: report.spread,
      teams: report.teams.map((team) => ({
        ...team,
        series: (report.series.get(team.teamId) ?? []).map((b) => ({
          start: iso(b.start), reps: team.reps.map((r) => ({ repId: r.repId, leads: b.reps.get(r.repId)?.leads ?? 0, credited: b.reps.get(r.repId)?.credited ?? 0 })),
        })),
      })),
    });
  });

  // The troubleshooter: why each start of a rep's (or a team's reps') day is free or not.
  app.get('/api/admin/availability', async (c) => {
    const params = queryOf(c, ['rep', 'team', 'date', 'meetingType']);
    const { config } = catalog;
    if ((params.rep === undefined) === (params.team === undefined)) throw badParams([{ path: 'rep', message: 'give either `rep` or `team`' }]);
    if (params.rep !== undefined && !catalog.reps.has(params.rep)) throw new ApiError('not_found', `no rep "${params.rep.slice(0, 64)}"`);
    if (params.team !== undefined && !Object.hasOwn(config.teams, params.team)) throw new ApiError('not_found', `no team "${params.team.slice(0, 64)}"`);
    const date = params.date ?? '';
    if (!isDate(date)) throw badParams([{ path: 'date', message: 'expected a date, YYYY-MM-DD' }]);
    const meetingType = params.meetingType ?? Object.values(config.forms)[0]!.meetingType;
    if (!Object.hasOwn(config.meetingTypes, meetingType)) throw new ApiError('not_found', `no meeting type "${meetingType.slice(0, 64)}"`);
    const repIds = params.rep !== undefined ? [params.rep] : config.teams[params.team!]!.members.filter((id) => catalog.reps.has(id));
    const explained = await explainAvailability(deps, repIds, date, meetingType);
    const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    return c.json({
      date, meetingType,
      reps: explained.map((rep) => ({
        repId: rep.repId, name: catalog.reps.get(rep.repId)!.name, timezone: rep.timezone,
        starts: rep.starts.map((s) => ({ start: iso(s.start), local: hhmm(s.minuteOfDay), state: s.state, detail: s.detail })),
      })),
    });
  });

  // Each rep's calendars (SPEC §11): state, last success, last error, busy times held.
  app.get('/api/admin/calendars', async (c) => {
    queryOf(c, []);
    return c.json({ calendars: calendarRows(catalog, await calendarsReport(deps), deps.clock()) });
  });

  app.get('/api/admin/outbox', async (c) => {
    const params = queryOf(c, ['state', 'limit', 'cursor']);
    const state = oneOf(params.state, 'state', ['pending', 'retrying', 'dead'] as const) ?? 'dead';
    const page = await deliveriesPage(deps, state, limitOf(params.limit), params.cursor ?? null);
    if (page === null) throw badCursor();
    return c.json({ counts: page.counts, jobs: page.jobs.map(deliveryRow), nextCursor: page.nextCursor });
  });

  app.post('/api/admin/outbox/:id/retry', async (c) => c.json({ job: deliveryRow(await retryDelivery(deps, c.req.param('id'))) }));

  // What is loaded, and what `usher check` warns of. Calendar URLs keep only their origin:
  // a feed's path is often its secret.
  app.get('/api/admin/config', (c) => {
    const { config } = catalog;
    const reps = config.reps.map((rep) => ({
      ...rep, calendars: rep.calendars.map((cal) => ({ ...cal, url: `${new URL(cal.url).origin}/…` })),
    }));
    return c.json({ config: { ...config, reps }, warnings: missingTranslations(config).map(formatProblem) });
  });
  return app;
}
