import { randomUUID } from 'node:crypto';
import type { Catalog } from '../config/catalog.ts';
import type { Lead, NewOutboxJob, Reassignment } from '../../shared/records.ts';
import type { MessageId } from '../i18n/reader.ts';
import { answerLines, escapeHtml, formatSpan, htmlTable, mailbox, prospectOf, readerOf, senderOf, whyRouted } from './notify.ts';
import { deliveryTarget, type EmailPayload, type WebhookPayload } from './outbox.ts';

/** What a rep is told about a lead that is theirs without a meeting, and the event it files under. */
type LeadMail = {
  event: 'lead.reassigned' | 'lead.assigned' | 'lead.sla_reminder';
  subject: MessageId;
  opening: MessageId;
  /** The rep the email goes to. */
  to: string;
  /** Filled into both texts (besides the prospect's `name`). */
  values: Record<string, string>;
  /** The rep's host link; absent in an email to a rep who no longer has the lead. */
  hostUrl?: string | undefined;
  at: number;
};

/**
 * An email to a rep about a lead, in the organization's language as reps read
 * everything: the news, the prospect's answers by label, why the lead was routed, and the
 * rep's own host link.
 */
function repLeadJob(catalog: Catalog, lead: Lead, mail: LeadMail): NewOutboxJob {
  const { organization } = catalog.config;
  const reader = readerOf(catalog, 'rep', lead);
  const { t } = reader;
  const rep = catalog.reps.get(mail.to)!;
  const prospect = prospectOf(catalog, lead);
  const values = { name: `${prospect.name} (${prospect.email})`, ...mail.values };
  const opening = t(mail.opening, values);
  const why = whyRouted(catalog, lead, reader);
  const facts: [string, string][] = [
    ...(why && mail.hostUrl ? [[t('mail.why'), why] as [string, string]] : []),
    ...(mail.hostUrl ? answerLines(catalog, lead, reader).map((a): [string, string] => [a.label, a.value]) : []),
  ];
  const link = mail.hostUrl ? [`${t('mail.host')}: ${mail.hostUrl}`, ''] : [];
  const text = [t('mail.greeting', { name: rep.name }), '', opening, '', ...facts.map(([k, v]) => `${k}: ${v}`), ...(facts.length ? [''] : []), ...link, organization.name].join('\n');
  const html = [
    `<p>${escapeHtml(t('mail.greeting', { name: rep.name }))}</p>`,
    `<p>${escapeHtml(opening)}</p>`,
    facts.length ? htmlTable(facts) : '',
    mail.hostUrl ? `<p><a href="${escapeHtml(mail.hostUrl)}">${escapeHtml(t('mail.host'))}</a></p>` : '',
    `<p>${escapeHtml(organization.name)}</p>`,
  ].join('\n');
  const id = randomUUID();
  const payload: EmailPayload = {
    mail: {
      key: `${lead.id}-${mail.event}-${mail.to}-${mail.at}`, from: senderOf(organization), to: mailbox(rep),
      subject: t(mail.subject, { ...values, name: prospect.name }).replace(/[\r\n]+/g, ' '), text, html, date: mail.at,
      messageId: `<${id}@${new URL(organization.publicUrl).hostname}>`,
    },
  };
  return { id, kind: 'email', target: deliveryTarget.mail, event: mail.event, bookingId: null, payload: JSON.stringify(payload), runAt: mail.at, createdAt: mail.at };
}

const repName = (catalog: Catalog, id: string) => catalog.reps.get(id)?.name ?? id;

/** An instant as the rep reads it: their zone, the organization's language. */
function deadlineText(catalog: Catalog, lead: Lead, repId: string, instant: number): string {
  const zone = catalog.reps.get(repId)?.timezone ?? 'UTC';
  return formatSpan(instant, instant, zone, readerOf(catalog, 'rep', lead).locale);
}

