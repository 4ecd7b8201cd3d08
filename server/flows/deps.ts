import type { CalendarReader } from '../calendars/busy.ts';
import type { Catalog } from '../config/catalog.ts';
import type { Store } from '../store/store.ts';

/** What every use case works with: the store, the loaded config and the clock. */
export type FlowDeps = {
  store: Store;
  catalog: Catalog;
  /** The current instant; tests and `simulate` pass their own. */
  clock: () => number;
  /** Reps' calendar busy time, as the sync stored it; built once per process. */
  calendars: CalendarReader;
  /**
   * The server secret (config/secret.ts). It seals what Usher itself must read again
   * later and the database must not give away: the host links and a known prospect's
   * manage link, emailed again.
   */
  secret: string;
  /** Reads the chosen reps' calendars again right before a booking (SPEC §11); absent in tests and `simulate`. */
  liveCheck?: LiveCheck | undefined;
  /** Told what the use cases did, for `GET /metrics`; absent in tests and `simulate`. */
  metrics?: FlowMetrics | undefined;
};

/** What the use cases report once their work is committed (never for a replayed request). */
export type FlowMetrics = {
  leadRouted(formId: string, outcome: string): void;
  booked(meetingType: string): void;
  bookingChanged(change: 'rescheduled' | 'canceled'): void;
};

/**
 * Reads these reps' calendar sources now and stores what they hold, giving up after
 * `timeoutMs` (the stored busy times stand then). Never called while a lock is held.
 */
export type LiveCheck = (repIds: readonly string[], timeoutMs: number) => Promise<void>;
