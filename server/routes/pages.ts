import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import type { Catalog } from '../config/catalog.ts';
import type { Db } from '../store/db.ts';

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1c2430;background:#f6f7fb}
main{max-width:42rem;margin:0 auto;padding:2rem 1rem}h1{line-height:1.2}a{color:#2450d8}
.card{background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 1px 3px #0002;margin-bottom:1rem}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}select,textarea{font:inherit;width:100%;box-sizing:border-box;padding:.5rem}
button{font:inherit;margin-top:.75rem;padding:.6rem 1.2rem;border:0;border-radius:8px;background:#2450d8;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#a1261b;border:2px solid #a1261b}:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
.notice{padding:1rem;border-radius:8px}.notice.done{background:#e3f4e8}.notice.error{background:#fde8e6}`;

/** The layout of every server-rendered page. */
export function page(title: string, body: ReturnType<typeof html>) {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>${raw(STYLE)}</style></head><body><main>${body}</main></body></html>`;
}

/** Server-rendered pages: the demo landing page and the friendly not-a-fit page (the manage page is in manage.ts). */
export function createPageRoutes(deps: { catalog: Catalog; db: Db; clock: () => number }) {
  const { config } = deps.catalog;
  const app = new Hono();

  app.get('/', (c) => {
    const formId = Object.keys(config.forms)[0] ?? 'demo';
    return c.html(page(`${config.organization.name}: book a demo`, html`
<h1>${config.organization.name}</h1>
<p>Analytics your whole company can trust. Tell us a little about your team and pick a time that suits you.</p>
<div class="card"><div data-usher-form="${formId}"></div></div>
<script src="/widget.js" async></script>`));
  });

  app.get('/not-a-fit/:formId', (c) => {
    const formId = c.req.param('formId');
    const form = Object.hasOwn(config.forms, formId) ? config.forms[formId] : undefined;
    if (!form) return c.html(page('Not found', html`<h1>Not found</h1><p>There is no such form.</p>`), 404);
    const { title, message, links } = form.disqualified;
    return c.html(page(title, html`<h1>${title}</h1><p>${message}</p>
<ul>${links.map((link) => html`<li><a href="${link.url}">${link.label}</a></li>`)}</ul>`));
  });

  return app;
}
