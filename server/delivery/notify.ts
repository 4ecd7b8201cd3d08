import type { Catalog } from '../config/catalog.ts';
import { readerFor, type Reader } from '../i18n/reader.ts';
import { emailQuestionId } from '../lead/fields.ts';
import type { Booking, Lead } from '../../shared/records.ts';
import type { LocalizedText } from '../../shared/locale.ts';
import { publicLink } from '../../shared/urls.ts';
import { locationOf, type AnswerLine, type InviteInput, type Person } from './invite.ts';
import { formatSpan } from './when.ts';
import type { OutgoingMail } from './mail.ts';

export { formatSpan } from './when.ts';

/** What happened to a booking, as the emails and webhooks about it tell it. */
export type BookingChange =
  | { kind: 'created' }
  | { kind: 'rescheduled'; previous: { start: number; end: number } }
  | { kind: 'canceled'; reason: string | null };

export type Role = 'rep' | 'prospect';

/**
 * Who reads what (SPEC §8, "Localized content"): the prospect in the lead's locale,
 * the rep in the organization's.
 */
export function readerOf(catalog: Catalog, role: Role, lead: Pick<Lead, 'locale'>): Reader {
  const { locale } = catalog.config.organization;
  return readerFor(role === 'rep' ? locale : lead.locale, locale);
}

/** Every wording of a text, for matching on it whatever the reader's language. */
const allWordings = (text: LocalizedText | undefined) =>
  text === undefined ? '' : typeof text === 'string' ? text : Object.values(text).join(' ');

/**
 * The prospect as named by their answers: the form's email question, and the first text
 * question whose id or label speaks of a name ("name", "full_name", "Your name", …),
 * else the email's local part.
 */
export function prospectOf(catalog: Catalog, lead: Lead): Person {
  const form = catalog.config.forms[lead.formId];
  const questions = form?.questions ?? [];
  // A lead whose form has left the config still has its answers; `email` is the usual id.
  const emailId = form ? emailQuestionId(form) : 'email';
  const email = lead.answers[emailId] ?? '';
  const nameId = questions.find((q) => q.type === 'text' && /name/i.test(`${q.id} ${allWordings(q.label)}`))?.id;
  const name = (nameId && lead.answers[nameId]) || email.split('@')[0] || email;
  return { name, email };
}

/** The lead's answers in the form's question order, labelled in the reader's language. */
export function answerLines(catalog: Catalog, lead: Lead, reader: Reader): AnswerLine[] {
  const questions = catalog.config.forms[lead.formId]?.questions ?? [];
  const known = new Set(questions.map((q) => q.id));
  const lines: AnswerLine[] = [];
  const countries = new Intl.DisplayNames([reader.locale], { type: 'region', fallback: 'code' });
  for (const q of questions) {
    const value = lead.answers[q.id];
    if (value === undefined || value === '') continue;
    // A country is answered as its ISO code; the rep reads its name.
    lines.push({ label: q.label === undefined ? q.id : reader.text(q.label), value: q.type === 'country' ? countryName(countries, value) : value });
  }
  // Answers to questions the config no longer has still belong to the rep's picture.
  for (const [id, value] of Object.entries(lead.answers)) if (!known.has(id) && value !== '') lines.push({ label: id, value });
  return lines;
}

function countryName(names: Intl.DisplayNames, code: string): string {
  try {
    return names.of(code) ?? code;
  } catch {
    return code; // not a well-formed code: shown as answered
  }
}

/**
 * Why the rep got the lead, in the reader's words: the account they own, a prospect they
 * had before, or the route that matched and (for a team) the team and how it chose;
 * null when the trace says neither (a lead from before traces named routes).
 */
