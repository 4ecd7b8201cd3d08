import type { AdminBookingPage } from '../../shared/admin-api.ts';
import { pick } from '../lib/query.ts';
import { pager } from './pager.ts';

/** The bookings list and its paging. */
export const bookings = pager<AdminBookingPage>('/api/admin/bookings');

/** Applies the filter form's values. */
export function filterBookings(values: Record<string, string>): void {
  void bookings.apply(pick(values, ['from', 'to', 'rep', 'status']));
}
