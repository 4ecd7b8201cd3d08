/** The pages the navigation links to, in its order. */
export const NAV_PAGES = ['leads', 'distribution', 'availability', 'bookings', 'calendars', 'delivery', 'simulate', 'config'] as const;
export type NavPage = (typeof NAV_PAGES)[number];

/** Where the hash points: a page, or one lead. */
export type Route = { page: NavPage } | { page: 'lead'; id: string };

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** `#/leads/abc` → the lead `abc`; anything unknown is the leads list (the default page). */
export function parseRoute(hash: string): Route {
  const [first, second] = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decode);
  if (first === 'leads' && second) return { page: 'lead', id: second };
  return (NAV_PAGES as readonly string[]).includes(first ?? '') ? { page: first as NavPage } : { page: 'leads' };
}

/** The nav entry to mark current: a lead belongs to the leads list. */
export function navPageOf(route: Route): NavPage {
  return route.page === 'lead' ? 'leads' : route.page;
}

/** The link to one lead's page. */
export function leadHref(id: string): string {
  return `#/leads/${encodeURIComponent(id)}`;
}
