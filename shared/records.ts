import type { RouteTarget } from './config.ts';

/**
 * The records Usher keeps, as every layer sees them. The store maps its rows to these
 * and back; nothing outside `server/store/` ever sees a row. Instants are epoch ms.
 */

/** What conditions are evaluated against: answers and derived fields, by name. */
export type LeadFacts = Record<string, string | boolean | null>;

export type LeadOutcome = 'disqualified' | 'schedule' | 'no_availability';

/** `calendar_unavailable`: one of the rep's calendars cannot be read, so they are never offered as free. */
export type ExclusionReason = 'time_off' | 'no_slots' | 'day_cap' | 'calendar_unavailable';

/** Why a team member was or was not a candidate for a lead. */
export type CandidateNote =
  /** `slots`: how many slots the rep has in the horizon (assigned mode, where all are counted). */
  | { repId: string; included: true; slots?: number }
  | { repId: string; included: false; reason: ExclusionReason };

/** The strategy's working, kept in the decision trace. */
export type StrategyNumbers =
  | { strategy: 'round_robin'; lastIndex: number; chosenIndex: number; skipped: string[] }
  | { strategy: 'priority'; order: string[]; skipped: string[] }
  | {
      strategy: 'balanced';
      /** Per eligible rep: assignments in the window, weight, and their ratio. */
      load: { repId: string; count: number; weight: number; ratio: number; lastAssignedAt: number | null }[];
    };

export type StrategyTrace = {
  name: 'round_robin' | 'balanced' | 'priority' | 'direct';
  mode: 'pooled' | 'assigned';
  /** The strategy's working: pointer, loads and ratios, skipped reps. */
  numbers?: StrategyNumbers;
  chosen: string | null;
  /** Pooled mode: the rep is chosen when the prospect books. */
  pendingUntilBooking?: true;
};

/**
 * The decision trace kept on every lead (SPEC §4): each step's outcome and its reason,
 * in plain data so the admin API can show it as is.
 */
export type DecisionTrace = {
  qualify: { matchedRule: number | null; reason: string | null };
  route?: { index: number; target: RouteTarget } | { index: null };
  owner?: { account: string; repId: string; used: boolean; reason?: ExclusionReason };
  /** A repeat prospect (same email within `routing.stickyDays`): the rep they had, and whether they took the lead. */
  sticky?: { repId: string; used: boolean; reason?: ExclusionReason };
  team?: string | null;
  candidates?: CandidateNote[];
  strategy?: StrategyTrace;
  /** Pooled mode: the choice made at booking time. */
  booking?: { start: string; freeReps: string[]; numbers?: StrategyNumbers; chosen: string };
  /** Where a lead from the API came from: the key's id and the request's `source`. */
  source?: { apiKey: string; name: string | null };
  /** Each time the lead went to another rep after routing: handed back by the host, or an SLA breach. */
  reassignments?: Reassignment[];
};

export type Reassignment = {
  at: string;
  from: string;
  /** Null when nobody could take it. */
  to: string | null;
  /** `admin`: moved from the admin console. */
  why: 'handed_back' | 'sla' | 'admin';
  strategy?: StrategyTrace;
};

/** A lead as the rest of the server sees it. */
export type Lead = {
  id: string;
  formId: string;
  createdAt: number;
  outcome: LeadOutcome;
  reason: string | null;
  answers: Record<string, string>;
  facts: LeadFacts;
  timezone: string;
  locale: string | null;
  teamId: string | null;
  /** The assigned rep (assigned mode, owner or rep routes); null in pooled mode until booked. */
  repId: string | null;
  /** Reps that may take this lead's booking. */
  candidateIds: string[];
  mode: 'pooled' | 'assigned' | null;
  trace: DecisionTrace;
  /** When the lead token stops booking; absent: a day after `createdAt` (the widget's). */
  tokenExpiresAt?: number | null;
};

