import * as z from 'zod/mini';

/**
 * Request and response bodies of the public HTTP API (SPEC §7), the one definition of
 * their shapes. The server validates requests with these schemas. The widget checks
 * responses against them too, but not by bundling zod: the build turns the response
 * schemas into JSON Schema (`scripts/response-schemas.ts`) that a small validator in the
 * widget applies, so a response shape is still written only here.
 */

const instant = z.iso.datetime({ offset: false });

/** A bookable slot; instants are UTC ISO 8601 with `Z`. */
export const slotSchema = z.object({ start: instant, end: instant });
export type Slot = z.infer<typeof slotSchema>;

export const questionViewSchema = z.object({
  id: z.string(),
  type: z.enum(['text', 'email', 'select', 'country', 'textarea', 'phone']),
  label: z.string(),
  required: z.boolean(),
  options: z.optional(z.array(z.string())),
  placeholder: z.optional(z.string()),
});
export type QuestionView = z.infer<typeof questionViewSchema>;

export const meetingViewSchema = z.object({ title: z.string(), durationMinutes: z.number() });
export type MeetingView = z.infer<typeof meetingViewSchema>;

/** `GET /api/forms/:formId`: what the widget needs to render, never rep data. */
export const formViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  organization: z.string(),
  meeting: meetingViewSchema,
  questions: z.array(questionViewSchema),
  theme: z.record(z.string(), z.string()),
  /** Sent back with the submission: proves the form was fetched, and when. */
  formToken: z.string(),
});
export type FormView = z.infer<typeof formViewSchema>;

const shortText = z.string().check(z.maxLength(2000));

export const submissionRequestSchema = z.object({
  answers: z.record(z.string().check(z.maxLength(64)), shortText),
  timezone: z.string().check(z.minLength(1), z.maxLength(64)),
  locale: z.optional(z.string().check(z.maxLength(35))),
  /** From `GET /api/forms/:formId`; required while `limits.minimumFillSeconds` is on. */
  formToken: z.optional(z.string().check(z.maxLength(100))),
  /** A field people never see and bots fill in: any value refuses the submission. */
  website: z.optional(z.string().check(z.maxLength(2000))),
  context: z.optional(z.object({
    pageUrl: z.optional(z.string().check(z.maxLength(2000))),
    referrer: z.optional(z.string().check(z.maxLength(2000))),
    utm: z.optional(z.object({
      source: z.optional(z.string().check(z.maxLength(200))),
      medium: z.optional(z.string().check(z.maxLength(200))),
      campaign: z.optional(z.string().check(z.maxLength(200))),
    })),
  })),
});
export type SubmissionRequest = z.infer<typeof submissionRequestSchema>;

export const hostSchema = z.object({ name: z.string() });

export const notAFitPageSchema = z.object({
  title: z.string(),
  message: z.string(),
  links: z.array(z.object({ label: z.string(), url: z.string() })),
});
export type NotAFitPage = z.infer<typeof notAFitPageSchema>;

export const submissionResponseSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('disqualified'),
    reason: z.string(),
    /** The configured redirect, or Usher's own friendly page for this form. */
    redirectUrl: z.string(),
    /** The friendly page's content, so the widget can show it in place; null when the
     * form redirects to the company's own page instead. */
    page: z.nullable(notAFitPageSchema),
  }),
  z.object({
    outcome: z.literal('schedule'),
    leadId: z.string(),
    leadToken: z.string(),
    meeting: meetingViewSchema,
    host: z.nullable(hostSchema),
    slots: z.array(slotSchema),
    timezone: z.string(),
  }),
  z.object({
    outcome: z.literal('no_availability'),
    leadId: z.string(),
    message: z.string(),
  }),
  /** A known prospect: this email has a live booking; its manage link was emailed, never returned (SPEC §12). */
  z.object({
    outcome: z.literal('already_booked'),
    booking: z.object({ start: z.string(), end: z.string(), host: hostSchema }),
    message: z.string(),
  }),
]);
export type SubmissionResponse = z.infer<typeof submissionResponseSchema>;

/** `GET /api/leads/:leadId/slots?from&to`: the lead's slots starting in `[from, to)`. */
export const slotsResponseSchema = z.object({ slots: z.array(slotSchema), timezone: z.string() });
export type SlotsResponse = z.infer<typeof slotsResponseSchema>;

/** The query of `GET /api/leads/:leadId/slots`: a range of slot starts, UTC instants with `Z`. */
export const slotsQuerySchema = z.object({ from: instant, to: instant });
export type SlotsQuery = z.infer<typeof slotsQuerySchema>;

export const bookingRequestSchema = z.object({
  leadToken: z.string().check(z.minLength(1), z.maxLength(200)),
  start: instant,
  /** The zone the prospect chose to see times in; invites and emails use it. */
  timezone: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});
export type BookingRequest = z.infer<typeof bookingRequestSchema>;

/**
 * Where the meeting takes place, as the meeting type says: a video call's link (with the
 * booking's id filled in), a phone call (the number, when the config names one), or an
 * address.
 */
export const meetingLocationSchema = z.union([
  z.object({ kind: z.literal('video'), url: z.string() }),
  z.object({ kind: z.literal('phone'), number: z.optional(z.string()) }),
  z.object({ kind: z.literal('in_person'), address: z.string() }),
]);
export type MeetingLocation = z.infer<typeof meetingLocationSchema>;

export const bookingResponseSchema = z.object({
  bookingId: z.string(),
  start: instant,
  end: instant,
  host: hostSchema,
  manageUrl: z.string(),
  icsUrl: z.string(),
  /** Absent when the meeting type names no location. */
  location: z.optional(meetingLocationSchema),
});
export type BookingResponse = z.infer<typeof bookingResponseSchema>;

/** `POST /api/leads/:leadId/manage-link`: the confirmation is on its way to the lead's address. */
export const manageLinkResponseSchema = z.object({ sent: z.boolean() });
export type ManageLinkResponse = z.infer<typeof manageLinkResponseSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
    slots: z.optional(z.array(slotSchema)),
    /** `already_booked`: the meeting's manage link, when the lead token could unseal it. */
    manageUrl: z.optional(z.string()),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * What the widget's first step reads of an error (the form could not be fetched): its
 * code and message. The steps after it read the whole `errorBodySchema`; the first
 * module carries only this, so not the slots' datetime pattern.
 */
export const errorSummarySchema = z.object({ error: z.pick(errorBodySchema.shape.error, { code: true, message: true }) });
