import * as z from 'zod/mini';
import {
  bookingResponseSchema,
  errorBodySchema,
  formViewSchema,
  submissionResponseSchema,
  type BookingRequest,
  type BookingResponse,
  type ErrorBody,
  type FormView,
  type SubmissionRequest,
  type SubmissionResponse,
} from '../shared/api.ts';

/** An error as the server describes it, plus the widget's own `network` and `bad_response`. */
export type ApiError = ErrorBody['error'];

/** Every call settles to a result; nothing here throws. `status` 0 means no HTTP answer. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: ApiError };

/** The three public endpoints the widget talks to (SPEC §7). */
export interface UsherApi {
  getForm(formId: string): Promise<ApiResult<FormView>>;
  submit(formId: string, request: SubmissionRequest): Promise<ApiResult<SubmissionResponse>>;
  /** `idempotencyKey` is reused when a failed booking is retried, so it books at most once. */
  book(request: BookingRequest, idempotencyKey?: string): Promise<ApiResult<BookingResponse>>;
}

/**
 * A client for the Usher server at `baseUrl`. Responses are parsed with the shared
 * schemas; links in them are made absolute against `baseUrl`, because a relative link
 * would otherwise resolve against the host page, and anything but http(s) is dropped.
 */
export function createApi(baseUrl: string, fetchImpl: typeof fetch = (input, init) => fetch(input, init)): UsherApi {
  const base = baseUrl.replace(/\/+$/, '');
  const link = (url: string): string => {
    try {
      const resolved = new URL(url, `${base}/`);
      return /^https?:$/.test(resolved.protocol) ? resolved.href : `${base}/`;
    } catch {
      return `${base}/`;
    }
  };

  async function call<T>(
    path: string,
    schema: z.ZodMiniType<T>,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResult<T>> {
    let response: Response;
    let json: unknown;
    try {
      response = await fetchImpl(base + path, body === undefined
        ? { headers: { accept: 'application/json' } }
        : { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      json = await response.json().catch(() => null);
    } catch {
      return { ok: false, status: 0, error: { code: 'network', message: 'the server could not be reached' } };
    }
    const { status } = response;
    if (response.ok) {
      const parsed = z.safeParse(schema, json);
      return parsed.success
        ? { ok: true, data: parsed.data }
        : { ok: false, status, error: { code: 'bad_response', message: `unexpected response from ${path}` } };
    }
    const failure = z.safeParse(errorBodySchema, json);
    return { ok: false, status, error: failure.success ? failure.data.error : { code: 'http_error', message: `HTTP ${status}` } };
  }

  return {
    getForm: (formId) => call(`/api/forms/${encodeURIComponent(formId)}`, formViewSchema),

    async submit(formId, request) {
      const result = await call(`/api/forms/${encodeURIComponent(formId)}/submissions`, submissionResponseSchema, request);
      if (!result.ok || result.data.outcome !== 'disqualified') return result;
      const { redirectUrl, page } = result.data;
      return {
        ok: true,
        data: {
          ...result.data,
          redirectUrl: link(redirectUrl),
          page: page && { ...page, links: page.links.map((l) => ({ ...l, url: link(l.url) })) },
        },
      };
    },

    async book(request, idempotencyKey) {
      const result = await call('/api/bookings', bookingResponseSchema, request,
        idempotencyKey ? { 'idempotency-key': idempotencyKey } : {});
      if (!result.ok) return result;
      return { ok: true, data: { ...result.data, icsUrl: link(result.data.icsUrl), manageUrl: link(result.data.manageUrl) } };
    },
  };
}
