import type { Call, UsherApi } from './api.ts';
import { laterSchemas } from './schemas-later.ts';

export type LaterApi = Pick<UsherApi, 'submit' | 'slots' | 'book' | 'sendLink'>;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const post = (body: unknown, headers?: Record<string, string>): RequestInit =>
  ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** The calls after the first step, made with the first module's `call` (see `api.ts`). */
export function laterApi(first: Call): LaterApi {
  const call: Call = (path, schema, init) => first(path, schema, init, laterSchemas.errorBodySchema);
  const lead = (leadId: string, then: string) => `api/leads/${encodeURIComponent(leadId)}/${then}`;
  return {
    submit: (formId, request) =>
      call(`api/forms/${encodeURIComponent(formId)}/submissions`, laterSchemas.submissionResponseSchema, post(request)),
    slots: ({ leadId, leadToken }, from, to) =>
      call(lead(leadId, `slots?${new URLSearchParams({ from, to })}`), laterSchemas.slotsResponseSchema, { headers: bearer(leadToken) }),
    book: (request, idempotencyKey) =>
      call('api/bookings', laterSchemas.bookingResponseSchema, post(request, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {})),
    sendLink: ({ leadId, leadToken }) =>
      call(lead(leadId, 'manage-link'), laterSchemas.manageLinkResponseSchema, post({}, bearer(leadToken))),
  };
}
