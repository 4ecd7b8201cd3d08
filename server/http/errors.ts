import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../../shared/errors.ts';

export type { ErrorCode } from '../../shared/errors.ts';

/** Every error code the API answers with (`shared/errors.ts`), and its HTTP status: the one table. */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  invalid_request: 422,
  invalid_answers: 422,
  unauthorized: 401,
  not_found: 404,
  form_not_found: 404,
  lead_not_found: 404,
  booking_not_found: 404,
  not_schedulable: 409,
  slot_not_offered: 422,
  admin_disabled: 404,
  submission_rejected: 422,
  lead_expired: 410,
  booking_limit_reached: 409,
  slot_taken: 409,
  already_booked: 409,
  idempotency_key_reused: 422,
  booking_canceled: 409,
  booking_started: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  overloaded: 503,
  internal: 500,
  not_your_lead: 409,
  reason_required: 422,
  not_started: 409,
  outcome_set: 409,
  no_one_else: 409,
  not_a_team_lead: 409,
  lead_booked: 409,
  csrf_failed: 403,
  not_retryable: 409,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

export type IssueView = { path: string; message: string };

/** A failure the client caused or can act on; rendered by the app's one `onError`. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: IssueView[] | undefined;
  readonly extra: Record<string, unknown> | undefined;
  /** Response headers that belong with the error, e.g. `Retry-After`. */
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { issues?: IssueView[]; extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.issues = options.issues;
    this.extra = options.extra;
    this.headers = options.headers;
  }

  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }
}
