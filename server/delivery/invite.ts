import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { MeetingType } from '../../shared/config.ts';
import { readerFor, type Translate } from '../i18n/reader.ts';

export type Person = { name: string; email: string };

/** One answer as the rep reads it: the question's label, not its id. */
export type AnswerLine = { label: string; value: string };

/** The meeting as one reader's invite names it: its title already in their language. */
export type InviteMeeting = Omit<MeetingType, 'title'> & { title: string };

export type InviteInput = {
  method: 'REQUEST' | 'CANCEL';
  bookingId: string;
  sequence: number;
  start: number;
  end: number;
  /** DTSTAMP: when this version of the invite was made. */
  stamp: number;
  organization: { name: string; publicUrl: string };
  meeting: InviteMeeting;
  /** The catalogue the invite's own words are in (server/i18n); jobs queued before it had one are English. */
  language?: string | undefined;
  rep: Person;
  prospect: Person;
  /** The reader's own link: the prospect's manage page, or the rep's host page. */
  link?: { url: string; label: 'manage' | 'details' | 'host' } | null;
  /** Jobs queued before `link`: the manage link, in both copies. */
  manageUrl?: string;
  /** The prospect's answers, for the rep's copy only. */
  answers?: readonly AnswerLine[] | undefined;
  /** Why the meeting was canceled, when the prospect said. */
  cancelReason?: string | null | undefined;
};

/** Stable across every version of one booking's invite, so calendars update in place. */
export function inviteUid(bookingId: string, publicUrl: string): string {
  return `${bookingId}@${new URL(publicUrl).hostname}`;
}

/** Where the meeting is; a phone call without a number is named in the reader's language. */
export function locationOf(meeting: Pick<MeetingType, 'location'>, bookingId: string, t: Translate): string | null {
  const location = meeting.location;
  if (!location) return null;
  if (location.kind === 'video') return location.url.replaceAll('{bookingId}', bookingId);
  if (location.kind === 'phone') return location.number ?? t('invite.phone');
  return location.address;
}

/** A `TextEncoder` that only counts: what `foldLines` reads of an encoding is its length. */
class CountingEncoder {
  encode(text = ''): { length: number } {
    return { length: Buffer.byteLength(text, 'utf8') };
  }
}

/**
 * Runs `render` with `TextEncoder` replaced by one that counts bytes without making
 * them. ical-generator folds lines by encoding each character on its own with a new
 * `TextEncoder` and reading only the length: about 0.5 µs a character, over half a
 * millisecond an invite, on the outbox worker's share of the event loop. The folds come
 * out the same (a test holds them to the library's own). Rendering is synchronous, so
 * nothing else runs while the stand-in is in place, and it is put back even on a throw.
 */
export function withCountingEncoder<T>(render: () => T): T {
  const original = globalThis.TextEncoder;
  globalThis.TextEncoder = CountingEncoder as unknown as typeof TextEncoder;
  try {
    return render();
  } finally {
    globalThis.TextEncoder = original;
  }
}

/**
 * One calendar event per booking (SPEC §6): organizer the rep, attendees rep and
 * prospect, a UID that never changes and the booking's SEQUENCE, so every client
 * replaces the event it holds instead of adding a second one. A cancel is the same
 * event with METHOD:CANCEL and STATUS:CANCELLED. `stored`: the same event without a
 * METHOD, as written into a rep's CalDAV calendar.
 */
export function buildInvite(input: InviteInput, options: { stored?: boolean } = {}): string {
  const canceled = input.method === 'CANCEL';
  const { t, language } = readerFor(input.language ?? 'en', 'en');
  const calendar = ical({
    name: input.organization.name,
    prodId: { company: 'Usher', product: 'usher', language: language.toUpperCase() },
    // An event stored in a CalDAV collection must carry no METHOD (RFC 4791, 4.1).
    method: options.stored ? null : canceled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  const location = locationOf(input.meeting, input.bookingId, t);
  const link = input.link !== undefined ? input.link
    : input.manageUrl === undefined ? null : { url: input.manageUrl, label: canceled ? 'details' as const : 'manage' as const };
  const lines: string[] = [t('invite.summary', { title: input.meeting.title, prospect: input.prospect.name, rep: input.rep.name })];
  if (canceled) {
    lines.push(t('invite.canceled'));
    if (input.cancelReason) lines.push(`${t('mail.reason')}: ${input.cancelReason}`);
  } else if (location) {
    lines.push(`${t('invite.join')}: ${location}`);
  }
  if (link) lines.push(`${t(`mail.${link.label}`)}: ${link.url}`);
  if (input.answers && input.answers.length > 0) {
    lines.push('', `${t('mail.answers')}:`, ...input.answers.map((a) => `${a.label}: ${a.value}`));
  }
  calendar.createEvent({
    id: inviteUid(input.bookingId, input.organization.publicUrl),
    sequence: input.sequence,
    stamp: new Date(input.stamp),
    start: new Date(input.start),
    end: new Date(input.end),
    summary: `${input.meeting.title}: ${input.prospect.name} / ${input.rep.name}`,
    description: lines.join('\n'),
    location,
    url: link?.url ?? null,
    status: canceled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: input.rep.name, email: input.rep.email },
    attendees: [
      { name: input.rep.name, email: input.rep.email, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.ACCEPTED },
      { name: input.prospect.name, email: input.prospect.email, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.NEEDSACTION, rsvp: !canceled },
    ],
  });
  // Every content line ends with CRLF, the last one too (RFC 5545, 3.1); the library ends on END:VCALENDAR.
  return `${withCountingEncoder(() => calendar.toString())}\r\n`;
}
