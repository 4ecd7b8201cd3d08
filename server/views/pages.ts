import { html } from 'hono/html';
import type { Form } from '../../shared/config.ts';
import { page } from './layout.ts';

/** The demo landing page: the first form, inline. */
export function landingPage(organization: string, formId: string) {
  return page(`${organization}: book a demo`, html`
<h1>${organization}</h1>
<p>Analytics your whole company can trust. Tell us a little about your team and pick a time that suits you.</p>
<div class="card"><div data-usher-form="${formId}"></div></div>
<script src="/widget.js" async></script>`);
}

/** The friendly page for a prospect who is not a fit: the form's own words and links. */
export function notAFitPage(disqualified: Form['disqualified']) {
  const { title, message, links } = disqualified;
  return page(title, html`<h1>${title}</h1><p>${message}</p>
<ul>${links.map((link) => html`<li><a href="${link.url}">${link.label}</a></li>`)}</ul>`);
}
