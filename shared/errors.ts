/**
 * Every error code the API answers with (SPEC §7): the one list. The server maps each
 * to its HTTP status (`server/http/errors.ts`, checked to cover them all); the widget
 * decides what to tell the prospect by these names.
 */
export const ERROR_CODES = [
  'bad_request', 'invalid_json', 'invalid_request', 'invalid_answers', 'unauthorized',
  'not_found', 'form_not_found', 'lead_not_found', 'booking_not_found', 'not_schedulable',
  'slot_not_offered', 'admin_disabled', 'submission_rejected', 'lead_expired',
  'booking_limit_reached', 'slot_taken', 'already_booked', 'idempotency_key_reused',
  'booking_canceled', 'booking_started', 'payload_too_large', 'unsupported_media_type',
  'rate_limited', 'overloaded', 'internal',
  // The host link (SPEC §12).
  'not_your_lead', 'reason_required', 'not_started', 'outcome_set', 'no_one_else', 'not_a_team_lead', 'lead_booked',
  // The admin console (SPEC §13).
  'csrf_failed', 'not_retryable',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes the widget gives a call that got no usable answer from the server. */
export type ClientErrorCode = 'network' | 'bad_response' | 'http_error';
