import type { Lead } from '../../shared/records.ts';
import { ApiError } from '../http/errors.ts';
import { hashToken } from '../http/tokens.ts';
import type { Operations } from '../store/store.ts';

/**
 * How long a lead token books and pages slots. The widget holds it only while the page
 * is open, so a day is generous for a person and short for a leaked token.
 */
export const LEAD_TOKEN_TTL_MS = 24 * 3_600_000;

/** When the lead's token stops booking: a day for the widget's, longer for a lead from the API. */
export function tokenExpiry(lead: Pick<Lead, 'createdAt' | 'tokenExpiresAt'>): number {
  return lead.tokenExpiresAt ?? lead.createdAt + LEAD_TOKEN_TTL_MS;
}

/**
 * The schedulable lead behind a lead token. An unknown token is `404 lead_not_found`
 * (never 403, which would confirm a guess); an old one is `410 lead_expired`.
 */
export async function leadForToken(store: Pick<Operations, 'leads'>, token: string, now: number): Promise<Lead & { bookingsMade: number }> {
  const lead = await store.leads.findByTokenHash(hashToken(token));
  if (!lead || lead.outcome !== 'schedule') throw new ApiError('lead_not_found', 'this booking link is not valid');
  if (now > tokenExpiry(lead)) {
    throw new ApiError('lead_expired', 'this booking link has expired; please fill in the form again');
  }
  return lead;
}

/**
 * The lead a request names by id, when its bearer token is that lead's. A missing or
 * wrong token and a token of another lead all fail alike (`lead_not_found`), so a
 * stranger learns nothing, not even that a lead exists.
 */
export async function leadOfRequest(store: Pick<Operations, 'leads'>, leadId: string, token: string | undefined, now: number): Promise<Lead> {
  const notFound = new ApiError('lead_not_found', 'no such lead, or this link is not valid for it');
  if (token === undefined) throw notFound;
  const lead = await leadForToken(store, token, now).catch((error: unknown) => {
    throw error instanceof ApiError && error.code === 'lead_not_found' ? notFound : error;
  });
  if (lead.id !== leadId) throw notFound;
  return lead;
}
