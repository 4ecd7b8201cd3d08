import type { Context } from 'hono';
import { canonicalLocale } from '../../shared/locale.ts';

/**
 * The locale a request wants its texts in: `?locale=` when it is a BCP 47 tag, else the
 * browser's most preferred `Accept-Language` tag, else null (the organization's locale
 * then decides). A malformed or unknown tag is ignored, never an error: the reader still
 * gets a page, in the fallback language.
 */
export function requestLocale(c: Context): string | null {
  const asked = canonicalLocale(c.req.query('locale'));
  if (asked !== null) return asked;
  return preferredLanguage(c.req.header('accept-language'));
}

/** `de-AT,de;q=0.9,en;q=0.8` → `de-AT`; only the first few entries are read. */
export function preferredLanguage(header: string | undefined): string | null {
  if (!header) return null;
  const entries = header.slice(0, 500).split(',').slice(0, 20).map((entry, index) => {
    const [tag = '', ...params] = entry.trim().split(';');
    const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
  });
  entries.sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of entries) {
    if (entry.q <= 0 || entry.tag === '*') continue;
    const tag = canonicalLocale(entry.tag);
    if (tag !== null) return tag;
  }
  return null;
}
