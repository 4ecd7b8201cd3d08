/**
 * Pure interval arithmetic over epoch milliseconds. Every interval is half-open,
 * `[start, end)`, so two meetings that touch (10:00-10:30, 10:30-11:00) do not overlap.
 */
export type Interval = { start: number; end: number };

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** True when the list is in order of start (ties in any order). */
export function isSortedByStart(intervals: readonly Interval[]): boolean {
  for (let i = 1; i < intervals.length; i++) if (intervals[i]!.start < intervals[i - 1]!.start) return false;
  return true;
}

/**
 * Merges overlapping or touching intervals of a list already in order of start; drops
 * empty ones. One pass; the input is not changed.
 */
export function mergeSortedIntervals(sorted: readonly Interval[]): Interval[] {
  const merged: Interval[] = [];
  let last: Interval | undefined;
  for (const next of sorted) {
    if (next.end <= next.start) continue;
    if (last && next.start <= last.end) {
      if (next.end > last.end) last.end = next.end;
    } else {
      last = { start: next.start, end: next.end };
      merged.push(last);
    }
  }
  return merged;
}

/** Sorts and merges overlapping or touching intervals; drops empty ones. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  // Lists from the database usually come in order: skip the sort then.
  const sorted = isSortedByStart(intervals) ? intervals : [...intervals].sort((a, b) => a.start - b.start);
  return mergeSortedIntervals(sorted);
}

/** The union of two lists that are each sorted and merged; one sweep. */
export function unionOfMerged(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  if (b.length === 0) return [...a];
  if (a.length === 0) return [...b];
  const both: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    both.push(j >= b.length || (i < a.length && a[i]!.start <= b[j]!.start) ? a[i++]! : b[j++]!);
  }
  return mergeSortedIntervals(both);
}

/**
 * `from` minus `minus`. Both lists must be sorted and merged (as from `mergeIntervals`);
 * one sweep, so the cost is linear in the two lengths.
 */
export function subtractIntervals(from: readonly Interval[], minus: readonly Interval[]): Interval[] {
  const result: Interval[] = [];
  let j = 0;
  for (const range of from) {
    let cursor = range.start;
    // 1. skip busy blocks that end before this range starts
    while (j < minus.length && minus[j]!.end <= cursor) j++;
    // 2. cut out every busy block that reaches into the range
    let k = j;
    while (k < minus.length && minus[k]!.start < range.end) {
      const block = minus[k]!;
      if (block.start > cursor) result.push({ start: cursor, end: block.start });
      cursor = Math.max(cursor, block.end);
      k++;
    }
    // 3. what is left after the last block
    if (cursor < range.end) result.push({ start: cursor, end: range.end });
  }
  return result;
}
