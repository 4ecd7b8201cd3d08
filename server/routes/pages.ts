import { Hono } from 'hono';
import type { Catalog } from '../config/catalog.ts';
import { notFoundPage } from '../views/layout.ts';
import { landingPage, notAFitPage } from '../views/pages.ts';

/** Server-rendered pages: the demo landing page and the friendly not-a-fit page (the manage page is in manage-page.ts). */
export function createPageRoutes(deps: { catalog: Catalog }) {
  const { config } = deps.catalog;
  const app = new Hono();
  app.get('/', (c) => c.html(landingPage(config.organization.name, Object.keys(config.forms)[0] ?? 'demo')));
  app.get('/not-a-fit/:formId', (c) => {
    const formId = c.req.param('formId');
    const form = Object.hasOwn(config.forms, formId) ? config.forms[formId] : undefined;
    if (!form) return c.html(notFoundPage('There is no such form.'), 404);
    return c.html(notAFitPage(form.disqualified));
  });
  return app;
}
