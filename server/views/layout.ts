import { html, raw } from 'hono/html';
import type { MessageId, Reader } from '../i18n/reader.ts';

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1c2430;background:#f6f7fb}
main{max-width:42rem;margin:0 auto;padding:2rem 1rem}h1{line-height:1.2}a{color:#2450d8}
.card{background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 1px 3px #0002;margin-bottom:1rem}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}select,textarea{font:inherit;width:100%;box-sizing:border-box;padding:.5rem}
button{font:inherit;margin-top:.75rem;padding:.6rem 1.2rem;border:0;border-radius:8px;background:#2450d8;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#a1261b;border:2px solid #a1261b}:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
.notice{padding:1rem;border-radius:8px}.notice.done{background:#e3f4e8}.notice.error{background:#fde8e6}`;

export type Html = ReturnType<typeof html>;

/** The layout of every server-rendered page; `lang` is the language its fixed texts are in. */
export function page(title: string, body: Html | string, lang: string) {
  return html`<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>${raw(STYLE)}</style></head><body><main>${body}</main></body></html>`;
}

export function notFoundPage(reader: Reader, message: MessageId) {
  const title = reader.t('page.notFound');
  return page(title, html`<h1>${title}</h1><p>${reader.t(message)}</p>`, reader.language);
}
