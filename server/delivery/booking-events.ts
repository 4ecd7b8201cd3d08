import { randomUUID } from 'node:crypto';
import type { NewOutboxJob } from '../../shared/records.ts';
import { localize } from '../../shared/locale.ts';
import { readerFor } from '../i18n/reader.ts';
import { locationOf } from './invite.ts';
import { seal } from '../booking/seal.ts';
import { bookingMails, prospectOf, reminderMail, type BookingChange, type MailInput, type Role } from './notify.ts';
import { deliveryTarget, type CalendarWritePayload, type EmailPayload, type WebhookPayload } from './outbox.ts';

export type BookingEvent = 'booking.created' | 'booking.rescheduled' | 'booking.canceled';

const EVENT_OF: Record<BookingChange['kind'], BookingEvent> = {
  created: 'booking.created',
  rescheduled: 'booking.rescheduled',
  canceled: 'booking.canceled',
};

const iso = (instant: number) => new Date(instant).toISOString();

/**
 * The webhook body for a booking change. Webhooks go to the company's own systems, so
 * they carry the rep's and the prospect's details and the answers (by question id);
 * never the manage link, which is the prospect's key to their booking. Texts are in the
 * organization's locale, as the reps read them.
 */
export function bookingEventBody(input: MailInput, eventId: string): string {
  const { catalog, booking, lead, change } = input;
  const rep = catalog.reps.get(booking.repId)!;
  const meeting = catalog.config.meetingTypes[booking.meetingType]!;
  const prospect = prospectOf(catalog, lead);
  const { locale } = catalog.config.organization;
  return JSON.stringify({
    id: eventId,
    type: EVENT_OF[change.kind],
    createdAt: iso(input.at),
    data: {
      booking: {
        id: booking.id,
        status: booking.status,
        start: iso(booking.start),
        end: iso(booking.end),
        sequence: booking.sequence,
        meetingType: booking.meetingType,
        title: localize(meeting.title, locale, locale),
        location: locationOf(meeting, booking.id, readerFor(locale, locale).t),
      },
      rep: { id: rep.id, name: rep.name, email: rep.email },
      prospect: { name: prospect.name, email: prospect.email, timezone: lead.timezone },
      lead: { id: lead.id, formId: lead.formId, answers: lead.answers },
      ...(change.kind === 'rescheduled' ? { previous: { start: iso(change.previous.start), end: iso(change.previous.end) } } : {}),
      ...(change.kind === 'canceled' ? { reason: change.reason } : {}),
    },
  });
}

/**
 * Everything a booking change must deliver, as outbox rows for the caller to write in
 * the transaction that makes the change: the rep's and the prospect's email, one
 * webhook per configured endpoint that subscribed to the event (one event id for all),
 * and one calendar write per CalDAV calendar of the rep with `writeBookings: true`.
 */
export function bookingChangeJobs(input: MailInput): NewOutboxJob[] {
  const event = EVENT_OF[input.change.kind];
  const host = new URL(input.catalog.config.organization.publicUrl).hostname;
  const job = (kind: NewOutboxJob['kind'], target: string, payload: EmailPayload | WebhookPayload | CalendarWritePayload, id = randomUUID()): NewOutboxJob => ({
    id, kind, target, event, bookingId: input.booking.id, payload: JSON.stringify(payload), runAt: input.at, createdAt: input.at,
  });
  const mails = bookingMails(input);
  const jobs = mails.map((mail) => {
    const id = randomUUID();
    return job('email', deliveryTarget.mail, { mail: { ...mail, messageId: `<${id}@${host}>` } }, id);
  });
  // The rep's own calendars that take Usher's bookings get the rep's copy of the event.
  for (const source of input.catalog.calendarSources.get(input.booking.repId) ?? []) {
    if (source.config.kind !== 'caldav' || !source.config.writeBookings) continue;
    jobs.push(job('calendar', deliveryTarget.calendar(source.id), { sourceId: source.id, bookingId: input.booking.id, sequence: input.booking.sequence, invite: mails[0].invite! }));
  }
  const hooks = input.catalog.config.webhooks.filter((hook) => hook.events.includes(event));
  if (hooks.length > 0) {
    const eventId = `evt_${randomUUID()}`;
    const body = bookingEventBody(input, eventId);
    for (const hook of hooks) jobs.push(job('webhook', deliveryTarget.webhook(hook.url), { url: hook.url, secretEnv: hook.secretEnv, eventId, event, body }));
  }
  return jobs;
}

/**
 * The prospect's confirmation of a booking as it stands now (times, place, invite at its
 * current sequence, the manage link), sent again because the prospect asked for it: the
 * widget's "email me my link" when a request is already booked. Nobody else is told.
 */
export function confirmationAgainJob(input: Omit<MailInput, 'change'>): NewOutboxJob {
  const [, mail] = bookingMails({ ...input, change: { kind: 'created' } });
  const id = randomUUID();
  const host = new URL(input.catalog.config.organization.publicUrl).hostname;
  return {
    id, kind: 'email', target: deliveryTarget.mail, event: 'booking.link_requested', bookingId: input.booking.id,
    payload: JSON.stringify({ mail: { ...mail, key: `${mail.key}-again-${input.at}`, messageId: `<${id}@${host}>` } } satisfies EmailPayload),
    runAt: input.at, createdAt: input.at,
  };
}

/** Reminder emails wait for their time in the outbox under this event; a change of the booking drops the pending ones. */
export const REMINDER_EVENT = 'booking.reminder';

/**
 * The reminders of a confirmed booking (`meetingTypes.<id>.reminders`, minutes before
 * the start): to the prospect, and to the host with `remindHost`, each an outbox job due
 * at its time. The message, which holds the reader's link for days, is sealed under the
 * server secret. Reminders whose time has passed are not made.
 */
export function reminderJobs(input: Omit<MailInput, 'change'>, keptSecret: string): NewOutboxJob[] {
  const { catalog, booking } = input;
  const meeting = catalog.config.meetingTypes[booking.meetingType];
  if (!meeting || booking.status !== 'confirmed') return [];
  const host = new URL(catalog.config.organization.publicUrl).hostname;
  const roles: Role[] = meeting.remindHost ? ['prospect', 'rep'] : ['prospect'];
  const jobs: NewOutboxJob[] = [];
  for (const minutes of meeting.reminders) {
    const runAt = booking.start - minutes * 60_000;
    if (runAt <= input.at) continue;
    for (const role of roles) {
      const id = randomUUID();
      const mail = { ...reminderMail({ ...input, at: runAt }, role), messageId: `<${id}@${host}>` };
      const payload: EmailPayload = { sealedMail: seal(keptSecret, 'queued-mail', JSON.stringify(mail)) };
      jobs.push({ id, kind: 'email', target: deliveryTarget.mail, event: REMINDER_EVENT, bookingId: booking.id, payload: JSON.stringify(payload), runAt, createdAt: input.at });
    }
  }
  return jobs;
}
