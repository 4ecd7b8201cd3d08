import { Hono } from 'hono';
import type { FormView } from '../../shared/api.ts';
import type { Catalog } from '../config/catalog.ts';
import { ApiError } from '../http/errors.ts';
import { issueFormToken } from '../lead/form-token.ts';
import { COUNTRY_CODES } from '../lead/reference-data.ts';

/** `GET /api/forms/:formId`: what the widget renders. No rep data, ever. */
export function createFormRoutes(deps: { catalog: Catalog; clock: () => number; secret: string }) {
  return new Hono().get('/api/forms/:formId', (c) => {
    const { config } = deps.catalog;
    const formId = c.req.param('formId');
    const form = Object.hasOwn(config.forms, formId) ? config.forms[formId] : undefined;
    if (!form) throw new ApiError('form_not_found', `no form "${formId.slice(0, 64)}"`);
    const meeting = config.meetingTypes[form.meetingType]!;
    const view: FormView = {
      id: formId,
      title: form.title,
      organization: config.organization.name,
      meeting: { title: meeting.title, durationMinutes: meeting.durationMinutes },
      questions: form.questions.map((q) => ({
        id: q.id,
        type: q.type,
        label: q.label ?? q.id,
        required: q.required,
        ...(q.type === 'country' ? { options: [...COUNTRY_CODES] } : q.options ? { options: q.options } : {}),
        ...(q.placeholder ? { placeholder: q.placeholder } : {}),
      })),
      theme: form.theme,
      formToken: issueFormToken(deps.secret, formId, deps.clock()),
    };
    // Each fetch carries its own timestamped token, so no shared cache may keep it.
    c.header('Cache-Control', 'private, no-store');
    return c.json(view);
  });
}
