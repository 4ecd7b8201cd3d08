import type { SubmissionRequest } from '../shared/api.ts';

/** Where the prospect came from, cut to the lengths the API accepts. */
export function pageContext(): SubmissionRequest['context'] {
  const params = new URLSearchParams(location.search);
  const utm: Record<string, string> = {};
  for (const key of ['source', 'medium', 'campaign']) {
    const value = params.get(`utm_${key}`);
    if (value) utm[key] = value.slice(0, 200);
  }
  return { pageUrl: location.href.slice(0, 2000), referrer: document.referrer.slice(0, 2000), utm };
}
