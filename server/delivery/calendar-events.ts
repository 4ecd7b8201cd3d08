import { randomUUID } from 'node:crypto';
import type { CalendarSourceRecord, NewOutboxJob } from '../../shared/records.ts';
import type { ConfiguredSource } from '../calendars/sources.ts';
import type { Catalog } from '../config/catalog.ts';
import { deliveryTarget, type WebhookPayload } from './outbox.ts';

export type CalendarEvent = 'calendar.failing' | 'calendar.recovered';

const iso = (instant: number | null) => (instant === null ? null : new Date(instant).toISOString());

/**
 * Webhook rows announcing that a rep's calendar source turned failing or recovered,
 * for the caller to write in the transaction that records it. The body names the rep
 * and the source by its safe label; never its URL or credentials.
 */
export function calendarEventJobs(catalog: Catalog, event: CalendarEvent, source: ConfiguredSource, record: CalendarSourceRecord, at: number): NewOutboxJob[] {
  const hooks = catalog.config.webhooks.filter((hook) => hook.events.includes(event));
  if (hooks.length === 0) return [];
  const eventId = `evt_${randomUUID()}`;
  const body = JSON.stringify({
    id: eventId,
    type: event,
    createdAt: iso(at),
    data: {
      rep: { id: source.rep.id, name: source.rep.name, email: source.rep.email },
      source: { id: source.id, kind: source.config.kind, label: source.label },
      lastSuccessAt: iso(record.lastSuccessAt),
      lastError: event === 'calendar.failing' ? record.lastError : null,
      /** What Usher does meanwhile (`calendarSync.onFailure`). */
      onFailure: catalog.config.calendarSync.onFailure,
    },
  });
  return hooks.map((hook): NewOutboxJob => {
    const payload: WebhookPayload = { url: hook.url, secretEnv: hook.secretEnv, eventId, event, body };
    return { id: randomUUID(), kind: 'webhook', target: deliveryTarget.webhook(hook.url), event, bookingId: null, payload: JSON.stringify(payload), runAt: at, createdAt: at };
  });
}
