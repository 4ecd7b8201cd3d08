import { manageUrlOf } from '../booking/links.ts';
import { unseal } from '../booking/seal.ts';
import { confirmationAgainJob } from '../delivery/booking-events.ts';
import { ApiError } from '../http/errors.ts';
import type { FlowDeps } from './deps.ts';
import { leadOfRequest } from './lead-token.ts';
import { bookingRules } from './manage.ts';

/**
 * Emails the prospect their booking's confirmation again, with its manage link: for a
 * prospect whose request is already booked (`409 already_booked`) and who cannot find
 * the first email. It goes only to the address the lead gave, so a lead token cannot
 * send mail anywhere else; the route limits how often. A wrong token, a token of another
 * lead and an unknown lead all fail alike (`lead_not_found`); a lead without a live
 * booking is `booking_not_found`.
 */
export async function sendManageLink(deps: FlowDeps, leadId: string, token: string | undefined): Promise<void> {
  const { store, catalog } = deps;
  const now = deps.clock();
  const lead = await leadOfRequest(store, leadId, token, now);
  const live = (await store.bookings.ofLead(lead.id)).find((made) => made.booking.status === 'confirmed');
  const manageToken = token !== undefined && live?.sealedManageToken ? unseal(token, 'manage-token', live.sealedManageToken) : null;
  // A rep or meeting type gone from the config since cannot be written about.
  if (!live || manageToken === null || !bookingRules(catalog, live.booking)) {
    throw new ApiError('booking_not_found', 'this request has no booked meeting to send');
  }
  await store.outbox.enqueue([confirmationAgainJob({ catalog, booking: live.booking, lead, manageUrl: manageUrlOf(catalog, manageToken), hostUrl: null, at: now })]);
}
