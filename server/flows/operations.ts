import type { OutboxDepth } from '../store/outbox.ts';
import type { FlowDeps } from './deps.ts';
import { calendarHealth, type CalendarHealth } from './health.ts';

/** What the metrics read from the database at each scrape: the same for every instance. */
export type OperationalState = { outbox: OutboxDepth; calendars: CalendarHealth | null };

/** The outbox's undelivered jobs and the calendar sources' states; null when the database does not answer. */
export async function operationalState(deps: Pick<FlowDeps, 'store' | 'catalog' | 'clock'>): Promise<OperationalState | null> {
  try {
    const [outbox, calendars] = await Promise.all([deps.store.outbox.depth(), calendarHealth(deps)]);
    return { outbox, calendars };
  } catch {
    return null;
  }
}
