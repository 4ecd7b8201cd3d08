import { Hono } from 'hono';
import { submissionRequestSchema, type SubmissionRequest } from '../../shared/api.ts';
import type { Catalog } from '../config/catalog.ts';
import type { FlowDeps } from '../flows/deps.ts';
import { submitLead } from '../flows/submit-lead.ts';
import { ApiError } from '../http/errors.ts';
import type { AbuseLimits } from '../http/rate-limit.ts';
import { readJson } from '../http/validate.ts';
import { checkFormToken } from '../lead/form-token.ts';
import { emailQuestionId } from '../lead/fields.ts';
import { submissionResponse } from '../views/submission.ts';

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

export function createSubmissionRoutes(deps: FlowDeps & { limits?: AbuseLimits; secret: string }) {
  return new Hono().post('/api/forms/:formId/submissions', async (c) => {
    const request = await readJson(c, submissionRequestSchema);
    const formId = c.req.param('formId');
    checkHuman(deps, formId, request);
    const email = emailAnswer(deps.catalog, formId, request.answers);
    if (email) await deps.limits?.take('submissionsPerEmail', email);
    const result = await submitLead(deps, formId, request);
    return c.json(submissionResponse(deps.catalog, formId, deps.catalog.config.forms[formId]!, result));
  });
}
