import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors.ts';

/**
 * What every page behind a token in its path gets (`/m/`, `/h/`, `/b/`): the token is the
 * reader's key, so no caching, no Referer carrying it to a link on the page, no search
 * engine; and its form posts are small.
 */
export function guardTokenPages(app: Hono, prefix: string, posts: string): void {
  app.use(`${prefix}/*`, async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Robots-Tag', 'noindex');
  });
  app.post(posts, bodyLimit({
    maxSize: 16 * 1024,
    onError: () => { throw new ApiError('payload_too_large', 'the form is larger than 16 KB'); },
  }));
}
