import { signal } from '@preact/signals';
import type { AdminDistribution } from '../../shared/admin-api.ts';
import { request } from '../api/http.ts';
import { buildQuery, pick } from '../lib/query.ts';
import { resource } from './resource.ts';

/** The report on screen. */
export const distribution = resource<AdminDistribution>();

/** The period and bucket asked for; empty dates are the server's default (the last 30 days). */
export const distributionParams = signal<Record<string, string>>({ bucket: 'day' });

/** Fetches the report for the form's values. */
export function loadDistribution(values: Record<string, string> = distributionParams.value): void {
  distributionParams.value = pick(values, ['from', 'to', 'bucket']);
  void distribution.load(() => request<AdminDistribution>(`/api/admin/distribution${buildQuery(distributionParams.value)}`));
}

/** Fetches the default report once. */
export function ensureDistribution(): void {
  if (!distribution.data.value && !distribution.loading.value) loadDistribution();
}
