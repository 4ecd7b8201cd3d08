import { Hono } from 'hono';
import { submissionRequestSchema, type SubmissionResponse } from '../../shared/api.ts';
import { slotsOfFirstDays } from '../availability/first-days.ts';
import type { Catalog } from '../config/catalog.ts';
import type { AbuseLimits } from '../http/rate-limit.ts';
import { readJson } from '../http/validate.ts';
import { submitLead } from '../lead/submit.ts';
import type { Db } from '../store/db.ts';
import { toSlotViews } from './views.ts';

/**
 * How many days of slots a submission answers with: the first three days, in the
 * prospect's zone, that have any slot. That is what the widget shows first, and it keeps
 * the answer small for a large pooled team; the widget asks `GET /api/leads/:id/slots`
 * for later days, from just after the last start it has.
 */
export const FIRST_SLOT_DAYS = 3;

/** The normalised email answer of a known form, for the per-address limit. */
function emailAnswer(catalog: Catalog, formId: string, answers: Record<string, string>): string | null {
  const form = Object.hasOwn(catalog.config.forms, formId) ? catalog.config.forms[formId] : undefined;
  const id = form?.questions.find((q) => q.type === 'email')?.id;
  const value = id && Object.hasOwn(answers, id) ? answers[id]?.trim().toLowerCase() : undefined;
  return value || null;
}

export function createSubmissionRoutes(deps: { catalog: Catalog; db: Db; clock: () => number; limits?: AbuseLimits }) {
  return new Hono().post('/api/forms/:formId/submissions', async (c) => {
    const request = await readJson(c, submissionRequestSchema);
    const formId = c.req.param('formId');
    const email = emailAnswer(deps.catalog, formId, request.answers);
    if (email) await deps.limits?.take('submissionsPerEmail', email);
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
          slots: toSlotViews(slotsOfFirstDays(result.slots, result.lead.timezone, FIRST_SLOT_DAYS)),
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
