import { randomUUID } from 'node:crypto';
import { maskEmails, type Logger } from '../http/log.ts';
import type { ClaimedJob } from '../../shared/records.ts';
import type { Store } from '../store/store.ts';
import { buildInvite, type InviteInput } from './invite.ts';
import { unseal } from '../booking/seal.ts';
import type { Mailer, OutgoingMail } from './mail.ts';
import type { QueuedMail } from './notify.ts';
import { postWebhook, type WebhookDelivery } from './webhooks.ts';

/**
 * The outbox worker: sends what transactions wrote to the `outbox` table.
 *
 * Delivery is at least once. A job is claimed with a lease; the worker sends it, then
 * marks it done. A failed try goes back to pending after an exponential backoff with
 * jitter, and after `maxAttempts` tries the job is dead (kept, with its last error).
 * A worker that dies mid-send loses its lease and another (or the restarted) worker
 * sends the job again; messages carry a fixed Message-ID and webhooks a fixed event id,
 * and `.eml` files are named after the message, so a repeat is recognisable.
 */

/**
 * An email as queued. A message that waits days for its time (a reminder, with the
 * prospect's manage link) is kept sealed under the server secret (`sealedMail`), so the
 * table alone does not hold the link; the worker opens it when it sends.
 */
export type EmailPayload = { mail: QueuedMail } | { sealedMail: string };
export type WebhookPayload = WebhookDelivery;
/**
 * A booking to write into a rep's CalDAV calendar as it was at `sequence`. The writer
 * looks at the booking when it runs: a job overtaken by a later change does nothing,
 * so retries in any order leave the calendar as the booking is.
 */
export type CalendarWritePayload = { sourceId: string; bookingId: string; sequence: number; invite: InviteInput };
/** Where a delivery goes, as the outbox keeps it: one mail server, each webhook origin, each calendar. */
export const deliveryTarget = {
  mail: 'mail',
  webhook: (url: string) => `webhook:${new URL(url).origin}`,
  calendar: (sourceId: string) => `calendar:${sourceId}`,
} as const;

/** Writes (or deletes) one booking's event in a rep's calendar; returns what to keep as the job's summary. */
export type CalendarWriter = (payload: CalendarWritePayload, timeoutMs: number) => Promise<string>;

export type Backoff = { baseMs: number; maxMs: number };

export type OutboxWorkerOptions = {
  store: Store;
  mailer: Mailer;
  log: Logger;
  /** The current instant; tests drive the worker with their own clock. */
  clock: () => number;
  /** Reads a webhook secret by its environment variable name (config `secretEnv`). */
  secret: (name: string) => string | undefined;
  /** The server secret, which opens sealed messages (reminders); without it they wait. */
  keptSecret?: string | undefined;
  fetch?: typeof fetch;
  /** Writes bookings into reps' CalDAV calendars; without it, calendar jobs wait. */
  calendars?: CalendarWriter | undefined;
  /** In [0, 1); tests pass a fixed one to make the jitter predictable. */
  random?: () => number;
  leaseMs?: number;
  batchSize?: number;
  maxAttempts?: number;
  backoff?: Backoff;
  /** How often `start()` looks for due jobs when nothing wakes it. */
  pollMs?: number;
  /** `start()`: deliveries in flight at once, in all. */
  maxInFlight?: number;
  /** `start()`: deliveries in flight at once to one target (the mail server, one webhook origin, one calendar). */
  perTarget?: number;
  /** Told how each try ended, for the metrics. */
  onSettled?: (kind: ClaimedJob['kind'], result: 'sent' | 'retried' | 'dead') => void;
};

export type RunReport = { claimed: number; sent: number; retried: number; dead: number };

export type OutboxWorker = {
  /** Claims the jobs due now (one batch) and tries each once. */
  runOnce(): Promise<RunReport>;
  /** `runOnce` until nothing is due now. */
  drain(): Promise<RunReport>;
  /**
   * Runs in the background: on every poll, at once when a commit queued jobs, and as
   * each delivery ends; deliveries to different targets never wait for each other.
   */
  start(): void;
  /** Stops claiming and waits for the sends in flight. */
  stop(): Promise<void>;
};

export const OUTBOX_DEFAULTS = {
  leaseMs: 120_000,
  batchSize: 8,
  maxAttempts: 20,
  backoff: { baseMs: 15_000, maxMs: 3_600_000 },
  pollMs: 1_000,
  maxInFlight: 16,
  perTarget: 2,
  /** A webhook endpoint gets this long to answer (SPEC §14). */
  webhookTimeoutMs: 10_000,
} as const;

