import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { FlowDeps } from '../flows/deps.ts';
import { acceptedCoding } from '../http/encoding.ts';
import { ApiError } from '../http/errors.ts';
import { requestLocale } from '../http/locale.ts';
import { readerFor } from '../i18n/reader.ts';
import { page } from '../views/layout.ts';
import { scriptCache } from './widget.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** The entry script Vite's manifest names for `admin/main.tsx`, read again when the build changes. */
function entryOf(root: string) {
  let cached: { mtimeMs: number; file: string } | null = null;
  return async (): Promise<string | null> => {
    const manifest = join(root, '.vite', 'manifest.json');
    const info = await stat(manifest).catch(() => null);
    if (!info) return null;
    if (cached?.mtimeMs !== info.mtimeMs) {
      const chunks = JSON.parse(await readFile(manifest, 'utf8')) as Record<string, { file: string; isEntry?: boolean }>;
      const entry = Object.values(chunks).find((chunk) => chunk.isEntry);
      cached = entry ? { mtimeMs: info.mtimeMs, file: entry.file } : null;
    }
    return cached?.file ?? null;
  };
}

/**
 * `/admin`: the console's page (SPEC §13), a shell for its own bundle, which the widget
 * never loads; and `/admin/assets/*`, the bundle's files (hashed names, kept a year).
 * The data comes from `/api/admin/*` once signed in.
 */
export function createConsoleRoutes(deps: FlowDeps & { root?: string | undefined }) {
  const root = deps.root ?? join(ROOT, 'dist', 'admin');
  const entry = entryOf(root);
  const load = scriptCache();
  const shell = async (c: Context) => {
    const reader = readerFor(requestLocale(c), deps.catalog.config.organization.locale);
    const file = await entry();
    const title = `${reader.t('admin.title')} · ${deps.catalog.config.organization.name}`;
    c.header('Cache-Control', 'no-store');
    if (!file) return c.html(page(title, html`<h1>${title}</h1><p>${reader.t('admin.notBuilt')}</p>`, reader.language), 503);
    const nonce = c.get('cspNonce' as never) as string;
    return c.html(html`<!doctype html><html lang="${reader.language}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<script type="module" nonce="${nonce}" src="/admin/${file}"></script></head>
<body><div id="admin"><noscript><p>${reader.t('admin.noScript')}</p></noscript></div></body></html>`);
  };
  return new Hono()
    .get('/admin', shell)
    .get('/admin/', shell)
    .get('/admin/assets/:file{[\\w.-]+\\.js}', async (c) => {
      const script = await load(join(root, 'assets', c.req.param('file')));
      if (!script) throw new ApiError('not_found', 'no such file');
      const coding = acceptedCoding(c.req.header('accept-encoding'));
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
      c.header('Vary', 'Accept-Encoding');
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      c.header('X-Content-Type-Options', 'nosniff');
      if (coding) c.header('Content-Encoding', coding);
      return c.body(script.bodies[coding ?? 'identity']);
    });
}
