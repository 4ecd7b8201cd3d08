import type { BookingResponse, MeetingLocation, Slot } from '../../shared/api.ts';
import type { MeetingType } from '../../shared/config.ts';
import type { Interval } from '../availability/intervals.ts';
import { publicLink } from '../../shared/urls.ts';
import type { Catalog } from '../config/catalog.ts';
import { localize } from '../../shared/locale.ts';
import type { Booking, Lead } from '../../shared/records.ts';

/** The prospect's manage page for a booking; the token is the only key to it. */
export function manageUrlOf(catalog: Catalog, manageToken: string): string {
  return publicLink(catalog.config.organization.publicUrl, `/m/${manageToken}`);
}

const iso = (instant: number) => new Date(instant).toISOString();

/** Slots as they travel in answers, e.g. the fresh alternatives of a 409 (UTC ISO with `Z`). */
export function slotViews(slots: readonly Interval[]): Slot[] {
  return slots.map((slot) => ({ start: iso(slot.start), end: iso(slot.end) }));
}

/** The public view of a booking (SPEC §7): times, the host's name, the links; no rep email. */
export function bookingResponse(catalog: Catalog, booking: Booking, manageToken: string): BookingResponse {
  const manageUrl = manageUrlOf(catalog, manageToken);
  const location = meetingLocation(catalog.config.meetingTypes[booking.meetingType]?.location, booking.id);
  return {
    bookingId: booking.id,
    start: iso(booking.start),
    end: iso(booking.end),
    host: { name: catalog.reps.get(booking.repId)?.name ?? 'our team' },
    manageUrl,
    icsUrl: `${manageUrl}/invite.ics`,
    ...(location && { location }),
  };
}

/** A meeting type's location as the booking shows it: a video link gets the booking's id. */
function meetingLocation(location: MeetingType['location'], bookingId: string): MeetingLocation | undefined {
  if (location?.kind === 'video') return { kind: 'video', url: location.url.replaceAll('{bookingId}', bookingId) };
  return location && { ...location };
}

/** A booking as the manage API shows it: the public view plus its state. */
export type ManagedBookingView = BookingResponse & {
  status: Booking['status'];
  sequence: number;
  meeting: { title: string; durationMinutes: number };
  /** The prospect's zone, in which the manage page shows times. */
  timezone: string;
  cancelReason: string | null;
};

/** `lead`: its zone is the view's, its locale the meeting title's. */
export function managedBookingView(catalog: Catalog, booking: Booking, manageToken: string, lead: Pick<Lead, 'timezone' | 'locale'>): ManagedBookingView {
  const meeting = catalog.config.meetingTypes[booking.meetingType];
  const title = meeting ? localize(meeting.title, lead.locale, catalog.config.organization.locale) : booking.meetingType;
  return {
    ...bookingResponse(catalog, booking, manageToken),
    status: booking.status,
    sequence: booking.sequence,
    meeting: { title, durationMinutes: Math.round((booking.end - booking.start) / 60_000) },
    timezone: lead.timezone,
    cancelReason: booking.cancelReason,
  };
}
