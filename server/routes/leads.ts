import { Hono } from 'hono';
import { slotsQuerySchema, type SlotsResponse } from '../../shared/api.ts';
import { pooledSlots } from '../availability/slots.ts';
import { loadCalendars } from '../booking/calendars.ts';
import { meetingOf, slotRules, type Catalog } from '../config/catalog.ts';
import { ApiError } from '../http/errors.ts';
import { checkWith } from '../http/validate.ts';
import type { Db } from '../store/db.ts';
import { leadForToken } from '../lead/lead-token.ts';
import type { Lead } from '../store/leads.ts';
import { slotViews } from '../booking/links.ts';

const DAY = 86_400_000;

/** The longest range one request may ask for: a month of slots is plenty for a page. */
export const MAX_SLOTS_RANGE_DAYS = 31;

/**
 * `GET /api/leads/:leadId/slots?from&to`: the lead's bookable slots starting in
 * `[from, to)`, for the widget to page past the first days the submission returned.
 * The lead token comes as a bearer token. A missing or wrong token, a token of another
 * lead and a lead with nothing to book all answer 404 alike, so the endpoint tells a
 * stranger nothing, not even that a lead exists.
 */
export function createLeadRoutes(deps: { catalog: Catalog; db: Db; clock: () => number }) {
  return new Hono().get('/api/leads/:leadId/slots', async (c) => {
    const lead = await leadOf(deps, c.req.param('leadId'), c.req.header('authorization'));
    const { from, to } = rangeOf(c.req.query());
    const form = deps.catalog.config.forms[lead.formId]!;
    const meeting = meetingOf(deps.catalog, form);
    const candidates = lead.candidateIds.filter((id) => deps.catalog.reps.has(id));
    const calendars = await loadCalendars(deps.db, deps.catalog, meeting, candidates, from, to);
    const slots = pooledSlots(calendars, { rules: slotRules(meeting), now: deps.clock(), from, to });
    const body: SlotsResponse = { slots: slotViews(slots), timezone: lead.timezone };
    return c.json(body);
  });
}

async function leadOf(deps: { catalog: Catalog; db: Db; clock: () => number }, leadId: string, authorization: string | undefined): Promise<Lead> {
  const token = /^Bearer\s+(\S{1,200})$/i.exec(authorization ?? '')?.[1];
  const notFound = new ApiError('lead_not_found', 'no such lead, or this link is not valid for it');
  if (token === undefined) throw notFound;
  const lead = await leadForToken(deps.db, token, deps.clock()).catch((error: unknown) => {
    throw error instanceof ApiError && error.code === 'lead_not_found' ? notFound : error;
  });
  // Another lead's token must not reveal whether this lead exists.
  if (lead.id !== leadId || !Object.hasOwn(deps.catalog.config.forms, lead.formId)) throw notFound;
  return lead;
}

function rangeOf(query: Record<string, string>): { from: number; to: number } {
  const range = checkWith(slotsQuerySchema, query, undefined, '(query)');
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  const problem = Number.isNaN(from) || Number.isNaN(to) ? 'not a real date'
    : to <= from ? '`to` must be after `from`'
    : to - from > MAX_SLOTS_RANGE_DAYS * DAY ? `ask for at most ${MAX_SLOTS_RANGE_DAYS} days at a time` : null;
  if (problem) throw new ApiError('invalid_request', 'the request does not match the API', { issues: [{ path: 'to', message: problem }] });
  return { from, to };
}
