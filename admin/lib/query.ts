/** A query parameter's value; empty, null and undefined ones are left out. */
export type QueryValue = string | number | null | undefined;

/**
 * `?a=1&b=2` from `params`, leaving out empty values: the admin API answers 400 to an
 * empty or unknown parameter, so a blank filter must not be sent at all.
 */
export function buildQuery(params: Readonly<Record<string, QueryValue>>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined) continue;
    const text = String(value).trim();
    if (text !== '') query.set(key, text);
  }
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

/** Only the keys the API knows, so a stray form field never turns a query into a 400. */
export function pick(values: Readonly<Record<string, string>>, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) if (values[key]) out[key] = values[key];
  return out;
}

/** The leads CSV export for the same filters as the list (no paging: the export has them all). */
export function leadsCsvHref(filters: Readonly<Record<string, QueryValue>>): string {
  const { cursor: _cursor, limit: _limit, ...rest } = filters;
  return `/api/admin/leads.csv${buildQuery(rest)}`;
}
