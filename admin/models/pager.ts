import { signal } from '@preact/signals';
import { request } from '../api/http.ts';
import { buildQuery } from '../lib/query.ts';
import { resource } from './resource.ts';

/** Page size of every list. */
export const PAGE_SIZE = 50;

/**
 * A filtered list paged by the API's `nextCursor`: the cursors of the pages seen so far
 * are kept as a stack, so "Previous" goes back without the API knowing about it.
 */
export function pager<T extends { nextCursor: string | null }>(path: string) {
  const filters = signal<Record<string, string>>({});
  const cursors = signal<string[]>([]);
  const page = resource<T>();
  const load = () => page.load(() => request<T>(path + buildQuery({ ...filters.value, limit: PAGE_SIZE, cursor: cursors.value.at(-1) })));
  return {
    filters, cursors, page,
    /** New filters: back to the first page. */
    apply(next: Record<string, string>) {
      filters.value = next;
      cursors.value = [];
      return load();
    },
    next() {
      const cursor = page.data.value?.nextCursor;
      if (!cursor) return;
      cursors.value = [...cursors.value, cursor];
      return load();
    },
    previous() {
      cursors.value = cursors.value.slice(0, -1);
      return load();
    },
    reload: load,
    /** Loads the first page unless a page is here or on its way. */
    ensure() {
      if (!page.data.value && !page.loading.value) return load();
    },
  };
}

/** What a page of a list needs from its pager. */
export type Pager = ReturnType<typeof pager<{ nextCursor: string | null }>>;
