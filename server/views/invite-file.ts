import { manageUrlOf } from '../booking/links.ts';
import type { Catalog } from '../config/catalog.ts';
import { buildInvite } from '../delivery/invite.ts';
import { prospectOf, readerOf } from '../delivery/notify.ts';
import type { Managed } from '../flows/manage.ts';

/**
 * The booking's latest invite as an `.ics` file, in the prospect's language: a moved
 * meeting's new time, a canceled one's METHOD:CANCEL. Null when the config no longer
 * has its rep or meeting type.
 */
export function inviteFile(catalog: Catalog, managed: Managed, token: string): string | null {
  const { booking, lead } = managed;
  const { config } = catalog;
  const rep = catalog.reps.get(booking.repId);
  const meeting = config.meetingTypes[booking.meetingType];
  if (!rep || !meeting) return null;
  const reader = readerOf(catalog, 'prospect', lead);
  return buildInvite({
    method: booking.status === 'canceled' ? 'CANCEL' : 'REQUEST',
    bookingId: booking.id, sequence: booking.sequence, start: booking.start, end: booking.end,
    stamp: booking.updatedAt, organization: config.organization,
    meeting: { ...meeting, title: reader.text(meeting.title) }, language: reader.language,
    rep: { name: rep.name, email: rep.email }, prospect: prospectOf(catalog, lead),
    manageUrl: manageUrlOf(catalog, token),
    cancelReason: booking.cancelReason,
  });
}
