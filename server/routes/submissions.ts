import { Hono } from 'hono';
import { submissionRequestSchema, type SubmissionRequest, type SubmissionResponse } from '../../shared/api.ts';
import { FIRST_SLOT_DAYS, slotsOfFirstDays } from '../availability/first-days.ts';
import type { Catalog } from '../config/catalog.ts';
import { ApiError } from '../http/errors.ts';
import type { AbuseLimits } from '../http/rate-limit.ts';
import { readJson } from '../http/validate.ts';
import { checkFormToken } from '../lead/form-token.ts';
import { emailQuestionId } from '../lead/fields.ts';
import { submitLead } from '../lead/submit.ts';
import { outboxWritten } from '../delivery/outbox.ts';
import type { Db } from '../store/db.ts';
import { slotViews } from '../booking/links.ts';


/**
 * The cheap bot checks, before anything is counted or written: the honeypot is empty,
 * and (while `minimumFillSeconds` is on) the form token is genuine, fresh and not
 * younger than a person needs to fill the form in.
 */
function checkHuman(deps: { catalog: Catalog; clock: () => number; secret: string }, formId: string, request: SubmissionRequest): void {
  if (request.website) throw new ApiError('submission_rejected', 'this submission was refused');
  const minimum = deps.catalog.config.limits.minimumFillSeconds * 1000;
  if (minimum === 0 || !Object.hasOwn(deps.catalog.config.forms, formId)) return;
  switch (checkFormToken(deps.secret, formId, request.formToken, deps.clock(), minimum)) {
    case 'ok': return;
    case 'too_fast': throw new ApiError('submission_rejected', 'that was quicker than anyone can fill in the form; please check your answers and send again');
    case 'expired': throw new ApiError('submission_rejected', 'the form has been open too long; please reload it and send again');
    default: throw new ApiError('submission_rejected', 'the form token is missing or not valid; please reload the form and send again');
  }
}

/** The normalised email answer of a known form, for the per-address limit. */
function emailAnswer(catalog: Catalog, formId: string, answers: Record<string, string>): string | null {
  const form = Object.hasOwn(catalog.config.forms, formId) ? catalog.config.forms[formId] : undefined;
  const id = form ? emailQuestionId(form) : undefined;
  const value = id && Object.hasOwn(answers, id) ? answers[id]?.trim().toLowerCase() : undefined;
  return value || null;
}

export function createSubmissionRoutes(deps: { catalog: Catalog; db: Db; clock: () => number; limits?: AbuseLimits; secret: string }) {
  return new Hono().post('/api/forms/:formId/submissions', async (c) => {
    const request = await readJson(c, submissionRequestSchema);
    const formId = c.req.param('formId');
    checkHuman(deps, formId, request);
    const email = emailAnswer(deps.catalog, formId, request.answers);
    if (email) await deps.limits?.take('submissionsPerEmail', email);
    const result = await submitLead({ db: deps.db, catalog: deps.catalog, now: deps.clock() }, formId, request);
    outboxWritten(deps.db);
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
          slots: slotViews(slotsOfFirstDays(result.slots, result.lead.timezone, FIRST_SLOT_DAYS)),
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
