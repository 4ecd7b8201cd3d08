import { Hono } from 'hono';
import { submissionRequestSchema, type SubmissionResponse } from '../../shared/api.ts';
import type { Catalog } from '../config/catalog.ts';
import { readJson } from '../http/validate.ts';
import { submitLead } from '../lead/submit.ts';
import type { Db } from '../store/db.ts';
import { toSlotViews } from './views.ts';

export function createSubmissionRoutes(deps: { catalog: Catalog; db: Db; clock: () => number }) {
  return new Hono().post('/api/forms/:formId/submissions', async (c) => {
    const request = await readJson(c, submissionRequestSchema);
    const formId = c.req.param('formId');
    const result = await submitLead({ db: deps.db, catalog: deps.catalog, now: deps.clock() }, formId, request);
    const form = deps.catalog.config.forms[formId]!;
    const { publicUrl } = deps.catalog.config.organization;
    let body: SubmissionResponse;
    switch (result.outcome) {
      case 'disqualified': {
        const reason = result.lead.reason!;
        const page = form.disqualified;
        body = page.redirectUrl
          ? { outcome: 'disqualified', reason, redirectUrl: page.redirectUrl, page: null }
          : {
              outcome: 'disqualified', reason,
              redirectUrl: `${publicUrl}/not-a-fit/${encodeURIComponent(formId)}?reason=${encodeURIComponent(reason)}`,
              page: { title: page.title, message: page.message, links: page.links },
            };
        break;
      }
      case 'schedule': {
        const meeting = deps.catalog.config.meetingTypes[form.meetingType]!;
        body = {
          outcome: 'schedule',
          leadId: result.lead.id,
          leadToken: result.leadToken,
          meeting: { title: meeting.title, durationMinutes: meeting.durationMinutes },
          host: result.hostName === null ? null : { name: result.hostName },
          slots: toSlotViews(result.slots),
          timezone: result.lead.timezone,
        };
        break;
      }
      case 'no_availability':
        body = { outcome: 'no_availability', leadId: result.lead.id, message: form.noAvailability.message };
    }
    return c.json(body);
  });
}
