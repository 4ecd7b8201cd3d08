import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FlowMetrics } from '../flows/deps.ts';
import type { OperationalState } from '../flows/operations.ts';

/** Latency buckets, in seconds: a submission is a few milliseconds, a live calendar check up to 2 s. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * What `GET /metrics` reports (SPEC §14), in Prometheus text format by prom-client.
 *
 * Two kinds of numbers. Counters of what this process did (requests, leads, bookings,
 * deliveries): they start at 0 with the process, and Prometheus adds the instances up
 * (`sum(rate(usher_leads_total[5m])) by (outcome)`). And gauges read from the database at
 * each scrape (outbox depth, calendar sources): every instance reports the same, shared
 * numbers, so take `max`, not `sum`, across instances.
 *
 * One per process, like the admission limit, so a config reload keeps the counts.
 */
export class Metrics implements FlowMetrics {
  readonly registry = new Registry();
  private readonly registers = [this.registry];
  private readonly requests = new Counter({
    name: 'usher_http_requests_total', help: 'HTTP requests answered, by route pattern and status.',
    labelNames: ['method', 'route', 'status'], registers: this.registers,
  });
  private readonly latency = new Histogram({
    name: 'usher_http_request_duration_seconds', help: 'Time to answer an HTTP request, by route pattern.',
    labelNames: ['method', 'route'], buckets: LATENCY_BUCKETS, registers: this.registers,
  });
  private readonly leads = new Counter({
    name: 'usher_leads_total', help: 'Leads stored, by form and outcome (schedule, no_availability, disqualified).',
    labelNames: ['form', 'outcome'], registers: this.registers,
  });
  private readonly bookings = new Counter({
    name: 'usher_bookings_total', help: 'Meetings booked, by meeting type.', labelNames: ['meeting_type'], registers: this.registers,
  });
  private readonly bookingChanges = new Counter({
    name: 'usher_booking_changes_total', help: 'Bookings rescheduled or canceled.', labelNames: ['change'], registers: this.registers,
  });
  private readonly limited = new Counter({
    name: 'usher_rate_limited_total', help: 'Requests refused by an abuse limit.', labelNames: ['limit'], registers: this.registers,
  });
  private readonly deliveries = new Counter({
    name: 'usher_outbox_deliveries_total', help: 'Delivery attempts by kind and result (sent, retried, dead).',
    labelNames: ['kind', 'result'], registers: this.registers,
  });
  private readonly outboxJobs = new Gauge({
    name: 'usher_outbox_jobs', help: 'Undelivered outbox jobs by kind and state (pending, retrying, dead); shared by all instances.',
    labelNames: ['kind', 'state'], registers: this.registers,
  });
  private readonly outboxOldest = new Gauge({
    name: 'usher_outbox_oldest_pending_seconds', help: 'Age of the oldest job still to deliver (pending or retrying); 0 when none.',
    registers: this.registers,
  });
  private readonly calendarSources = new Gauge({
    name: 'usher_calendar_sources', help: 'Reps\' calendar sources by sync state (ok, stale, failing); shared by all instances.',
    labelNames: ['state'], registers: this.registers,
  });
  private readonly repsExcluded = new Gauge({
    name: 'usher_calendar_reps_excluded', help: 'Reps not offered because a calendar of theirs cannot be read.', registers: this.registers,
  });
  private readonly up = new Gauge({
    name: 'usher_database_up', help: '1 when the database answered this scrape\'s reads, 0 when it did not.', registers: this.registers,
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    // Memory, CPU, event loop delay and GC of this process (prom-client's defaults).
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Counts every answer under its route pattern (`/api/leads/:token/slots`), never the raw path. */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const started = performance.now();
      try {
        await next();
      } finally {
        // The last route matched is the handler's (routes are added after the middleware);
        // a pattern ending in `*` is middleware only: no route had this path.
        const pattern = routePath(c, -1);
        const route = pattern === '' || pattern.endsWith('*') ? 'unmatched' : pattern;
        this.requests.inc({ method: c.req.method, route, status: String(c.res.status) });
        this.latency.observe({ method: c.req.method, route }, (performance.now() - started) / 1000);
      }
    };
  }

  leadRouted(formId: string, outcome: string): void {
    this.leads.inc({ form: formId, outcome });
  }

  booked(meetingType: string): void {
    this.bookings.inc({ meeting_type: meetingType });
  }

  bookingChanged(change: 'rescheduled' | 'canceled'): void {
    this.bookingChanges.inc({ change });
  }

  rateLimited(limit: string): void {
    this.limited.inc({ limit });
  }

  delivered(kind: string, result: 'sent' | 'retried' | 'dead'): void {
    this.deliveries.inc({ kind, result });
  }

  /** The scrape: the shared gauges from `state` (null when the database did not answer), then the text. */
  async render(state: OperationalState | null, now: number): Promise<string> {
    this.outboxJobs.reset();
    this.calendarSources.reset();
    this.up.set(state ? 1 : 0);
    if (state) {
      let oldest = Infinity;
      for (const row of state.outbox) {
        this.outboxJobs.set({ kind: row.kind, state: row.state }, row.count);
        if (row.state !== 'dead') oldest = Math.min(oldest, row.oldestCreatedAt);
      }
      this.outboxOldest.set(oldest === Infinity ? 0 : Math.max(0, (now - oldest) / 1000));
      const calendars = state.calendars ?? { ok: 0, stale: 0, failing: 0, repsExcluded: 0 };
      for (const name of ['ok', 'stale', 'failing'] as const) this.calendarSources.set({ state: name }, calendars[name]);
      this.repsExcluded.set(calendars.repsExcluded);
    }
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
