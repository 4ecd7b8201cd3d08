import { randomUUID } from 'node:crypto';
import type { Catalog } from '../config/catalog.ts';
import type { Lead } from '../../shared/records.ts';
import type { NewOutboxJob } from '../../shared/records.ts';
import { prospectOf } from './notify.ts';
import { deliveryTarget, type WebhookPayload } from './outbox.ts';

export type LeadEvent = 'lead.disqualified' | 'lead.routed';

/** Which event a stored lead announces: disqualified, or routed (scheduled or not). */
export function leadEventOf(lead: Lead): LeadEvent | null {
  if (lead.outcome === 'disqualified') return 'lead.disqualified';
  return lead.trace.route && lead.trace.route.index !== null ? 'lead.routed' : null;
}

/**
 * Webhook rows for a new lead, for the caller to write in the transaction that stores
 * it. The body carries the routing decision (outcome, team, rep when assigned) and the
 * answers; never the lead token.
 */
export function leadEventJobs(catalog: Catalog, lead: Lead, at: number): NewOutboxJob[] {
  const event = leadEventOf(lead);
  const hooks = event ? catalog.config.webhooks.filter((hook) => hook.events.includes(event)) : [];
  if (!event || hooks.length === 0) return [];
  const eventId = `evt_${randomUUID()}`;
  const rep = lead.repId ? catalog.reps.get(lead.repId) : undefined;
  const prospect = prospectOf(catalog, lead);
  const body = JSON.stringify({
    id: eventId,
    type: event,
    createdAt: new Date(at).toISOString(),
    data: {
      lead: {
        id: lead.id, formId: lead.formId, outcome: lead.outcome, reason: lead.reason,
        teamId: lead.teamId, mode: lead.mode, answers: lead.answers, timezone: lead.timezone,
      },
      prospect: { name: prospect.name, email: prospect.email },
      rep: rep ? { id: rep.id, name: rep.name, email: rep.email } : null,
      route: lead.trace.route ?? null,
    },
  });
  return hooks.map((hook): NewOutboxJob => {
    const payload: WebhookPayload = { url: hook.url, secretEnv: hook.secretEnv, eventId, event, body };
    return { id: randomUUID(), kind: 'webhook', target: deliveryTarget.webhook(hook.url), event, bookingId: null, payload: JSON.stringify(payload), runAt: at, createdAt: at };
  });
}
