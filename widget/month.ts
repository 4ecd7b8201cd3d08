/**
 * A month as a calendar grid: weeks of local dates (`YYYY-MM-DD`), starting on the
 * locale's first day of the week, with null for the cells before the 1st and after the
 * last. Dates are calendar dates, so this is plain UTC arithmetic; which day a slot is
 * on was already decided in the prospect's zone (`localDayKey`).
 */
export function monthGrid(month: string, firstDay: number): (string | null)[][] {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, number - 1, 1));
  const length = new Date(Date.UTC(year, number, 0)).getUTCDate();
  // Monday is 1 … Sunday 7, as Intl's week info counts.
  const weekday = first.getUTCDay() || 7;
  const lead = (weekday - firstDay + 7) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let day = 1; day <= length; day++) cells.push(`${month}-${String(day).padStart(2, '0')}`);
  while (cells.length % 7) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** The locale's first day of the week (1 Monday … 7 Sunday), Monday where the browser cannot say. */
export function firstDayOfWeek(locale: string): number {
  try {
    const info = new Intl.Locale(locale) as Intl.Locale & { getWeekInfo?: () => { firstDay: number }; weekInfo?: { firstDay: number } };
    return info.getWeekInfo?.().firstDay ?? info.weekInfo?.firstDay ?? 1;
  } catch {
    return 1;
  }
}

/** The date `days` after `key`. */
export function addDays(key: string, days: number): string {
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
