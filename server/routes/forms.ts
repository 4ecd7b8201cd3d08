import { Hono } from 'hono';
import type { Catalog } from '../config/catalog.ts';
import { ApiError } from '../http/errors.ts';
import { requestLocale } from '../http/locale.ts';
import { issueFormToken } from '../lead/form-token.ts';
import { formView } from '../views/form.ts';

/**
 * `GET /api/forms/:formId?locale=de`: what the widget renders, its texts in the asked
 * locale (a malformed or unknown one falls back, never a 4xx). No rep data, ever.
 */
export function createFormRoutes(deps: { catalog: Catalog; clock: () => number; secret: string }) {
  return new Hono().get('/api/forms/:formId', (c) => {
    const formId = c.req.param('formId');
    const view = formView(deps.catalog, formId, issueFormToken(deps.secret, formId, deps.clock()), requestLocale(c));
    if (!view) throw new ApiError('form_not_found', `no form "${formId.slice(0, 64)}"`);
    // Each fetch carries its own timestamped token, so no shared cache may keep it.
    c.header('Cache-Control', 'private, no-store');
    return c.json(view);
  });
}
