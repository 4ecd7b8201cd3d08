import { PostgresAdapter } from 'kysely';
import type { Booking, CreditReason, DecisionTrace, Lead, NewOutboxJob, OutboxStatus, StoredManageToken, Turn } from '../../shared/records.ts';
import * as admin from './admin.ts';
import * as bookings from './bookings.ts';
import * as calendars from './calendars.ts';
import { probeOf, type Db } from './db.ts';
import * as hostLinks from './host-links.ts';
import * as idempotency from './idempotency.ts';
import * as leadTimers from './lead-timers.ts';
import * as leads from './leads.ts';
import { takeLocks, type Dialect, type Locks } from './locks.ts';
import * as outbox from './outbox.ts';
import * as rotation from './rotation.ts';
import { ensureSetting } from './settings.ts';

export type { Dialect, Locks } from './locks.ts';
export type { SourceKey, StoredBusy, SyncMeta } from './calendars.ts';
export type { HostLink } from './host-links.ts';
export type { DeliveryState, LeadFilter, ListedLead } from './admin.ts';
export type { FollowUp } from './leads.ts';
export type { ClaimedTimer, NewTimer, TimerKind } from './lead-timers.ts';

/** The named operations, bound to the database or to one transaction. */
function operations(db: Db, dialect: Dialect, enqueued: () => void, locked = new Map<string, rotation.RotationRow>()) {
  // A locked row is as its lock statement read it: good for the first read only.
  const lockedRow = (teamId: string) => {
    const row = locked.get(teamId);
    locked.delete(teamId);
    return row;
  };
  return {
    leads: {
      insert: (lead: Lead, tokenHash: string | null, emailHash: string | null) => leads.insertLead(db, lead, tokenHash, emailHash),
      find: (id: string) => leads.findLead(db, id),
      findByTokenHash: (hash: string) => leads.findLeadByTokenHash(db, hash),
      count: () => leads.countLeads(db),
      list: (limit: number, cursor: string | null) => leads.listLeads(db, limit, cursor),
      countOpen: (emailHash: string, since: number) => leads.countOpenLeads(db, emailHash, since),
      lastRepOf: (emailHash: string, since: number) => leads.lastRepOfEmail(db, emailHash, since),
      recordPooledChoice: (id: string, repId: string, trace: DecisionTrace) => leads.recordPooledChoice(db, id, repId, trace),
      updateTimezone: (id: string, timezone: string) => leads.updateLeadTimezone(db, id, timezone),
      reassign: (id: string, change: Parameters<typeof leads.reassignLead>[2]) => leads.reassignLead(db, id, change),
      followUp: (id: string) => leads.followUpOf(db, id),
      accept: (id: string, at: number) => leads.acceptLead(db, id, at),
      touch: (id: string, at: number) => leads.touchLead(db, id, at),
    },
    bookings: {
      /** Confirmed bookings' times overlapping `[from, to)`: what availability reads. */
      timesOf: (repIds: readonly string[], from: number, to: number) => bookings.bookedTimes(db, repIds, from, to),
      insert: (booking: Booking, token: StoredManageToken) => bookings.insertBooking(db, booking, token),
      move: (id: string, change: Parameters<typeof bookings.moveBooking>[2]) => bookings.moveBooking(db, id, change),
      markCanceled: (id: string, change: Parameters<typeof bookings.markCanceled>[2]) => bookings.markCanceled(db, id, change),
      liveOfLead: (leadId: string) => bookings.liveBookingOfLead(db, leadId),
      find: (id: string) => bookings.findBooking(db, id),
      findByManageHash: (hash: string) => bookings.findBookingByManageHash(db, hash),
      /** A known prospect's live booking that has not ended, by email hash. */
      liveOfEmail: (emailHash: string, now: number) => bookings.liveBookingOfEmail(db, emailHash, now),
      keptManageToken: (id: string) => bookings.keptManageTokenOf(db, id),
      setHostOutcome: (id: string, outcome: 'held' | 'no_show', at: number) => bookings.setHostOutcome(db, id, outcome, at),
      ofLead: (leadId: string) => bookings.bookingsOfLead(db, leadId),
      count: () => bookings.countBookings(db),
      list: (options: Parameters<typeof bookings.listBookings>[1]) => bookings.listBookings(db, options),
    },
    rotation: {
      /** Read under the team's lock: see `atomically`. */
      state: (teamId: string, windowStart: number) => rotation.rotationState(db, teamId, windowStart, lockedRow(teamId)),
      recordTurn: (turn: Turn) => {
        locked.delete(turn.teamId);
        return rotation.recordTurn(db, turn);
      },
      assignmentCounts: (from: number, to: number) => rotation.assignmentCounts(db, from, to),
      /** Gives a lead's turn back; the caller holds the team's lock. */
      creditTurn: (leadId: string, repId: string, reason: CreditReason, at: number) => rotation.creditTurn(db, leadId, repId, reason, at),
      /** Undoes a `canceled` credit when the lead books again; the caller holds the team's lock. */
      retakeTurn: (leadId: string, repId: string) => rotation.retakeTurn(db, leadId, repId),
    },
    hostLinks: {
      insert: (link: hostLinks.HostLink) => hostLinks.insertHostLink(db, link),
      findByHash: (hash: string) => hostLinks.findHostLinkByHash(db, hash),
      of: (leadId: string, repId: string) => hostLinks.hostLinkOf(db, leadId, repId),
    },
    timers: {
      add: (timers: readonly leadTimers.NewTimer[]) => leadTimers.addTimers(db, timers),
      claimDue: (claim: Parameters<typeof leadTimers.claimDueTimers>[2]) => leadTimers.claimDueTimers(db, dialect, claim),
      hold: (id: string, leaseToken: string, now: number) => leadTimers.holdTimer(db, id, leaseToken, now),
      complete: (id: string, leaseToken: string, at: number) => leadTimers.completeTimer(db, id, leaseToken, at),
      postpone: (id: string, leaseToken: string, dueAt: number) => leadTimers.postponeTimer(db, id, leaseToken, dueAt),
      ofLead: (leadId: string) => leadTimers.timersOfLead(db, leadId),
    },
    outbox: {
      /** Deliveries to make once this commits; the outbox worker is woken after the commit. */
      enqueue: async (jobs: readonly NewOutboxJob[]) => {
        if (jobs.length === 0) return;
        await outbox.enqueueJobs(db, jobs);
        enqueued();
      },
      claimDue: (claim: Parameters<typeof outbox.claimDueJobs>[2]) => outbox.claimDueJobs(db, dialect, claim),
      dropPending: (bookingId: string, event: string, now: number) => outbox.dropPendingJobs(db, bookingId, event, now),
      complete: (...args: Parameters<typeof outbox.completeJob> extends [Db, ...infer R] ? R : never) => outbox.completeJob(db, ...args),
      fail: (...args: Parameters<typeof outbox.failJob> extends [Db, ...infer R] ? R : never) => outbox.failJob(db, ...args),
      list: (filter: { bookingId?: string; status?: OutboxStatus } = {}) => outbox.listJobs(db, filter),
      depth: () => outbox.outboxDepth(db),
    },
    admin: {
      insertSession: (tokenHash: string, csrf: string, now: number, expiresAt: number) => admin.insertSession(db, tokenHash, csrf, now, expiresAt),
      findSession: (tokenHash: string, now: number) => admin.findSession(db, tokenHash, now),
      deleteSession: (tokenHash: string) => admin.deleteSession(db, tokenHash),
      leads: (filter: admin.LeadFilter, limit: number, cursor: string | null) => admin.listLeads(db, filter, limit, cursor),
      turnsOfLead: (leadId: string) => admin.turnsOfLead(db, leadId),
      bookingsOfLead: (leadId: string) => admin.bookingsOfLead(db, leadId),
      jobsOfBookings: (ids: readonly string[]) => admin.jobsOfBookings(db, ids),
      deliveries: (state: admin.DeliveryState, limit: number, cursor: string | null) => admin.listDeliveries(db, state, limit, cursor),
      findDelivery: (id: string) => admin.findDelivery(db, id),
      /** The outbox worker is woken: the job is due now. */
      retryDelivery: async (id: string, now: number) => {
        const retried = await admin.retryDelivery(db, id, now);
        if (retried) enqueued();
        return retried;
      },
      turnsBetween: (from: number, to: number) => admin.turnsBetween(db, from, to),
    },
    idempotency: {
      find: (scopeHash: string, key: string) => idempotency.findIdempotentAnswer(db, scopeHash, key),
      save: (answer: idempotency.IdempotentAnswer) => idempotency.saveIdempotentAnswer(db, answer),
      count: () => idempotency.countIdempotentAnswers(db),
    },
    calendars: {
      /** Registers the configured sources; rows already there keep their state. */
      ensure: (sources: readonly calendars.SourceKey[], now: number) => calendars.ensureSources(db, sources, now),
      list: (ids: readonly string[]) => calendars.listSources(db, ids),
      /** Raised by every change to the sources' rows (see `calendars.generation`). */
      generation: () => calendars.generation(db),
      busyOf: (sourceId: string) => calendars.readBusy(db, sourceId),
      claimDue: (claim: Parameters<typeof calendars.claimDueSources>[2]) => calendars.claimDueSources(db, dialect, claim),
      replaceBusy: (sourceId: string, busy: readonly { start: number; end: number }[], meta: Parameters<typeof calendars.replaceBusy>[3]) => calendars.replaceBusy(db, sourceId, busy, meta),
      recordUnchanged: (sourceId: string, change: calendars.ReadRecord) => calendars.recordUnchanged(db, sourceId, change),
      recordFailure: (sourceId: string, change: calendars.ReadRecord & { error: string }) => calendars.recordFailure(db, sourceId, change),
      flipFailingNotified: (sourceId: string, from: boolean) => calendars.flipFailingNotified(db, sourceId, from),
    },
    settings: {
      ensure: (key: string, value: () => string) => ensureSetting(db, key, value),
    },
  };
}

