import { signal } from '@preact/signals';
import { parseRoute, type Route } from '../lib/router.ts';

/** The page the hash names; follows every `hashchange`. */
export const route = signal<Route>(parseRoute(location.hash));

addEventListener('hashchange', () => {
  route.value = parseRoute(location.hash);
});