/**
 * The wait before try `attempt + 1`: doubling from `baseMs` up to `maxMs`, of which half
 * is fixed and half random ("equal jitter"), so jobs that failed together (a mail server
 * outage) do not all come back at the same instant.
 */
export function retryDelay(attempt: number, backoff: Backoff, random: () => number): number {
  const step = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** A failure that another try cannot fix (an unreadable job): the job dies at once. */
class PermanentError extends Error {}
/** The job cannot be tried yet (its secret is not configured): wait, without using a try. */
class NotReadyError extends Error {}
/** How long a job that is not ready waits before it is looked at again. */
const NOT_READY_DELAY = 5 * 60_000;

/** The message as the mailer sends it, with its invite rendered now. */
function rendered(queued: QueuedMail): OutgoingMail {
  const { invite, ...mail } = queued;
  return invite ? { ...mail, ics: { method: invite.method, content: buildInvite(invite) } } : mail;
}

function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** The message of an email job, opened when it was sealed; a sealed one waits for the server secret. */
function openedMail(payload: EmailPayload, keptSecret: string | undefined): QueuedMail | undefined {
  if (!('sealedMail' in payload)) return payload.mail;
  if (keptSecret === undefined) throw new Error('a sealed message waits for the server secret');
  const opened = unseal(keptSecret, 'queued-mail', payload.sealedMail);
  if (opened === null) throw new PermanentError('the sealed message does not open with this server secret');
  return JSON.parse(opened) as QueuedMail;
}

/** The failure as stored and logged, with any email address masked. */
function errorText(error: unknown): string {
  return maskEmails(rawErrorText(error));
}

function rawErrorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { store, mailer, log, clock } = options;
  const random = options.random ?? Math.random;
  const leaseMs = options.leaseMs ?? OUTBOX_DEFAULTS.leaseMs;
  const batchSize = options.batchSize ?? OUTBOX_DEFAULTS.batchSize;
  const maxAttempts = options.maxAttempts ?? OUTBOX_DEFAULTS.maxAttempts;
  const backoff = options.backoff ?? OUTBOX_DEFAULTS.backoff;
  const pollMs = options.pollMs ?? OUTBOX_DEFAULTS.pollMs;
  // A send must give up well before its lease ends, or a second worker could take it.
  const sendDeadline = Math.max(1, Math.min(60_000, Math.floor(leaseMs / 2)));

  async function send(job: ClaimedJob): Promise<string | undefined> {
    let payload: unknown;
    try {
      payload = JSON.parse(job.payload);
    } catch {
      throw new PermanentError('the job payload is not JSON');
    }
    if (job.kind === 'email') {
      const mail = openedMail(payload as EmailPayload, options.keptSecret);
      if (!mail?.to) throw new PermanentError('the job holds no message');
      await withDeadline(mailer.send(rendered(mail)), sendDeadline, 'sending the email');
      // Once sent, keep only what identifies the message: not its link or the answers.
      return JSON.stringify({ sent: { key: mail.key, to: mail.to, subject: mail.subject, messageId: mail.messageId } });
    }
    if (job.kind === 'webhook') {
      const delivery = payload as WebhookPayload;
      if (!delivery?.url || !delivery.secretEnv) throw new PermanentError('the job holds no webhook');
      const secret = options.secret(delivery.secretEnv);
      if (!secret) throw new NotReadyError(`the webhook secret ${delivery.secretEnv} is not set`);
      const timeoutMs = Math.min(OUTBOX_DEFAULTS.webhookTimeoutMs, sendDeadline);
      await postWebhook(delivery, { secret, now: clock(), timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) });
      return undefined;
    }
    if (job.kind === 'calendar') {
      const write = payload as CalendarWritePayload;
      if (!write?.sourceId || !write.bookingId || !write.invite) throw new PermanentError('the job holds no calendar write');
      if (!options.calendars) throw new NotReadyError('calendar writes are not set up in this process');
      return JSON.stringify({ calendar: await withDeadline(options.calendars(write, sendDeadline), sendDeadline, 'writing to the calendar') });
    }
    throw new PermanentError(`unknown job kind "${String(job.kind)}"`);
  }

  async function deliver(job: ClaimedJob): Promise<'sent' | 'retried' | 'dead'> {
    const result = await tryOnce(job);
    options.onSettled?.(job.kind, result);
    return result;
  }

  async function tryOnce(job: ClaimedJob): Promise<'sent' | 'retried' | 'dead'> {
    let summary: string | undefined;
    try {
      summary = await send(job);
    } catch (error) {
      const notReady = error instanceof NotReadyError;
      const final = !notReady && (error instanceof PermanentError || job.attempts >= maxAttempts);
      const retryAt = final ? null : clock() + (notReady ? NOT_READY_DELAY : retryDelay(job.attempts, backoff, random));
      await store.outbox.fail(job, { error: errorText(error), retryAt, at: clock(), uncounted: notReady });
      const fields = { jobId: job.id, kind: job.kind, event: job.event, bookingId: job.bookingId, attempts: job.attempts, error: errorText(error) };
      if (retryAt === null) log.error('delivery failed for good', fields);
      else log.info('delivery failed; will retry', { ...fields, retryAt: new Date(retryAt).toISOString() });
      return retryAt === null ? 'dead' : 'retried';
    }
    // Sent. If this write fails or the lease was lost, the job is sent again later:
    // at least once, never silently dropped.
    const settled = await store.outbox.complete(job, clock(), summary);
    if (!settled) log.info('delivered after losing the lease; another worker may repeat it', { jobId: job.id });
    return 'sent';
  }

  async function runOnce(): Promise<RunReport> {
    const jobs = await store.outbox.claimDue({ now: clock(), leaseMs, limit: batchSize, leaseToken: randomUUID() });
    const outcomes = await Promise.all(jobs.map(deliver));
    return {
      claimed: jobs.length,
      sent: outcomes.filter((o) => o === 'sent').length,
      retried: outcomes.filter((o) => o === 'retried').length,
      dead: outcomes.filter((o) => o === 'dead').length,
    };
  }

  async function drain(): Promise<RunReport> {
    const total: RunReport = { claimed: 0, sent: 0, retried: 0, dead: 0 };
    for (;;) {
      const report = await runOnce();
      for (const key of Object.keys(total) as (keyof RunReport)[]) total[key] += report[key];
      if (report.claimed < batchSize) return total;
    }
  }

  // The background loop (`start()`) does not wait for a batch to finish: it keeps up to
  // `maxInFlight` deliveries going and claims more as each one ends, but never more than
  // `perTarget` for one target. A webhook endpoint that hangs therefore holds at most its
  // own share of the worker, and invites keep going out beside it.
  const maxInFlight = options.maxInFlight ?? OUTBOX_DEFAULTS.maxInFlight;
  const perTarget = options.perTarget ?? OUTBOX_DEFAULTS.perTarget;
  const inFlight = new Map<string, number>();
  const tasks = new Set<Promise<void>>();
  let total = 0;

  function launch(job: ClaimedJob): void {
    const target = job.target ?? job.kind;
    inFlight.set(target, (inFlight.get(target) ?? 0) + 1);
    total++;
    const task: Promise<void> = deliver(job)
      .then(() => undefined, (error: unknown) => log.error('outbox delivery could not be settled', { jobId: job.id, error: errorText(error) }))
      .finally(() => {
        const left = (inFlight.get(target) ?? 1) - 1;
        if (left === 0) inFlight.delete(target);
        else inFlight.set(target, left);
        total--;
        tasks.delete(task);
        onWrite();
      });
    tasks.add(task);
  }

  /** Claims and starts due jobs until the worker is full or nothing more is due. */
  async function pump(): Promise<void> {
    while (running && total < maxInFlight) {
      const full = [...inFlight].filter(([, count]) => count >= perTarget).map(([target]) => target);
      // A few at a time, so one claim cannot fill the worker with a single target's backlog.
      const jobs = await store.outbox.claimDue({
        now: clock(), leaseMs, limit: Math.min(perTarget, maxInFlight - total), leaseToken: randomUUID(), skipTargets: full,
      });
      if (jobs.length === 0) return;
      for (const job of jobs) launch(job);
    }
  }

  let running = false;
  let unsubscribe: (() => void) | null = null;
  let loop: Promise<void> | null = null;
  let woken = false;
  let wake: (() => void) | null = null;
  const onWrite = () => {
    woken = true;
    wake?.();
  };

  async function run(): Promise<void> {
    while (running) {
      woken = false;
      try {
        await pump();
      } catch (error) {
        // The database may be briefly unavailable; the next round tries again.
        log.error('outbox worker round failed', { error: errorText(error) });
      }
      if (!running || woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  }

  return {
    runOnce,
    drain,
    start() {
      if (running) return;
      running = true;
      // A commit that queued jobs wakes the worker at once; polling alone would deliver
      // everything too, and other instances find the jobs on their own polls.
      unsubscribe = store.onOutboxWrite(onWrite);
      loop = run();
    },
    async stop() {
      running = false;
      unsubscribe?.();
      unsubscribe = null;
      wake?.();
      await loop;
      loop = null;
      await Promise.all([...tasks]);
    },
  };
}
