/**
 * Meeting times as emails and the manage page write them: "Monday 23 November 2026,
 * 15:00–15:30 (Europe/Berlin)", on the reader's wall clock. Built from `Intl` parts with
 * one formatter kept per zone: a booking writes several of these, and luxon's `toFormat`
 * made each one cost tens of microseconds (a test holds the two to the same text).
 */

type Parts = { weekday: string; day: string; month: string; year: string; hour: string; minute: string };

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsOf(instant: number, zone: string): Parts {
  let format = formatters.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    formatters.set(zone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(instant)) parts[part.type] = part.value;
  return parts as Parts;
}

/** "Monday 23 November 2026, 15:00–15:30 (Europe/Berlin)"; the end's day is named when it differs. */
export function formatSpan(start: number, end: number, zone: string): string {
  const from = partsOf(start, zone);
  const to = partsOf(end, zone);
  const sameDay = from.year === to.year && from.month === to.month && from.day === to.day;
  const until = sameDay ? `${to.hour}:${to.minute}` : `${to.weekday} ${to.day} ${to.month}, ${to.hour}:${to.minute}`;
  return `${from.weekday} ${from.day} ${from.month} ${from.year}, ${from.hour}:${from.minute}–${until} (${zone})`;
}
