/**
 * Pure interval arithmetic over epoch milliseconds. Every interval is half-open,
 * `[start, end)`, so two meetings that touch (10:00-10:30, 10:30-11:00) do not overlap.
 */
export type Interval = { start: number; end: number };

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Sorts and merges overlapping or touching intervals; drops empty ones. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else merged.push({ start: next.start, end: next.end });
  }
  return merged;
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
