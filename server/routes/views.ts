import type { Slot } from '../../shared/api.ts';
import type { Interval } from '../availability/intervals.ts';

/** Instants on the wire are UTC ISO 8601 with `Z` (SPEC §3). */
export function toSlotViews(slots: readonly Interval[]): Slot[] {
  return slots.map((slot) => ({ start: new Date(slot.start).toISOString(), end: new Date(slot.end).toISOString() }));
}
