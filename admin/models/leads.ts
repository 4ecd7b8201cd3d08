import { computed } from '@preact/signals';
import type { AdminLeadPage, AdminLeadSummary } from '../../shared/admin-api.ts';
import { leadsCsvHref, pick } from '../lib/query.ts';
import { pager } from './pager.ts';

/** The outcomes a lead can have, for the filter (a value list of our own: no zod at run time). */
export const OUTCOMES = ['schedule', 'disqualified', 'no_availability'] as const satisfies readonly AdminLeadSummary['outcome'][];

/** The filters `GET /api/admin/leads` takes, which are also the filter form's field names. */
export const LEAD_FILTERS = ['outcome', 'form', 'team', 'rep', 'from', 'to', 'email'] as const;

/** The leads list and its paging. */
export const leads = pager<AdminLeadPage>('/api/admin/leads');

/** The CSV export of what the filters select. */
export const csvHref = computed(() => leadsCsvHref(leads.filters.value));

/** Applies the filter form's values. */
export function filterLeads(values: Record<string, string>): void {
  void leads.apply(pick(values, LEAD_FILTERS));
}
