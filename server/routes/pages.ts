import { Hono } from 'hono';
import type { Catalog } from '../config/catalog.ts';
import { requestLocale } from '../http/locale.ts';
import { readerFor } from '../i18n/reader.ts';
import { notFoundPage } from '../views/layout.ts';
import { notAFitFor } from '../views/not-a-fit.ts';
import { landingPage, notAFitPage } from '../views/pages.ts';

/**
 * Server-rendered pages: the landing page (one form, `?form=` or the first) and the friendly not-a-fit page (the
 * manage page is in manage-page.ts), in `?locale=` or the browser's language.
 */
export function createPageRoutes(deps: { catalog: Catalog }) {
  const { config } = deps.catalog;
  const app = new Hono();
  app.get('/', (c) => {
    const reader = readerFor(requestLocale(c), config.organization.locale);
    // `?form=<id>` shows that form (a canceled meeting's email links here); else the first.
    const asked = c.req.query('form');
    const formId = asked && Object.hasOwn(config.forms, asked) ? asked : Object.keys(config.forms)[0] ?? 'demo';
    return c.html(landingPage(reader, config.organization.name, formId));
  });
  app.get('/not-a-fit/:formId', (c) => {
    const reader = readerFor(requestLocale(c), config.organization.locale);
    const formId = c.req.param('formId');
    const form = Object.hasOwn(config.forms, formId) ? config.forms[formId] : undefined;
    if (!form) return c.html(notFoundPage(reader, 'page.noForm'), 404);
    return c.html(notAFitPage(reader, notAFitFor(form, c.req.query('reason'), reader)));
  });
  return app;
}
