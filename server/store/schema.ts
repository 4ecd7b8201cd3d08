import type { Generated } from 'kysely';
import type { CreditReason } from '../../shared/records.ts';
/**
 * Table shapes for Kysely. These are storage rows only; domain code never sees them
 * (the store's functions map rows to plain domain values). Instants are epoch
 * milliseconds in BIGINT columns so SQLite and PostgreSQL compare them the same way.
 */
export type Database = {
  settings: { key: string; value: string };
  admin_sessions: { token_hash: string; csrf: string; created_at: number; expires_at: number };
  leads: LeadsTable;
  bookings: BookingsTable;
  rep_locks: RepLocksTable;
  rotation_state: RotationStateTable;
  rotation_reps: RotationRepsTable;
  assignments: AssignmentsTable;
  idempotency_keys: IdempotencyKeysTable;
  outbox: OutboxTable;
  calendar_sources: CalendarSourcesTable;
  calendar_busy: CalendarBusyTable;
  calendar_generation: { id: number; value: number };
  host_links: HostLinksTable;
  lead_timers: LeadTimersTable;
};

export type LeadsTable = {
  id: string;
  form_id: string;
  created_at: number;
  outcome: 'disqualified' | 'schedule' | 'no_availability';
  reason: string | null;
  /** sha256 of the lead token; the token itself is never stored. */
  token_hash: string | null;
  /** sha256 of the lower-cased email address, for the open-leads cap. */
  email_hash: string | null;
  answers: string;
  facts: string;
  timezone: string;
  locale: string | null;
  team_id: string | null;
  /** The assigned rep (assigned mode, owner or rep routes); null in pooled mode until booked. */
  rep_id: string | null;
  /** JSON list of candidate rep ids that may take this lead's booking. */
  candidate_ids: string;
  mode: 'pooled' | 'assigned' | null;
  trace: string;
  /** The rep took the lead on (host link or touch); cleared by a reassignment (migration 009). */
  accepted_at: Generated<number | null>;
  touched_at: Generated<number | null>;
  /** When the lead token stops booking; null: a day after `created_at` (migration 009). */
  token_expires_at: Generated<number | null>;
};

export type BookingsTable = {
  id: string;
  lead_id: string;
  rep_id: string;
  meeting_type: string;
  start_ms: number;
  end_ms: number;
  buffer_before_ms: number;
  buffer_after_ms: number;
  status: 'confirmed' | 'canceled';
  manage_token_hash: string;
  sequence: number;
  created_at: number;
  /** The manage token, AES-GCM sealed with a key only the lead token yields (migration 002). */
  manage_token_sealed: string | null;
  updated_at: number;
  cancel_reason: string | null;
  /** The manage token sealed under the server secret (migration 009): a known prospect's link, emailed again. */
  manage_token_kept: string | null;
  /** What the host said after the start (migration 009). */
  host_outcome: 'held' | 'no_show' | null;
  canceled_by: 'prospect' | 'host' | null;
};

/** A rep's own key to a lead (`/h/:token`, migration 009). */
export type HostLinksTable = {
  /** sha256 of the host token. */
  token_hash: string;
  lead_id: string;
  rep_id: string;
  /** The token sealed under the server secret, so later emails carry the same link. */
  token_kept: string;
  created_at: number;
};

export type LeadTimersTable = {
  id: string;
  lead_id: string;
  /** The rep the timer is about: a timer for a rep who no longer has the lead does nothing. */
  rep_id: string;
  kind: 'remind' | 'breach' | 'untouched' | 'expire';
  due_at: number;
  lease_until: number | null;
  lease_token: string | null;
  done_at: number | null;
  created_at: number;
};

/** One row per rep; bookings lock it first so checks and inserts for a rep never interleave. */
export type RepLocksTable = { rep_id: string; version: number };

export type RotationStateTable = {
  team_id: string;
  /** Index in the member list of the rep who got the last turn; -1 before the first. */
  last_index: number;
  version: number;
  /** The balancing window's start as last read: `rotation_reps` counts from here (migration 005). */
  window_start: number;
  /** The earliest assignment counted (at or after `window_start`); null when none is. */
  oldest_counted: number | null;
};

/** Per team and rep: assignments since the team's `window_start`, and the latest one. */
export type RotationRepsTable = { team_id: string; rep_id: string; window_count: number; last_at: number };

export type AssignmentsTable = {
  id: string;
  team_id: string;
  rep_id: string;
  lead_id: string;
  at_ms: number;
  /** When the turn was given back (`routing.creditBack`, migration 009); null while it counts. */
  credited_at: number | null;
  credit_reason: CreditReason | null;
};

/** A stored answer to a booking request, replayed for a retry with the same `Idempotency-Key`. */
export type IdempotencyKeysTable = {
  /** sha256 of the lead token: keys are scoped per lead. */
  scope_hash: string;
  idem_key: string;
  /** sha256 of the normalized request, to refuse a key reused for another request. */
  request_hash: string;
  status: number;
  /** The response body, sealed with the lead token (it holds the manage link). */
  body_sealed: string;
  booking_id: string | null;
  created_at: number;
};

/** Deliveries (email, webhook) written in the transaction that caused them. */
export type OutboxTable = {
  id: string;
  kind: 'email' | 'webhook' | 'calendar';
  /** Where the delivery goes (`mail`, a webhook origin, a calendar); null on rows from before 007. */
  target: string | null;
  event: string;
  booking_id: string | null;
  payload: string;
  status: 'pending' | 'done' | 'dead';
  attempts: number;
  /** Not before this instant: the first try, or the next one after a backoff. */
  run_at: number;
  /** A worker holds the job until then; after it, a crashed worker's job is taken again. */
  lease_until: number | null;
  lease_token: string | null;
  last_error: string | null;
  created_at: number;
  done_at: number | null;
};

export type CalendarSourcesTable = {
  id: string;
  rep_id: string;
  kind: string;
  created_at: number;
  last_attempt_at: number | null;
  last_success_at: number | null;
  last_error: string | null;
  etag: string | null;
  last_modified: string | null;
  ctag: string | null;
  sync_token: string | null;
  window_from: number | null;
  window_to: number | null;
  expand_key: string | null;
  version: Generated<number>;
  busy_count: Generated<number>;
  /** 0 or 1: `calendar.failing` was sent and `calendar.recovered` not yet. */
  failing_notified: Generated<number>;
  next_sync_at: Generated<number>;
  lease_until: number | null;
};

export type CalendarBusyTable = { source_id: string; start_ms: number; end_ms: number };
