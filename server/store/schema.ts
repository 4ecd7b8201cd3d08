/**
 * Table shapes for Kysely. These are storage rows only; domain code never sees them
 * (the store's functions map rows to plain domain values). Instants are epoch
 * milliseconds in BIGINT columns so SQLite and PostgreSQL compare them the same way.
 */
export type Database = {
  leads: LeadsTable;
  bookings: BookingsTable;
  rep_locks: RepLocksTable;
  rotation_state: RotationStateTable;
  assignments: AssignmentsTable;
};

export type LeadsTable = {
  id: string;
  form_id: string;
  created_at: number;
  outcome: 'disqualified' | 'schedule' | 'no_availability';
  reason: string | null;
  /** sha256 of the lead token; the token itself is never stored. */
  token_hash: string | null;
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
};

/** One row per rep; bookings lock it first so checks and inserts for a rep never interleave. */
export type RepLocksTable = { rep_id: string; version: number };

export type RotationStateTable = {
  team_id: string;
  /** Index in the member list of the rep who got the last turn; -1 before the first. */
  last_index: number;
  version: number;
};

export type AssignmentsTable = {
  id: string;
  team_id: string;
  rep_id: string;
  lead_id: string;
  at_ms: number;
};
