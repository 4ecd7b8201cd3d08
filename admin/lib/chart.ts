/**
 * Geometry for the hand-drawn SVG charts (no chart library: the console's budget is
 * 40 KB gzip in all). Pure numbers in, path data out.
 */

/** One bucket of a team's series, as `GET /api/admin/distribution` gives it. */
export type Bucket = { start: string; reps: readonly { repId: string; leads: number; credited: number }[] };

/**
 * Per rep, per bucket: the rep's share of the team's counted turns (leads − credited)
 * from the first bucket up to this one. Null until the team has a counted turn, since
 * a share of nothing is no point on the line.
 */
export function cumulativeShares(repIds: readonly string[], series: readonly Bucket[]): Record<string, (number | null)[]> {
  const totals = new Map(repIds.map((id) => [id, 0]));
  const out: Record<string, (number | null)[]> = Object.fromEntries(repIds.map((id) => [id, []]));
  for (const bucket of series) {
    for (const entry of bucket.reps) {
      if (totals.has(entry.repId)) totals.set(entry.repId, totals.get(entry.repId)! + entry.leads - entry.credited);
    }
    const all = [...totals.values()].reduce((a, b) => a + b, 0);
    for (const id of repIds) out[id]!.push(all === 0 ? null : totals.get(id)! / all);
  }
  return out;
}

/** The top of the y axis: the largest value rounded up to a tenth, at least 0.1, at most 1. */
export function axisMax(values: readonly number[]): number {
  const top = Math.max(0, ...values);
  return Math.min(1, Math.max(0.1, Math.ceil(top * 10 - 1e-9) / 10));
}

/** The drawing area inside the SVG's viewBox. */
export type Box = { width: number; height: number; left: number; right: number; top: number; bottom: number };

/** The x of bucket `i` of `n`; a single bucket sits in the middle. */
export function xAt(i: number, n: number, box: Box): number {
  const span = box.width - box.left - box.right;
  return n <= 1 ? box.left + span / 2 : box.left + (span * i) / (n - 1);
}

/** The y of `value` on an axis from 0 (bottom) to `max` (top). */
export function yAt(value: number, max: number, box: Box): number {
  const span = box.height - box.top - box.bottom;
  return box.top + span * (1 - Math.min(value, max) / max);
}

const round = (n: number) => Math.round(n * 10) / 10;

/** SVG path data through the values; a null breaks the line, so no share is invented. */
export function linePath(values: readonly (number | null)[], max: number, box: Box): string {
  let path = '';
  let drawing = false;
  values.forEach((value, i) => {
    if (value === null) {
      drawing = false;
      return;
    }
    path += `${drawing ? 'L' : 'M'}${round(xAt(i, values.length, box))} ${round(yAt(value, max, box))}`;
    drawing = true;
  });
  return path;
}

/** Gridline values: 0, half way and the top. */
export function ticks(max: number): number[] {
  return [0, max / 2, max];
}
