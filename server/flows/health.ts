import type { CalendarState } from '../../shared/records.ts';
import { calendarState, isUsable } from '../calendars/sources.ts';
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

/** The storage error writes fail with now (disk full, I/O), or null. */
export function failingWrites(deps: Pick<FlowDeps, 'store'>): { code: string; at: number } | null {
  return deps.store.writeFailure();
}

/** Calendar sources by state, and the reps not offered because of one; null when no rep has a calendar. */
export type CalendarHealth = Record<CalendarState, number> & { repsExcluded: number };

export async function calendarHealth(deps: Pick<FlowDeps, 'store' | 'catalog' | 'clock'>): Promise<CalendarHealth | null> {
  if (deps.catalog.calendarSources.size === 0) return null;
  const sync = deps.catalog.config.calendarSync;
  const counts: CalendarHealth = { ok: 0, stale: 0, failing: 0, repsExcluded: 0 };
  const now = deps.clock();
  const excluded = new Set<string>();
  for (const { source, record } of await calendarSources(deps)) {
    counts[record ? calendarState(record, sync, now) : 'stale']++;
    if (!isUsable(record, sync, now)) excluded.add(source.repId);
  }
  counts.repsExcluded = excluded.size;
  return counts;
}
