import type { CalendarState } from '../../shared/records.ts';
import { calendarState } from '../calendars/sources.ts';
import { calendarSources } from './calendar-sync.ts';
import type { FlowDeps } from './deps.ts';

/** The process answers and the database does too. */
export async function databaseAnswers(deps: Pick<FlowDeps, 'store'>): Promise<boolean> {
  try {
    await deps.store.ping();
    return true;
  } catch {
    return false;
  }
}

/** How many of the reps' calendar sources are in each state; null when no rep has one. */
export async function calendarHealth(deps: Pick<FlowDeps, 'store' | 'catalog' | 'clock'>): Promise<Record<CalendarState, number> | null> {
  if (deps.catalog.calendarSources.size === 0) return null;
  const counts: Record<CalendarState, number> = { ok: 0, stale: 0, failing: 0 };
  const now = deps.clock();
  for (const { record } of await calendarSources(deps)) {
    counts[record ? calendarState(record, deps.catalog.config.calendarSync, now) : 'stale']++;
  }
  return counts;
}
