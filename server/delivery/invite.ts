import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { MeetingType } from '../../shared/config.ts';

export type Person = { name: string; email: string };

export type InviteInput = {
  method: 'REQUEST' | 'CANCEL';
  bookingId: string;
  sequence: number;
  start: number;
  end: number;
  /** DTSTAMP: when this version of the invite was made. */
  stamp: number;
  organization: { name: string; publicUrl: string };
  meeting: MeetingType;
  rep: Person;
  prospect: Person;
  manageUrl: string;
  /** The prospect's answers, for the rep's copy only. */
  answers?: Record<string, string> | undefined;
};

/** Stable across every version of one booking's invite, so calendars update in place. */
export function inviteUid(bookingId: string, publicUrl: string): string {
  return `${bookingId}@${new URL(publicUrl).hostname}`;
}

function locationOf(meeting: MeetingType, bookingId: string): string | null {
  const location = meeting.location;
  if (!location) return null;
  if (location.kind === 'video') return location.url.replaceAll('{bookingId}', bookingId);
  if (location.kind === 'phone') return location.number ?? 'Phone call';
  return location.address;
}

/** One calendar event per booking (SPEC §6): organizer the rep, attendees rep and prospect. */
export function buildInvite(input: InviteInput): string {
  const calendar = ical({
    name: input.organization.name,
    prodId: { company: 'Usher', product: 'usher', language: 'EN' },
    method: input.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  const location = locationOf(input.meeting, input.bookingId);
  const lines = [
    `${input.meeting.title} with ${input.prospect.name} and ${input.rep.name}.`,
    location ? `Join: ${location}` : null,
    `Reschedule or cancel: ${input.manageUrl}`,
  ];
  if (input.answers) {
    lines.push('', 'Answers:');
    for (const [id, value] of Object.entries(input.answers)) lines.push(`${id}: ${value}`);
  }
  calendar.createEvent({
    id: inviteUid(input.bookingId, input.organization.publicUrl),
    sequence: input.sequence,
    stamp: new Date(input.stamp),
    start: new Date(input.start),
    end: new Date(input.end),
    summary: `${input.meeting.title}: ${input.prospect.name} / ${input.rep.name}`,
    description: lines.filter((line) => line !== null).join('\n'),
    location,
    url: input.manageUrl,
    status: input.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: input.rep.name, email: input.rep.email },
    attendees: [
      { name: input.rep.name, email: input.rep.email, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.ACCEPTED },
      { name: input.prospect.name, email: input.prospect.email, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.NEEDSACTION, rsvp: true },
    ],
  });
  return calendar.toString();
}
