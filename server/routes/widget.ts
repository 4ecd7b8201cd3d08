import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { acceptedCoding, type Coding } from '../http/encoding.ts';
import { ApiError } from '../http/errors.ts';

type Widget = { mtimeMs: number; etag: string; bodies: Record<Coding | 'identity', Uint8Array<ArrayBuffer>> };

/**
 * The bundle and its compressed forms: the `.br` and `.gz` files the build writes
 * beside it when they are as new as it, else compressed here once per build.
 */
async function loadWidget(file: string, mtimeMs: number): Promise<Widget> {
  const body = await readFile(file);
  const beside = async (suffix: string, make: () => Buffer): Promise<Uint8Array<ArrayBuffer>> => {
    const info = await stat(`${file}${suffix}`).catch(() => null);
    return new Uint8Array(info && info.mtimeMs >= mtimeMs ? await readFile(`${file}${suffix}`) : make());
  };
  return {
    mtimeMs,
    etag: createHash('sha256').update(body).digest('base64url').slice(0, 22),
    bodies: {
      identity: new Uint8Array(body),
      br: await beside('.br', () => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })),
      gzip: await beside('.gz', () => gzipSync(body, { level: 9 })),
    },
  };
}

/**
 * `GET /widget.js`: the built bundle, brotli or gzip when the client takes it, with an
 * ETag per coding so browsers and caches revalidate cheaply and never mix them up.
 */
export function createWidgetRoutes(deps: { widgetFile: string }) {
  let cached: Widget | null = null;
  const load = async () => {
    const info = await stat(deps.widgetFile).catch(() => null);
    if (!info) return null;
    if (!cached || cached.mtimeMs !== info.mtimeMs) cached = await loadWidget(deps.widgetFile, info.mtimeMs);
    return cached;
  };
  return new Hono().get('/widget.js', async (c) => {
    const widget = await load();
    if (!widget) throw new ApiError('not_found', 'the widget is not built; run `npm run build`');
    const coding = acceptedCoding(c.req.header('accept-encoding'));
    const etag = `"${widget.etag}${coding ? `-${coding}` : ''}"`;
    c.header('ETag', etag);
    c.header('Vary', 'Accept-Encoding');
    c.header('Cache-Control', 'public, max-age=300, stale-while-revalidate=86400');
    c.header('Access-Control-Allow-Origin', '*');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    if (coding) c.header('Content-Encoding', coding);
    return c.body(widget.bodies[coding ?? 'identity']);
  });
}
