import * as z from 'zod/mini';

/**
 * The admin API's answers (SPEC §13), the one definition of their shapes: the server
 * builds them, the console (`admin/`) imports the types only. Instants are UTC ISO 8601.
 */

const instant = z.iso.datetime({ offset: false });
const nullable = <T extends z.ZodMiniType>(schema: T) => z.nullable(schema);

/** `GET /api/admin/session` and `POST /api/admin/session`: the CSRF token every change sends as `X-CSRF-Token`. */
export const adminSessionSchema = z.object({ csrf: z.string(), expiresAt: instant });
export type AdminSession = z.infer<typeof adminSessionSchema>;

/** `GET /api/admin/overview`: the names every page shows instead of ids. */
export const adminOverviewSchema = z.object({
  organization: z.object({ name: z.string(), timezone: z.string(), locale: z.string() }),
  reps: z.array(z.object({ id: z.string(), name: z.string(), timezone: z.string(), weight: z.number() })),
  teams: z.array(z.object({ id: z.string(), members: z.array(z.string()), strategy: z.string(), mode: z.string() })),
  forms: z.array(z.object({ id: z.string(), title: z.string(), meetingType: z.string() })),
  meetingTypes: z.array(z.object({ id: z.string(), title: z.string(), durationMinutes: z.number(), slotStepMinutes: z.number() })),
});
export type AdminOverview = z.infer<typeof adminOverviewSchema>;

export const leadOutcomes = ['schedule', 'disqualified', 'no_availability'] as const;

/** A lead in the list (`GET /api/admin/leads`). */
export const adminLeadSummarySchema = z.object({
  id: z.string(),
  formId: z.string(),
  createdAt: instant,
  outcome: z.enum(leadOutcomes),
  reason: nullable(z.string()),
  email: nullable(z.string()),
  name: nullable(z.string()),
  teamId: nullable(z.string()),
  repId: nullable(z.string()),
  repName: nullable(z.string()),
  mode: nullable(z.string()),
  /** The lead's live booking's start, when it has one. */
  bookedFor: nullable(instant),
});
export type AdminLeadSummary = z.infer<typeof adminLeadSummarySchema>;

export const adminLeadPageSchema = z.object({ leads: z.array(adminLeadSummarySchema), nextCursor: nullable(z.string()) });
export type AdminLeadPage = z.infer<typeof adminLeadPageSchema>;

export const adminBookingSchema = z.object({
  id: z.string(),
  leadId: z.string(),
  repId: z.string(),
  repName: nullable(z.string()),
  meetingType: z.string(),
  start: instant,
  end: instant,
  status: z.enum(['confirmed', 'canceled']),
  sequence: z.number(),
  createdAt: instant,
  cancelReason: nullable(z.string()),
  canceledBy: nullable(z.string()),
  hostOutcome: nullable(z.enum(['held', 'no_show'])),
});
export type AdminBooking = z.infer<typeof adminBookingSchema>;

export const adminBookingPageSchema = z.object({ bookings: z.array(adminBookingSchema), nextCursor: nullable(z.string()) });
export type AdminBookingPage = z.infer<typeof adminBookingPageSchema>;

/**
 * One line of a lead's history. `kind`: `lead` (it came in), `assignment` (a turn taken or
 * given back), `booking` (made, moved, canceled, marked), `reassignment`, `timer` (an SLA
 * reminder, deadline or expiry, due or done), `delivery` (an email, webhook or calendar write).
 */
