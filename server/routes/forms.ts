import { Hono } from 'hono';
import type { Catalog } from '../config/catalog.ts';
import { ApiError } from '../http/errors.ts';
import { issueFormToken } from '../lead/form-token.ts';
import { formView } from '../views/form.ts';

/** `GET /api/forms/:formId`: what the widget renders. No rep data, ever. */
export function createFormRoutes(deps: { catalog: Catalog; clock: () => number; secret: string }) {
  return new Hono().get('/api/forms/:formId', (c) => {
    const formId = c.req.param('formId');
    const view = formView(deps.catalog, formId, issueFormToken(deps.secret, formId, deps.clock()));
    if (!view) throw new ApiError('form_not_found', `no form "${formId.slice(0, 64)}"`);
    // Each fetch carries its own timestamped token, so no shared cache may keep it.
    c.header('Cache-Control', 'private, no-store');
    return c.json(view);
  });
}
