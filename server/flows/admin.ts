import type { Booking, Lead } from '../../shared/records.ts';
import { distribution, type Distribution } from '../routing/distribution.ts';
import { calendarSources } from './calendar-sync.ts';
import type { FlowDeps } from './deps.ts';

/** What the admin API reads (SPEC §7); nothing here writes. */

export async function leadsPage(deps: FlowDeps, limit: number, cursor: string | null): Promise<{ leads: Lead[]; nextCursor: string | null } | null> {
  return deps.store.leads.list(limit, cursor);
}

export async function leadWithBooking(deps: FlowDeps, id: string): Promise<{ lead: Lead; booking: Booking | null } | null> {
  const lead = await deps.store.leads.find(id);
  if (!lead) return null;
  return { lead, booking: (await deps.store.bookings.liveOfLead(lead.id))?.booking ?? null };
}

export async function bookingsPage(
  deps: FlowDeps,
  options: { from?: number; to?: number; limit: number; cursor: string | null },
): Promise<{ bookings: Booking[]; nextCursor: string | null } | null> {
  return deps.store.bookings.list(options);
}

/** Assignments per team and rep in `[from, to)` against the weighted shares. */
export async function distributionBetween(deps: FlowDeps, from: number, to: number): Promise<Distribution> {
  return distribution(deps.catalog, await deps.store.rotation.assignmentCounts(from, to));
}

/** Each configured calendar source with what the database keeps of its sync. */
export async function calendarsReport(deps: FlowDeps) {
  return calendarSources(deps);
}
