import { randomUUID } from 'node:crypto';
import type { Catalog } from '../config/catalog.ts';
import type { Lead, NewOutboxJob, Reassignment } from '../../shared/records.ts';
import { answerLines, escapeHtml, mailbox, prospectOf, readerOf, senderOf, whyRouted } from './notify.ts';
import { deliveryTarget, type EmailPayload, type WebhookPayload } from './outbox.ts';


/**
 * The email to the rep a lead was handed to: who handed it over, the prospect's
 * answers, why the lead was routed, and the rep's own host link. In the organization's
 * language, as reps read everything.
 */
export function handedOverJob(catalog: Catalog, lead: Lead, change: { from: string; to: string; hostUrl: string; at: number }): NewOutboxJob {
  const { organization } = catalog.config;
  const reader = readerOf(catalog, 'rep', lead);
  const { t } = reader;
  const rep = catalog.reps.get(change.to)!;
  const previous = catalog.reps.get(change.from)?.name ?? change.from;
  const prospect = prospectOf(catalog, lead);
  const answers = answerLines(catalog, lead, reader);
  const why = whyRouted(catalog, lead, reader);
  const from = senderOf(organization);
  const opening = t('mail.handedOver', { previous, name: `${prospect.name} (${prospect.email})` });
  const facts: [string, string][] = [...(why ? [[t('mail.why'), why] as [string, string]] : []), ...answers.map((a): [string, string] => [a.label, a.value])];
  const host = new URL(organization.publicUrl).hostname;
  const id = randomUUID();
  const text = [
    t('mail.greeting', { name: rep.name }), '', opening, '',
    ...facts.map(([k, v]) => `${k}: ${v}`), '',
    `${t('mail.host')}: ${change.hostUrl}`, '', organization.name,
  ].join('\n');
  const html = [
    `<p>${escapeHtml(t('mail.greeting', { name: rep.name }))}</p>`,
    `<p>${escapeHtml(opening)}</p>`,
    `<table role="presentation">${facts.map(([k, v]) => `<tr><th align="left" valign="top">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`,
    `<p><a href="${escapeHtml(change.hostUrl)}">${escapeHtml(t('mail.host'))}</a></p>`,
    `<p>${escapeHtml(organization.name)}</p>`,
  ].join('\n');
  const payload: EmailPayload = {
    mail: {
      key: `${lead.id}-handed-${change.to}-${change.at}`, from, to: mailbox(rep), replyTo: mailbox(prospect),
      subject: t('mail.subject.handedOver', { name: prospect.name }).replace(/[\r\n]+/g, ' '), text, html, date: change.at,
      messageId: `<${id}@${host}>`,
    },
  };
  return { id, kind: 'email', target: deliveryTarget.mail, event: 'lead.reassigned', bookingId: null, payload: JSON.stringify(payload), runAt: change.at, createdAt: change.at };
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