export function whyRouted(catalog: Catalog, lead: Lead, reader: Reader): string | null {
  const { t } = reader;
  const { trace } = lead;
  if (trace.owner?.used) return t('mail.why.owner', { account: trace.owner.account });
  if (trace.sticky?.used) return t('mail.why.sticky');
  const route = trace.route;
  if (!route || route.index === null) return null;
  const number = route.index + 1;
  if ('rep' in route.target) return t('mail.why.rep', { route: number });
  const team = trace.team ?? ('team' in route.target ? route.target.team : null);
  const strategy = trace.strategy?.name;
  if (!team || !strategy || strategy === 'direct') return t('mail.why.route', { route: number });
  const how = trace.strategy?.mode === 'pooled' ? t('mail.why.pooled', { strategy: t(`mail.strategy.${strategy}`) }) : t(`mail.strategy.${strategy}`);
  return t('mail.why.team', { route: number, team, how });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Label–value rows as an email's HTML table. */
export function htmlTable(rows: readonly (readonly [string, string])[]): string {
  return `<table role="presentation">${rows.map(([k, v]) => `<tr><th align="left" valign="top">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
}

/** A display name safe for an address header. */
export function mailbox(person: Person): string {
  return `"${person.name.replace(/["\\\r\n]/g, '')}" <${person.email}>`;
}

/** Who every email is from: `organization.mail.from`, else the organization at `no-reply@<publicUrl host>`. */
export function senderOf(organization: Catalog['config']['organization']): string {
  return organization.mail?.from ?? mailbox({ name: organization.name, email: `no-reply@${new URL(organization.publicUrl).hostname}` });
}

/**
 * A message as the outbox keeps it until it is sent: the invite as the data to render
 * it from, so the calendar file is made by the outbox worker, never while a booking
 * holds its locks. Rendering is pure (a fixed DTSTAMP), so every try sends the same file.
 */
export type QueuedMail = Omit<OutgoingMail, 'ics'> & { invite?: InviteInput };

export type MailInput = {
  catalog: Catalog;
  booking: Booking;
  lead: Lead;
  /** The prospect's manage link; null for a booking from before it was kept, when Usher changes it without the prospect. */
  manageUrl: string | null;
  /** The rep's host link (`/h/:token`); the rep never gets the prospect's manage link. */
  hostUrl: string | null;
  change: BookingChange;
  /** When the change happened: the invite's DTSTAMP and the message's Date. */
  at: number;
};

/**
 * The two messages about one change of a booking: the rep's (with the prospect's
 * answers) and the prospect's (without), each in the reader's zone and language, each
 * carrying the invite (rendered when sent) as a `text/calendar` part and as an `.ics`
 * attachment.
 */
export function bookingMails(input: MailInput): [rep: QueuedMail, prospect: QueuedMail] {
  const { catalog, booking, lead, change } = input;
  const { organization } = catalog.config;
  const meeting = catalog.config.meetingTypes[booking.meetingType]!;
  const repConfig = catalog.reps.get(booking.repId)!;
  const rep: Person = { name: repConfig.name, email: repConfig.email };
  const prospect = prospectOf(catalog, lead);
  const from = senderOf(organization);
  const method = change.kind === 'canceled' ? 'CANCEL' : 'REQUEST';

  const mail = (role: Role): QueuedMail => {
    const reader = readerOf(catalog, role, lead);
    const { t, locale, language } = reader;
    const addressee = role === 'rep' ? rep : prospect;
    const other = role === 'rep' ? prospect : rep;
    const zone = role === 'rep' ? repConfig.timezone : lead.timezone;
    const when = formatSpan(booking.start, booking.end, zone, locale);
    const title = reader.text(meeting.title);
    const withWhom = role === 'rep' ? `${other.name} (${other.email})` : other.name;
    const answers = role === 'rep' ? answerLines(catalog, lead, reader) : [];
    const location = locationOf(meeting, booking.id, t);
    // Each reader's own key: the host link for the rep, the manage link for the prospect.
    const url = role === 'rep' ? input.hostUrl : input.manageUrl;
    const link: InviteInput['link'] = url === null ? null : { url, label: role === 'rep' ? 'host' : change.kind === 'canceled' ? 'details' : 'manage' };
    const invite: InviteInput = {
      method, bookingId: booking.id, sequence: booking.sequence, start: booking.start, end: booking.end,
      stamp: input.at, organization, meeting: { ...meeting, title }, language, rep, prospect, link,
      answers: role === 'rep' ? answers : undefined,
      cancelReason: change.kind === 'canceled' ? change.reason : null,
    };

    const names = { title, name: other.name, who: withWhom, when };
    let subject: string;
    let opening: string;
    const facts: [string, string][] = [[t('mail.when'), when]];
    if (change.kind === 'created') {
      subject = t('mail.subject.created', names);
      opening = t(role === 'rep' ? 'mail.created.rep' : 'mail.created.prospect', names);
    } else if (change.kind === 'rescheduled') {
      subject = t('mail.subject.rescheduled', names);
      opening = t('mail.rescheduled', names);
      facts.push([t('mail.was'), formatSpan(change.previous.start, change.previous.end, zone, locale)]);
    } else {
      subject = t('mail.subject.canceled', names);
      opening = t('mail.canceled', names);
      if (change.reason) facts.push([t('mail.reason'), change.reason]);
    }
    if (location && change.kind !== 'canceled') facts.push([t('mail.where'), location]);
    const why = role === 'rep' && change.kind === 'created' ? whyRouted(catalog, lead, reader) : null;
    if (why) facts.push([t('mail.why'), why]);
    // A canceled meeting: the prospect may book a new one on the form's page.
    const again = role === 'prospect' && change.kind === 'canceled'
      ? publicLink(organization.publicUrl, `/?form=${encodeURIComponent(lead.formId)}`) : null;
    const showAnswers = answers.length > 0;
    const linkLabel = link && t(`mail.${link.label}`);

    const text = [
      t('mail.greeting', { name: addressee.name }),
      '',
      opening,
      '',
      ...facts.map(([k, v]) => `${k}: ${v}`),
      ...(showAnswers ? ['', `${t('mail.answers')}:`, ...answers.map((a) => `${a.label}: ${a.value}`)] : []),
      '',
      ...(link ? [`${linkLabel}: ${link.url}`] : []),
      ...(again ? [`${t('mail.bookAgain')}: ${again}`] : []),
      '',
      `${organization.name}`,
    ].join('\n');
    const html = [
      `<p>${escapeHtml(t('mail.greeting', { name: addressee.name }))}</p>`,
      `<p>${escapeHtml(opening)}</p>`,
      htmlTable(facts),
      showAnswers ? `<h2 style="font-size:1em">${escapeHtml(t('mail.answers'))}</h2>${htmlTable(answers.map((a) => [a.label, a.value]))}` : '',
      link ? `<p><a href="${escapeHtml(link.url)}">${escapeHtml(linkLabel!)}</a></p>` : '',
      again ? `<p><a href="${escapeHtml(again)}">${escapeHtml(t('mail.bookAgain'))}</a></p>` : '',
      `<p>${escapeHtml(organization.name)}</p>`,
    ].join('\n');
    return {
      key: `${booking.id}-${booking.sequence}-${role}`,
      from,
      to: mailbox(addressee),
      // A reply quotes the message: the rep's copy holds the rep's host link, which must
      // not reach the prospect, so only the prospect's copy answers to the other side.
      ...(role === 'prospect' ? { replyTo: mailbox(other) } : {}),
      subject: subject.replace(/[\r\n]+/g, ' '),
      text,
      html,
      date: input.at,
      invite,
    };
  };
  return [mail('rep'), mail('prospect')];
}

/**
 * A reminder of a booking, to the prospect (with their manage link) or, with
 * `remindHost`, to the rep (with their host link): when, where, with whom. No invite: the
 * calendar already has the meeting.
 */
export function reminderMail(input: Omit<MailInput, 'change'>, role: Role): QueuedMail {
  const { catalog, booking, lead } = input;
  const { organization } = catalog.config;
  const meeting = catalog.config.meetingTypes[booking.meetingType]!;
  const repConfig = catalog.reps.get(booking.repId)!;
  const rep: Person = { name: repConfig.name, email: repConfig.email };
  const prospect = prospectOf(catalog, lead);
  const reader = readerOf(catalog, role, lead);
  const { t, locale } = reader;
  const addressee = role === 'rep' ? rep : prospect;
  const other = role === 'rep' ? prospect : rep;
  const when = formatSpan(booking.start, booking.end, role === 'rep' ? repConfig.timezone : lead.timezone, locale);
  const names = { title: reader.text(meeting.title), name: other.name, who: role === 'rep' ? `${other.name} (${other.email})` : other.name, when };
  const facts: [string, string][] = [[t('mail.when'), when]];
  const location = locationOf(meeting, booking.id, t);
  if (location) facts.push([t('mail.where'), location]);
  const url = role === 'rep' ? input.hostUrl : input.manageUrl;
  const label = t(role === 'rep' ? 'mail.host' : 'mail.manage');
  const opening = t('mail.reminder', names);
  const text = [
    t('mail.greeting', { name: addressee.name }), '', opening, '', ...facts.map(([k, v]) => `${k}: ${v}`), '',
    ...(url ? [`${label}: ${url}`, ''] : []), organization.name,
  ].join('\n');
  const html = [
    `<p>${escapeHtml(t('mail.greeting', { name: addressee.name }))}</p>`,
    `<p>${escapeHtml(opening)}</p>`,
    htmlTable(facts),
    url ? `<p><a href="${escapeHtml(url)}">${escapeHtml(label)}</a></p>` : '',
    `<p>${escapeHtml(organization.name)}</p>`,
  ].join('\n');
  return {
    key: `${booking.id}-${booking.sequence}-${role}-reminder-${input.at}`,
    from: senderOf(organization),
    to: mailbox(addressee),
    ...(role === 'prospect' ? { replyTo: mailbox(other) } : {}),
    subject: t('mail.subject.reminder', names).replace(/[\r\n]+/g, ' '),
    text,
    html,
    date: input.at,
  };
}
