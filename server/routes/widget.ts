import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
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

/** A script from disk with its compressed forms, read again when the file changes. */
export function scriptCache() {
  const cached = new Map<string, Widget>();
  return async (file: string): Promise<Widget | null> => {
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return null;
    let widget = cached.get(file);
    if (!widget || widget.mtimeMs !== info.mtimeMs) {
      widget = await loadWidget(file, info.mtimeMs);
      // Old builds' modules are dropped from the cache with the files' new names.
      if (cached.size > 64) cached.clear();
      cached.set(file, widget);
    }
    return widget;
  };
}

/**
 * `GET /widget.js`, the loader a host page names, and `GET /widget/<module>.js`, the
 * modules it imports (their names carry a content hash). Each is sent brotli or gzip
 * when the client takes it, with an ETag per coding. The loader is revalidated after
 * five minutes; the modules are kept for a year, since a new build has new names. The
 * modules are imported across origins, so every answer allows any origin.
 */
export function createWidgetRoutes(deps: { widgetFile: string }) {
  const load = scriptCache();
  const modules = join(dirname(deps.widgetFile), 'widget');
  const send = async (c: Context, file: string, cacheControl: string) => {
    const widget = await load(file);
    if (!widget) throw new ApiError('not_found', 'the widget is not built; run `npm run build`');
    const coding = acceptedCoding(c.req.header('accept-encoding'));
    const etag = `"${widget.etag}${coding ? `-${coding}` : ''}"`;
    c.header('ETag', etag);
    c.header('Vary', 'Accept-Encoding');
    c.header('Cache-Control', cacheControl);
    c.header('Access-Control-Allow-Origin', '*');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    if (coding) c.header('Content-Encoding', coding);
    return c.body(widget.bodies[coding ?? 'identity']);
  };
  return new Hono()
    .get('/widget.js', (c) => send(c, deps.widgetFile, 'public, max-age=300, stale-while-revalidate=86400'))
    // Names as the build writes them, so nothing else on disk can be asked for.
    .get('/widget/:file{[\\w-]+\\.js}', (c) => send(c, join(modules, c.req.param('file')), 'public, max-age=31536000, immutable'));
}
