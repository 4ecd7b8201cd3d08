import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { Hono } from 'hono';
import { ApiError } from '../http/errors.ts';

/** `GET /widget.js`: the built bundle, with an ETag so browsers revalidate cheaply. */
export function createWidgetRoutes(deps: { widgetFile: string }) {
  let cached: { mtimeMs: number; body: Buffer; etag: string } | null = null;
  const load = async () => {
    const info = await stat(deps.widgetFile).catch(() => null);
    if (!info) return null;
    if (!cached || cached.mtimeMs !== info.mtimeMs) {
      const body = await readFile(deps.widgetFile);
      cached = { mtimeMs: info.mtimeMs, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
    }
    return cached;
  };
  return new Hono().get('/widget.js', async (c) => {
    const widget = await load();
    if (!widget) throw new ApiError('not_found', 'the widget is not built; run `npm run build`');
    c.header('ETag', widget.etag);
    c.header('Cache-Control', 'public, max-age=300, stale-while-revalidate=86400');
    c.header('Access-Control-Allow-Origin', '*');
    if (c.req.header('if-none-match') === widget.etag) return c.body(null, 304);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(new Uint8Array(widget.body));
  });
}
