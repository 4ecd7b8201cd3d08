import { DateTime } from 'luxon';
import type { Catalog } from '../config/catalog.ts';
import type { Booking } from '../store/bookings.ts';
import type { Lead } from '../store/leads.ts';
import { buildInvite, type Person } from './invite.ts';
import type { OutgoingMail } from './mail.ts';

/** The prospect as named by their answers: the form's email question and a `name` answer. */
export function prospectOf(catalog: Catalog, lead: Lead): Person {
  const form = catalog.config.forms[lead.formId]!;
  const emailId = form.questions.find((q) => q.type === 'email')!.id;
  const email = lead.answers[emailId] ?? '';
  const name = lead.answers.name ?? lead.answers.full_name ?? email.split('@')[0] ?? email;
  return { name, email };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function when(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat("cccc d LLLL yyyy, HH:mm '('ZZZZ')'");
}

/** The invite emails for a new booking: one to the rep (with answers), one to the prospect. */
export function bookingCreatedMails(catalog: Catalog, booking: Booking, lead: Lead, manageUrl: string, now: number): OutgoingMail[] {
  const { organization } = catalog.config;
  const meeting = catalog.config.meetingTypes[booking.meetingType]!;
  const repConfig = catalog.reps.get(booking.repId)!;
  const rep: Person = { name: repConfig.name, email: repConfig.email };
  const prospect = prospectOf(catalog, lead);
  const from = `"${organization.name.replace(/["\\]/g, '')}" <no-reply@${new URL(organization.publicUrl).hostname}>`;
  const invite = (answers?: Record<string, string>) => buildInvite({
    method: 'REQUEST', bookingId: booking.id, sequence: booking.sequence, start: booking.start, end: booking.end,
    stamp: now, organization, meeting, rep, prospect, manageUrl, answers,
  });
  const mail = (role: 'rep' | 'prospect', to: Person, zone: string, withAnswers: boolean): OutgoingMail => {
    const time = when(booking.start, zone);
    const other = role === 'rep' ? prospect.name : rep.name;
    const text = [
      `${meeting.title} with ${other}`,
      time,
      '',
      ...(withAnswers ? Object.entries(lead.answers).map(([k, v]) => `${k}: ${v}`) : []),
      '',
      `Reschedule or cancel: ${manageUrl}`,
    ].join('\n');
    const html = `<p><strong>${escapeHtml(meeting.title)}</strong> with ${escapeHtml(other)}</p>`
      + `<p>${escapeHtml(time)}</p>`
      + (withAnswers ? `<ul>${Object.entries(lead.answers).map(([k, v]) => `<li>${escapeHtml(k)}: ${escapeHtml(v)}</li>`).join('')}</ul>` : '')
      + `<p><a href="${escapeHtml(manageUrl)}">Reschedule or cancel</a></p>`;
    return {
      key: `${booking.id}-${role}`,
      from,
      to: `"${to.name.replace(/["\\\r\n]/g, '')}" <${to.email}>`,
      replyTo: role === 'prospect' ? rep.email : prospect.email,
      subject: `Invitation: ${meeting.title} with ${other}, ${time}`.replace(/[\r\n]/g, ' '),
      text,
      html,
      ics: { method: 'REQUEST', content: invite(withAnswers ? lead.answers : undefined) },
    };
  };
  return [mail('rep', rep, repConfig.timezone, true), mail('prospect', prospect, lead.timezone, false)];
}
