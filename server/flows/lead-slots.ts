import type { Lead } from '../../shared/records.ts';
import type { PooledSlot } from '../availability/slots.ts';
import { pooledSlots } from '../availability/slots.ts';
import { meetingOf, slotRules } from '../config/catalog.ts';
import { ApiError } from '../http/errors.ts';
import { loadCalendars } from './calendars.ts';
import type { FlowDeps } from './deps.ts';
import { leadForToken, leadOfRequest } from './lead-token.ts';

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

const DAY = 86_400_000;

/**
 * What the hosted scheduling page (`/b/:token`) shows: the lead behind its token (404
 * unknown, 410 expired, as for the widget), its slots over the meeting's horizon, and
 * whether it is booked already.
 */
export async function hostedSlots(deps: FlowDeps, token: string): Promise<{ lead: Lead; slots: PooledSlot[]; booked: boolean }> {
  const now = deps.clock();
  const lead = await leadForToken(deps.store, token, now);
  const booked = (await deps.store.bookings.liveOfLead(lead.id)) !== null;
  const form = deps.catalog.config.forms[lead.formId];
  if (booked || !form) return { lead, slots: [], booked };
  const horizon = Math.min(slotRules(meetingOf(deps.catalog, form)).horizonDays, 31);
  const { slots } = await leadSlots(deps, lead.id, token, now, now + horizon * DAY);
  return { lead, slots, booked };
}
