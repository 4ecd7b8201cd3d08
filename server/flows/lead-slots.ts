import type { Lead } from '../../shared/records.ts';
import type { PooledSlot } from '../availability/slots.ts';
import { pooledSlots } from '../availability/slots.ts';
import { meetingOf, slotRules } from '../config/catalog.ts';
import { ApiError } from '../http/errors.ts';
import { loadCalendars } from './calendars.ts';
import type { FlowDeps } from './deps.ts';
import { leadOfRequest } from './lead-token.ts';

/**
 * The lead's bookable slots starting in `[from, to)`, for the lead whose token this is.
 * A wrong token, a token of another lead and a lead with nothing to book all fail alike
 * (`lead_not_found`), so a stranger learns nothing, not even that a lead exists.
 */
export async function leadSlots(deps: FlowDeps, leadId: string, token: string | undefined, from: number, to: number): Promise<{ lead: Lead; slots: PooledSlot[] }> {
  const { store, catalog } = deps;
  const now = deps.clock();
  const lead = await leadOfRequest(store, leadId, token, now);
  if (!Object.hasOwn(catalog.config.forms, lead.formId)) throw new ApiError('lead_not_found', 'no such lead, or this link is not valid for it');
  const meeting = meetingOf(catalog, catalog.config.forms[lead.formId]!);
  const candidates = lead.candidateIds.filter((id) => catalog.reps.has(id));
  const calendars = await loadCalendars(store, deps, now, meeting, candidates, from, to);
  return { lead, slots: pooledSlots(calendars, { rules: slotRules(meeting), now, from, to }) };
}
