import { randomUUID } from 'node:crypto';
import type { Logger } from '../http/log.ts';
import type { FlowDeps } from './deps.ts';
import { runTimer, type TimerOutcome } from './sla.ts';

export type TimerWorkerOptions = {
  /** The use cases' dependencies as they are now (a config reload replaces them). */
  deps: () => FlowDeps;
  log: Logger;
  /** How long a claimed timer is this worker's; after it, another instance may run it. */
  leaseMs?: number;
  /** How often `start()` looks for due timers. */
  intervalMs?: number;
  batch?: number;
};

export type TimerReport = { ran: number } & Partial<Record<TimerOutcome, number>>;

export type TimerWorker = {
  /** Runs every timer due now, including those missed while no instance ran; resolves when none is left. */
  drain(): Promise<TimerReport>;
  start(): void;
  stop(): Promise<void>;
};

/**
 * The lead timers (SPEC §12: SLA reminders, deadlines, untouched leads, unbooked
 * expiry). They live in the database, so they survive restarts and catch up after
 * downtime; each is claimed under a lease, so across instances each runs once.
 */
export function createTimerWorker(options: TimerWorkerOptions): TimerWorker {
  const leaseMs = options.leaseMs ?? 60_000;
  const intervalMs = options.intervalMs ?? 5_000;
  const batch = options.batch ?? 20;
  let loop: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  async function drain(): Promise<TimerReport> {
    const report: TimerReport = { ran: 0 };
    for (;;) {
      const deps = options.deps();
      const claimed = await deps.store.timers.claimDue({ now: deps.clock(), leaseMs, limit: batch, leaseToken: randomUUID() });
      if (claimed.length === 0) return report;
      for (const timer of claimed) {
        try {
          const outcome = await runTimer(deps, timer);
          report.ran++;
          report[outcome] = (report[outcome] ?? 0) + 1;
        } catch (error) {
          // Left leased: it runs again once the lease is over.
          options.log.error('lead timer failed; it runs again later', { timerId: timer.id, kind: timer.kind, error: error instanceof Error ? error.message : String(error) });
        }
      }
      if (claimed.length < batch) return report;
    }
  }

  const tick = () => {
    if (stopped) return;
    running = drain()
      .catch((error: unknown) => options.log.error('lead timers could not be read', { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        if (!stopped) loop = setTimeout(tick, intervalMs);
      });
  };

  return {
    drain,
    start() {
      stopped = false;
      tick();
    },
    async stop() {
      stopped = true;
      if (loop) clearTimeout(loop);
      await running;
    },
  };
}