/** To the rep a lead was handed to (by a colleague, or by the SLA), with their host link. */
export function handedOverJob(catalog: Catalog, lead: Lead, change: { from: string; to: string; hostUrl: string; at: number; why: Reassignment['why'] }): NewOutboxJob {
  return repLeadJob(catalog, lead, {
    event: 'lead.reassigned', subject: 'mail.subject.handedOver', opening: change.why === 'sla' ? 'mail.reassignedSla' : change.why === 'admin' ? 'mail.reassignedByAdmin' : 'mail.handedOver',
    to: change.to, values: { previous: repName(catalog, change.from) }, hostUrl: change.hostUrl, at: change.at,
  });
}

/** To the rep who lost a lead to the SLA or to an admin: who has it now. No link: it is no longer theirs. */
export function reassignedAwayJob(catalog: Catalog, lead: Lead, change: { from: string; to: string; at: number; why?: Reassignment['why'] }): NewOutboxJob {
  return repLeadJob(catalog, lead, {
    event: 'lead.reassigned', subject: 'mail.subject.reassignedAway', opening: change.why === 'admin' ? 'mail.reassignedAwayByAdmin' : 'mail.reassignedAway',
    to: change.from, values: { rep: repName(catalog, change.to) }, at: change.at,
  });
}

/** To the rep of a new lead without a meeting, when an SLA runs: accept it by `deadline`. */
export function newLeadJob(catalog: Catalog, lead: Lead, mail: { to: string; hostUrl: string; deadline: number; at: number }): NewOutboxJob {
  return repLeadJob(catalog, lead, {
    event: 'lead.assigned', subject: 'mail.subject.newLead', opening: 'mail.newLead',
    to: mail.to, values: { when: deadlineText(catalog, lead, mail.to, mail.deadline) }, hostUrl: mail.hostUrl, at: mail.at,
  });
}

/** The SLA's reminder: the lead goes to someone else at `deadline` unless accepted. */
export function slaReminderJob(catalog: Catalog, lead: Lead, mail: { to: string; hostUrl: string; deadline: number; at: number }): NewOutboxJob {
  return repLeadJob(catalog, lead, {
    event: 'lead.sla_reminder', subject: 'mail.subject.slaReminder', opening: 'mail.slaReminder',
    to: mail.to, values: { when: deadlineText(catalog, lead, mail.to, mail.deadline) }, hostUrl: mail.hostUrl, at: mail.at,
  });
}

/** `lead.reassigned` webhooks (SPEC §6): the lead, who had it, who has it now, and why. */
export function reassignedWebhookJobs(catalog: Catalog, lead: Lead, change: Reassignment, at: number): NewOutboxJob[] {
  const event = 'lead.reassigned';
  const hooks = catalog.config.webhooks.filter((hook) => hook.events.includes(event));
  if (hooks.length === 0) return [];
  const eventId = `evt_${randomUUID()}`;
  const repView = (id: string | null) => {
    const rep = id === null ? undefined : catalog.reps.get(id);
    return rep ? { id: rep.id, name: rep.name, email: rep.email } : null;
  };
  const prospect = prospectOf(catalog, lead);
  const body = JSON.stringify({
    id: eventId, type: event, createdAt: new Date(at).toISOString(),
    data: {
      lead: { id: lead.id, formId: lead.formId, teamId: lead.teamId, answers: lead.answers, timezone: lead.timezone },
      prospect: { name: prospect.name, email: prospect.email },
      from: repView(change.from), to: repView(change.to), why: change.why,
    },
  });
  return hooks.map((hook): NewOutboxJob => {
    const payload: WebhookPayload = { url: hook.url, secretEnv: hook.secretEnv, eventId, event, body };
    return { id: randomUUID(), kind: 'webhook', target: deliveryTarget.webhook(hook.url), event, bookingId: null, payload: JSON.stringify(payload), runAt: at, createdAt: at };
  });
}
