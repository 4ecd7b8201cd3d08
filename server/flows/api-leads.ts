import type { Lead } from '../../shared/records.ts';
import { publicLink } from '../../shared/urls.ts';
import type { ApiCaller } from '../http/api-key-auth.ts';
import { ApiError } from '../http/errors.ts';
import { hashToken } from '../http/tokens.ts';
import { acceptAs } from './host.ts';
import type { FlowDeps } from './deps.ts';
import { replayAnswer, requestHash, storeAnswer, type IdempotencyScope, type StoredAnswer } from './idempotency.ts';
import { submitLead, type SubmitOutcome } from './submit-lead.ts';

const DAY = 86_400_000;
/** A lead from the API books from its link this long: a campaign email is read days later. */
export const API_LEAD_TOKEN_DAYS = 14;

export type ApiLeadRequest = { form: string; answers: Record<string, string>; timezone?: string | undefined; locale?: string | undefined; source?: string | undefined };

/** `POST /api/leads` answers this (SPEC §12). */
export type ApiLeadResponse = {
  outcome: SubmitOutcome['outcome'];
  leadId: string | null;
  rep: { id: string; name: string } | null;
  /** The hosted scheduling page (`/b/:token`) for a lead that can book. */
  bookingUrl: string | null;
  reason?: string;
};

/** A routed lead as the API (and `usher import --json`) reports it. */
export function apiLeadResponse(deps: FlowDeps, outcome: SubmitOutcome): ApiLeadResponse {
  const { catalog } = deps;
  const rep = (id: string | null) => {
    const found = id === null ? undefined : catalog.reps.get(id);
    return found ? { id: found.id, name: found.name } : null;
  };
  switch (outcome.outcome) {
    case 'already_booked':
      return { outcome: 'already_booked', leadId: outcome.booking.leadId, rep: rep(outcome.booking.repId), bookingUrl: null };
    case 'disqualified':
      return { outcome: 'disqualified', leadId: outcome.lead.id, rep: null, bookingUrl: null, reason: outcome.lead.reason ?? '' };
    case 'no_availability':
      return { outcome: 'no_availability', leadId: outcome.lead.id, rep: null, bookingUrl: null };
    case 'schedule':
      return {
        outcome: 'schedule', leadId: outcome.lead.id, rep: rep(outcome.lead.repId),
        bookingUrl: publicLink(catalog.config.organization.publicUrl, `/b/${outcome.leadToken}`),
      };
  }
}

const isDuplicateKey = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT'));
};

/**
 * A lead from a CRM, a chat tool or a script: the same qualify and route as the widget
 * (no form token: the caller is known by its key). With an `Idempotency-Key` the first
 * answer is kept in the transaction that stored the lead, sealed with the caller's key
 * (it holds the booking link), so a retry gets that answer and routes nothing, and two
 * copies sent at once make one lead.
 */
export async function submitApiLead(
  deps: FlowDeps,
  caller: ApiCaller,
  request: ApiLeadRequest,
  idempotencyKey: string | undefined,
): Promise<StoredAnswer<ApiLeadResponse>> {
  const scope: IdempotencyScope | null = idempotencyKey === undefined ? null : {
    leadToken: caller.secret, scopeHash: hashToken(`api-key:${caller.secret}`), key: idempotencyKey, requestHash: requestHash(request),
  };
  if (scope) {
    const stored = await replayAnswer<ApiLeadResponse>(deps.store, scope);
    if (stored) return stored;
  }
  const timezone = request.timezone ?? 'UTC';
  try {
    const outcome = await submitLead({ ...deps, openLeadsCap: 0 }, request.form, { answers: request.answers, timezone, ...(request.locale ? { locale: request.locale } : {}) }, {
      source: { apiKey: caller.id, name: request.source ?? null },
      tokenValidMs: API_LEAD_TOKEN_DAYS * DAY,
      record: scope ? (tx, result) => storeAnswer(tx, scope, { status: 201, body: apiLeadResponse(deps, result), bookingId: null, at: deps.clock() }) : undefined,
    });
    return { status: outcome.outcome === 'already_booked' ? 200 : 201, body: apiLeadResponse(deps, outcome), replayed: false };
  } catch (error) {
    // The same key sent twice at once: the other copy stored the lead and its answer.
    if (scope && isDuplicateKey(error)) {
      const stored = await replayAnswer<ApiLeadResponse>(deps.store, scope);
      if (stored) return stored;
    }
    throw error;
  }
}

/**
 * `POST /api/leads/:id/touch`: the lead's rep works on it (a CRM webhook saw a call or an
 * email): accepted if it was not, and touched now, which holds off `sla.untouchedDays`.
 */
export async function touchLead(deps: FlowDeps, leadId: string): Promise<{ lead: Lead; acceptedAt: number | null; touchedAt: number | null }> {
  const lead = leadId.length <= 64 ? await deps.store.leads.find(leadId) : null;
  if (!lead) throw new ApiError('lead_not_found', 'no such lead');
  if (lead.repId === null) throw new ApiError('not_your_lead', 'this lead has no rep yet');
  if (!(await acceptAs(deps, lead.id, lead.repId, deps.clock(), true))) throw new ApiError('not_your_lead', 'the lead moved to another rep just now; touch it again');
  return { lead, ...(await deps.store.leads.followUp(lead.id)) };
}
