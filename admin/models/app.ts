import { effect, untracked } from '@preact/signals';
import { ensureConfig, reloadConfig } from './config.ts';
import { loadCalendars } from './calendars.ts';
import { bookings } from './bookings.ts';
import { ensureDistribution } from './distribution.ts';
import { outbox } from './delivery.ts';
import { leads } from './leads.ts';
import { openLead } from './lead.ts';
import type { Route } from '../lib/router.ts';
import { route } from './route.ts';
import { phase } from './session.ts';

/**
 * Fetches what a page shows when it is opened (and again after a new sign-in), so pages
 * only render: lists keep their filters and page when visited again.
 */
export function startLoading(): () => void {
  return effect(() => {
    if (phase.value !== 'signedIn') return;
    const current = route.value;
    // Only the phase and the route start a load; what the loads read must not.
    untracked(() => open(current));
  });
}

function open(current: Route): void {
  switch (current.page) {
    case 'leads': void leads.ensure(); break;
    case 'lead': openLead(current.id); ensureConfig(); break;
    case 'distribution': ensureDistribution(); break;
    case 'bookings': void bookings.ensure(); break;
    case 'calendars': loadCalendars(); break;
    case 'delivery': void outbox.reload(); break;
    case 'config': reloadConfig(); break;
    default: break;
  }
}