export const timelineEntrySchema = z.object({
  at: instant,
  kind: z.enum(['lead', 'assignment', 'booking', 'reassignment', 'timer', 'delivery']),
  /** A stable name: `lead.routed`, `turn.credited`, `booking.created`, `timer.breach`, `email`… */
  event: z.string(),
  /** Who or what it concerns: a rep id, a target, a reason. */
  detail: nullable(z.string()),
  /** Deliveries and timers: `pending`, `retrying`, `done`, `dead`, `due`. */
  status: nullable(z.string()),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** `GET /api/admin/leads/:id`. `trace` is the stored decision trace (`shared/records.ts` `DecisionTrace`). */
export const adminLeadDetailSchema = z.object({
  lead: z.extend(adminLeadSummarySchema, {
    answers: z.record(z.string(), z.string()),
    facts: z.record(z.string(), z.union([z.string(), z.boolean(), z.null()])),
    timezone: z.string(),
    locale: nullable(z.string()),
    candidateIds: z.array(z.string()),
    trace: z.unknown(),
    acceptedAt: nullable(instant),
  }),
  booking: nullable(adminBookingSchema),
  timeline: z.array(timelineEntrySchema),
  /** What the console may offer now. `reassignTo`: the team members who could take the lead. */
  actions: z.object({
    reassign: z.boolean(),
    reassignTo: z.array(z.string()),
    cancel: z.boolean(),
    markOutcome: z.boolean(),
  }),
});
export type AdminLeadDetail = z.infer<typeof adminLeadDetailSchema>;

/** `GET /api/admin/distribution`: the totals of the period, and per bucket the turns taken and given back. */
export const adminDistributionSchema = z.object({
  from: instant,
  to: instant,
  bucket: z.enum(['day', 'week']),
  spread: z.number(),
  teams: z.array(z.object({
    teamId: z.string(),
    strategy: z.string(),
    leads: z.number(),
    reps: z.array(z.object({
      repId: z.string(), name: z.string(), weight: z.number(), leads: z.number(), credited: z.number(),
      booked: z.number(), held: z.number(), noShow: z.number(), share: z.number(), targetShare: z.number(), deviation: z.number(),
    })),
    /** Oldest first; every bucket of the period, empty ones too. */
    series: z.array(z.object({ start: instant, reps: z.array(z.object({ repId: z.string(), leads: z.number(), credited: z.number() })) })),
  })),
});
export type AdminDistribution = z.infer<typeof adminDistributionSchema>;

/** Why a grid start is not bookable (SPEC §13), or `free`. */
export const startStates = [
  'free', 'notice', 'horizon', 'calendar_unavailable', 'time_off', 'outside_working_hours', 'override',
  'busy_booking', 'busy_calendar', 'buffer', 'day_cap',
] as const;
export type StartState = (typeof startStates)[number];

/** `GET /api/admin/availability?rep=|team=&date=&meetingType=`. */
export const adminAvailabilitySchema = z.object({
  date: z.string(),
  meetingType: z.string(),
  reps: z.array(z.object({
    repId: z.string(),
    name: z.string(),
    timezone: z.string(),
    /** Each grid start of the rep's local day, in order. */
    starts: z.array(z.object({
      start: instant,
      /** The rep's wall clock, `HH:mm`. */
      local: z.string(),
      state: z.enum(startStates),
      /** What blocks it: the booking's id, the calendar busy time's span, the cap's count. */
      detail: nullable(z.string()),
    })),
  })),
});
export type AdminAvailability = z.infer<typeof adminAvailabilitySchema>;

export const deliveryStates = ['pending', 'retrying', 'dead', 'done'] as const;

export const adminDeliverySchema = z.object({
  id: z.string(),
  kind: z.string(),
  event: z.string(),
  target: z.string(),
  bookingId: nullable(z.string()),
  state: z.enum(deliveryStates),
  attempts: z.number(),
  runAt: instant,
  createdAt: instant,
  lastError: nullable(z.string()),
});
export type AdminDelivery = z.infer<typeof adminDeliverySchema>;

/** `GET /api/admin/outbox?state=`: the deliveries of one state, newest first, and how many there are of each. */
export const adminOutboxSchema = z.object({
  counts: z.object({ pending: z.number(), retrying: z.number(), dead: z.number() }),
  jobs: z.array(adminDeliverySchema),
  nextCursor: nullable(z.string()),
});
export type AdminOutbox = z.infer<typeof adminOutboxSchema>;

/** `GET /api/admin/config`: the loaded config (calendar URLs cut to their origin) and what `usher check` says of it. */
export const adminConfigSchema = z.object({
  config: z.unknown(),
  warnings: z.array(z.string()),
});
export type AdminConfig = z.infer<typeof adminConfigSchema>;