export type Booking = {
  id: string;
  leadId: string;
  repId: string;
  meetingType: string;
  start: number;
  end: number;
  bufferBefore: number;
  bufferAfter: number;
  status: 'confirmed' | 'canceled';
  /** The invite's SEQUENCE: 0 when made, one more on every change. */
  sequence: number;
  createdAt: number;
  updatedAt: number;
  cancelReason: string | null;
  /** Who canceled, when canceled: the prospect (manage link) or the host (host link). */
  canceledBy: 'prospect' | 'host' | null;
  /** What the host marked after the start. */
  hostOutcome: 'held' | 'no_show' | null;
};

/** A confirmed booking's time, as availability reads it. */
export type BookedTime = Pick<Booking, 'id' | 'repId' | 'start' | 'end' | 'bufferBefore' | 'bufferAfter'>;

/** How a booking's manage token is kept: a hash to find it, a sealed copy to give it back. */
export type StoredManageToken = {
  hash: string;
  /** Opens with the lead token. */
  sealed: string;
  /** Opens with the server secret: a known prospect is emailed the link again. */
  kept: string;
};

/** What the database knows about a team's past turns (read under the rotation lock). */
export type RotationState = {
  /** Round robin: member index of the last turn; -1 before the first. */
  lastIndex: number;
  /** Balanced: assignments per rep inside the rolling window. */
  counts: ReadonlyMap<string, number>;
  /** Balanced: when each rep was last assigned (epoch ms), for reps with a turn in the window. */
  lastAssignedAt: ReadonlyMap<string, number>;
};

/** A turn to record: the rotation pointer moves to `index`, `repId` gets one more assignment. */
export type Turn = { teamId: string; repId: string; index: number; leadId: string; at: number };

/** Why a turn was given back (`routing.creditBack`). */
export type CreditReason = 'unbooked' | 'canceled' | 'no_show' | 'handed_back';

/** Turns per team and rep in a period: taken, given back, and the leads' outcomes with that rep. */
export type AssignmentCount = { teamId: string; repId: string; count: number; credited: number; booked: number; held: number; noShow: number };

/** `calendar`: a booking written to, moved in or deleted from a rep's CalDAV calendar. */
export type OutboxKind = 'email' | 'webhook' | 'calendar';
export type OutboxStatus = 'pending' | 'done' | 'dead';

/** A delivery to make, written in the same transaction as the change that caused it. */
export type NewOutboxJob = {
  id: string;
  kind: OutboxKind;
  /** What happened, e.g. `booking.created`. */
  event: string;
  /**
   * Where it goes: `mail`, `webhook:<origin>` or `calendar:<source id>` (the kind when
   * not given). A target that hangs holds up only its own deliveries.
   */
  target?: string;
  bookingId: string | null;
  /** JSON; its shape belongs to the kind (see server/delivery/outbox.ts). */
  payload: string;
  runAt: number;
  createdAt: number;
};

export type OutboxJob = NewOutboxJob & {
  status: OutboxStatus;
  /** Tries so far, counting the one a claim starts. */
  attempts: number;
  leaseUntil: number | null;
  lastError: string | null;
  doneAt: number | null;
};

/** A claimed job: only the holder of `leaseToken` may settle it. */
export type ClaimedJob = OutboxJob & { leaseToken: string };


/** A calendar source's state (SPEC §11): `stale` still uses its last busy times, `failing` does not. */
export type CalendarState = 'ok' | 'stale' | 'failing';

/** What the database keeps about one calendar source, shared by every instance. */
export type CalendarSourceRecord = {
  id: string;
  repId: string;
  kind: 'ics' | 'caldav';
  createdAt: number;
  /** When the latest recorded read began. */
  lastAttemptAt: number | null;
  /** When the latest successful read began: its busy times are current as of then. */
  lastSuccessAt: number | null;
  lastError: string | null;
  /** Validators for the next conditional request. */
  etag: string | null;
  lastModified: string | null;
  ctag: string | null;
  syncToken: string | null;
  /** The window the stored busy times were expanded over. */
  windowFrom: number | null;
  windowTo: number | null;
  /** What the stored busy times were expanded with; a change forces a full read. */
  expandKey: string | null;
  /** Raised on every change of the stored busy times, so readers know their copy is current. */
  version: number;
  busyCount: number;
  /** `calendar.failing` was sent and `calendar.recovered` not yet. */
  failingNotified: boolean;
  nextSyncAt: number;
  leaseUntil: number | null;
};
