import { Hono } from 'hono';
import { slotsQuerySchema, type ManageLinkResponse, type SlotsResponse } from '../../shared/api.ts';
import { slotViews } from '../booking/links.ts';
import type { FlowDeps } from '../flows/deps.ts';
import { leadSlots } from '../flows/lead-slots.ts';
import { sendManageLink } from '../flows/manage-link.ts';
import { ApiError } from '../http/errors.ts';
import type { AbuseLimits } from '../http/rate-limit.ts';
import { checkWith } from '../http/validate.ts';

const DAY = 86_400_000;

/** The longest range one request may ask for: a month of slots is plenty for a page. */
export const MAX_SLOTS_RANGE_DAYS = 31;

/**
 * `GET /api/leads/:leadId/slots?from&to`: the lead's bookable slots starting in
 * `[from, to)`, for the widget to page past the first days the submission returned.
 * The lead token comes as a bearer token. A missing or wrong token, a token of another
 * lead and a lead with nothing to book all answer 404 alike.
 */
export function createLeadRoutes(deps: FlowDeps & { limits: AbuseLimits }) {
  const bearer = (header: string | undefined) => /^Bearer\s+(\S{1,200})$/i.exec(header ?? '')?.[1];
  return new Hono()
    .get('/api/leads/:leadId/slots', async (c) => {
      const { from, to } = rangeOf(c.req.query());
      const { lead, slots } = await leadSlots(deps, c.req.param('leadId'), bearer(c.req.header('authorization')), from, to);
      const body: SlotsResponse = { slots: slotViews(slots), timezone: lead.timezone };
      return c.json(body);
    })
    /**
     * `POST /api/leads/:leadId/manage-link`: emails the lead's booking confirmation again
     * (SPEC §7), to the lead's own address only; a few times an hour per lead.
     */
    .post('/api/leads/:leadId/manage-link', async (c) => {
      const leadId = c.req.param('leadId');
      await deps.limits.take('linkEmailsPerLead', leadId);
      await sendManageLink(deps, leadId, bearer(c.req.header('authorization')));
      const body: ManageLinkResponse = { sent: true };
      return c.json(body, 202);
    });
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
