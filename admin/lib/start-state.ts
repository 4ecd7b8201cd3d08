import type { StartState } from '../../shared/admin-api.ts';
import type { MessageId } from '../messages/en.ts';
import type { Translate } from './i18n-core.ts';

/**
 * Why a grid start is or is not bookable, in words: "booked (booking b_12)", "day cap
 * reached (6)". The detail fills in what the server says blocks it.
 */
export function startStateText(state: StartState, detail: string | null, t: Translate<MessageId>): string {
  if (state === 'busy_booking') return t('state_busy_booking', { id: detail ?? '?' });
  if (state === 'day_cap') return t('state_day_cap', { n: detail ?? '?' });
  return t(`state_${state}`);
}
