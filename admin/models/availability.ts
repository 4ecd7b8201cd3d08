import { signal } from '@preact/signals';
import type { AdminAvailability } from '../../shared/admin-api.ts';
import { request } from '../api/http.ts';
import { buildQuery } from '../lib/query.ts';
import { resource } from './resource.ts';

/** The troubleshooter's answer. */
export const availability = resource<AdminAvailability>();

/** The last question asked: `subject` is `rep:<id>` or `team:<id>`. */
export const availabilityParams = signal<{ subject: string; date: string; meetingType: string } | null>(null);

/** Asks for every grid start of the day for one rep or a team's reps. */
export function checkAvailability(values: Record<string, string>): void {
  const subject = values.subject ?? '';
  const [kind, id] = subject.split(/:(.*)/s);
  if (!id || (kind !== 'rep' && kind !== 'team')) return;
  availabilityParams.value = { subject, date: values.date ?? '', meetingType: values.meetingType ?? '' };
  const query = buildQuery({ [kind]: id, date: values.date, meetingType: values.meetingType });
  void availability.load(() => request<AdminAvailability>(`/api/admin/availability${query}`));
}
