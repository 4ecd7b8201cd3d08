import type {
  BookingRequest,
  BookingResponse,
  ErrorBody,
  FormView,
  ManageLinkResponse,
  SlotsResponse,
  SubmissionRequest,
  SubmissionResponse,
} from '../shared/api.ts';
import type { ClientErrorCode, ErrorCode } from '../shared/errors.ts';
import type { LaterApi } from './api-later.ts';
import { notLoaded, scheduler } from './later.ts';
import { schemas } from './schemas.ts';
import { parse, type Shape } from './validate.ts';

/**
 * An error as the server describes it (one of the shared codes), or the widget's own
 * `network`, `bad_response` and `http_error`. The response check accepts any string, so
 * a newer server's code still reads as an error; the widget acts on the codes it knows.
 */
export type ApiError = Omit<ErrorBody['error'], 'code'> & { code: ErrorCode | ClientErrorCode };

/** Every call settles to a result; nothing here throws. `status` 0 means no HTTP answer. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: ApiError };

/** The public endpoints the widget talks to (SPEC §7). */
export interface UsherApi {
  /** The form with its texts in `locale` (the server falls back as the config allows). */
  getForm(formId: string, locale?: string): Promise<ApiResult<FormView>>;
  submit(formId: string, request: SubmissionRequest): Promise<ApiResult<SubmissionResponse>>;
  /** The lead's slots starting in `[from, to)`, for paging past the first days. */
  slots(lead: { leadId: string; leadToken: string }, from: string, to: string): Promise<ApiResult<SlotsResponse>>;
  /** `idempotencyKey` is reused when a failed booking is retried, so it books at most once. */
  book(request: BookingRequest, idempotencyKey?: string): Promise<ApiResult<BookingResponse>>;
  /** Emails the lead's booking confirmation again, to the lead's own address. */
  sendLink(lead: { leadId: string; leadToken: string }): Promise<ApiResult<ManageLinkResponse>>;
}

/** One request to the server, its response checked against `schema`, and an error's against `errors`. */
export type Call = <T>(path: string, schema: Shape<T>, init?: RequestInit, errors?: Shape<ErrorBody>) => Promise<ApiResult<T>>;

/**
 * A client for the Usher server at `baseUrl`. Responses are checked against the shared
 * schemas. Every link in them (a key ending in `url`) is made absolute against
 * `baseUrl`, because a relative link would otherwise resolve against the host page, and
 * anything but http(s) is replaced by the server's root, so no `javascript:` reaches an href.
 */
export function createApi(baseUrl: string, fetchImpl: typeof fetch = (input, init) => fetch(input, init)): UsherApi {
  const base = `${baseUrl.replace(/\/+$/, '')}/`;
  const link = (url: string): string => {
    try {
      const resolved = new URL(url, base);
      return /^https?:$/.test(resolved.protocol) ? resolved.href : base;
    } catch {
      return base;
    }
  };
  const links = (key: string, value: unknown) => (/url$/i.test(key) && typeof value === 'string' ? link(value) : value);

  // The first step reads only an error's code and message; the later calls pass the whole error's shape.
  async function call<T>(path: string, schema: Shape<T>, init?: RequestInit, errors: Shape<ErrorBody> = schemas.errorSummarySchema): Promise<ApiResult<T>> {
    let response: Response | undefined;
    let json: unknown;
    try {
      response = await fetchImpl(base + path, init);
      json = JSON.parse(await response.text(), links);
    } catch {
      // No answer at all, or one that is not JSON (a proxy's error page, judged by its status).
    }
    if (!response) {
      // The marketer's hint travels with the later steps (any cross-origin module may load: they are served to any origin).
      void scheduler().then((module) => module.hintAtOrigins(base), () => {});
      return { ok: false, status: 0, error: { code: 'network', message: 'the server could not be reached' } };
    }
    const { status } = response;
    if (response.ok) {
      const data = parse(schema, json);
      return data
        ? { ok: true, data }
        : { ok: false, status, error: { code: 'bad_response', message: `unexpected response from ${path}` } };
    }
    const failure = parse(errors, json);
    // The server sends only the shared codes (its status table is checked to cover exactly them).
    return { ok: false, status, error: failure ? (failure.error as ApiError) : { code: 'http_error', message: `HTTP ${status}` } };
  }

  // The calls after the first step are made in the scheduler's module, which is here before they are.
  let later: LaterApi | undefined;
  const lazily = <K extends keyof LaterApi>(name: K) => (async (...args: Parameters<LaterApi[K]>) => {
    try {
      later ??= (await scheduler()).laterApi(call);
    } catch (reason) {
      // Settles like every call: a network error, to try again.
      return { ok: false, status: 0, error: notLoaded(reason) };
    }
    return (later[name] as (...a: typeof args) => unknown)(...args);
  }) as LaterApi[K];

  return {
    getForm: (formId, locale) => call(`api/forms/${encodeURIComponent(formId)}${locale ? `?locale=${encodeURIComponent(locale)}` : ''}`, schemas.formViewSchema),
    submit: lazily('submit'),
    slots: lazily('slots'),
    book: lazily('book'),
    sendLink: lazily('sendLink'),
  };
}
