import { request } from '../api/http.ts';
import { resource } from './resource.ts';

/** One calendar source (`GET /api/admin/calendars`; instants ISO or null). */
export type CalendarSource = {
  id: string;
  kind: 'ics' | 'caldav';
  label: string;
  writeBookings: boolean;
  state: 'ok' | 'stale' | 'failing';
  usable: boolean;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  busyIntervals: number;
};

/** Every rep's calendar sources. */
export type AdminCalendars = { calendars: { repId: string; repName: string; sources: CalendarSource[] }[] };

export const calendars = resource<AdminCalendars>();

/** Fetches the sources (again on every visit: their state changes by the minute). */
export function loadCalendars(): void {
  void calendars.load(() => request<AdminCalendars>('/api/admin/calendars'));
}