export type Operations = ReturnType<typeof operations>;

/** One transaction's view of the store. */
export type Tx = Operations & {
  /** Runs `hook` once the transaction has committed; never when it rolls back. */
  afterCommit(hook: () => void): void;
};

export type Store = Operations & {
  readonly dialect: Dialect;
  /**
   * Runs `work` in one transaction that first takes `locks` (rotation rows, then rep
   * rows, each by id: the one lock order, see `locks.ts`). Either all of it commits or
   * none; after a commit the hooks run, such as waking the outbox worker when the work
   * queued deliveries. This is the only way to write more than one row together.
   */
  atomically<T>(locks: Locks, work: (tx: Tx) => Promise<T>): Promise<T>;
  /** `listener` runs after every commit that queued deliveries; returns the unsubscribe. */
  onOutboxWrite(listener: () => void): () => void;
  /** Answers when the database does, on a connection of its own (see `probeOf`). */
  ping(): Promise<void>;
  /** The storage error the last write failed with (disk full, I/O), until a write succeeds again. */
  writeFailure(): { code: string; at: number } | null;
  destroy(): Promise<void>;
};

/** The one door to the database: named operations over `db`, whose dialect is read once. */
export function createStore(db: Db): Store {
  const dialect: Dialect = db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
  const listeners = new Set<() => void>();
  const probe = probeOf(db);
  let failedWrite: { code: string; at: number } | null = null;
  const wake = () => {
    for (const listener of listeners) listener();
  };
  return {
    ...operations(db, dialect, wake),
    dialect,
    async atomically(locks, work) {
      const hooks: (() => void)[] = [];
      let queued = false;
      let result;
      try {
        result = await db.transaction().execute(async (trx) => {
          const locked = await takeLocks(trx, dialect, locks);
          const tx: Tx = { ...operations(trx, dialect, () => { queued = true; }, locked), afterCommit: (hook) => hooks.push(hook) };
          return work(tx);
        });
      } catch (error) {
        const code = storageErrorCode(error);
        if (code) failedWrite = { code, at: Date.now() };
        throw error;
      }
      failedWrite = null;
      if (queued) hooks.push(wake);
      for (const hook of hooks) hook();
      return result;
    },
    onOutboxWrite(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ping: () => probe.ping(),
    writeFailure: () => failedWrite,
    async destroy() {
      await probe.close();
      await db.destroy();
    },
  };
}

/**
 * The code of an error that says the storage itself fails (SQLite: disk full, I/O,
 * read-only file; PostgreSQL: class 53, insufficient resources, and 58, system errors),
 * as opposed to a query's own failure; null for any other error.
 */
function storageErrorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (/^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB)/.test(code)) return code;
  if (/^5[38][0-9A-Z]{3}$/.test(code)) return code;
  return null;
}
