import { html } from 'hono/html';
import type { Reader } from '../i18n/reader.ts';
import { page } from './layout.ts';
import type { NotAFit } from './not-a-fit.ts';

/** The demo landing page: the first form, inline, its texts in the reader's language. */
export function landingPage(reader: Reader, organization: string, formId: string) {
  return page(reader.t('landing.title', { organization }), html`
<h1>${organization}</h1>
<p>${reader.t('landing.intro')}</p>
<div class="card"><div data-usher-form="${formId}"></div></div>
<script src="/widget.js" async></script>`, reader.language);
}

/** The friendly page for a prospect who is not a fit: the form's own words and links. */
export function notAFitPage(reader: Reader, { page: content }: NotAFit) {
  const { title, message, links } = content;
  return page(title, html`<h1>${title}</h1>${message ? html`<p>${message}</p>` : ''}
${links.length > 0 ? html`<ul>${links.map((link) => html`<li><a href="${link.url}">${link.label}</a></li>`)}</ul>` : ''}`, reader.language);
}
