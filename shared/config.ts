import { z } from 'zod';
import { conditionSchema } from './conditions.ts';
import { canonicalLocale, type LocalizedText } from './locale.ts';
import { isIanaZoneName } from './zone.ts';

/**
 * The whole of `usher.config.yaml` (SPEC §2). Unknown keys are errors everywhere, so a
 * typo never turns into a silently ignored setting. Cross references (teams → reps,
 * routes → teams, …) are checked after parsing, in server/config.
 */

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'ids use letters, digits, "_" and "-"');
const url = z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' });
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name');
const isoDate = z.iso.date({ message: 'expected a date as YYYY-MM-DD' });

/** A BCP 47 language tag, kept in canonical form (`de-at` → `de-AT`). */
export const localeTag = z.string().transform((tag, ctx) => {
  const canonical = canonicalLocale(tag);
  if (canonical !== null) return canonical;
  ctx.issues.push({ code: 'custom', message: `"${tag.slice(0, 40)}" is not a BCP 47 language tag`, input: tag });
  return z.NEVER;
});

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A prospect-facing text (SPEC §2): a plain string for every locale, or a map by BCP 47
 * tag with at least one entry (`{ en: Work email, de: Geschäftliche E-Mail }`). Keys come
 * out canonical. Checked by hand rather than as a zod union so each problem names its
 * key, and so a `__proto__` key is an error instead of silently dropped.
 */
export function localizedText(options: { allowEmpty?: boolean } = {}) {
  const check = (text: unknown) => typeof text === 'string' && (options.allowEmpty || text.length > 0);
  const expected = options.allowEmpty ? 'a text' : 'a non-empty text';
  return z.unknown().transform((value, ctx): LocalizedText => {
    if (check(value)) return value as string;
    if (!isPlainObject(value)) {
      ctx.issues.push({ code: 'custom', message: `expected ${expected}, or a map of texts by locale`, input: value });
      return z.NEVER;
    }
    const keys = Object.keys(value);
    if (keys.length === 0) ctx.issues.push({ code: 'custom', message: 'give the text in at least one locale', input: value });
    const texts: Record<string, string> = {};
    for (const key of keys) {
      const tag = canonicalLocale(key);
      if (tag === null) {
        ctx.issues.push({ code: 'custom', message: `"${key.slice(0, 40)}" is not a BCP 47 language tag`, path: [key], input: value });
      } else if (Object.hasOwn(texts, tag)) {
        ctx.issues.push({ code: 'custom', message: `locale "${tag}" is given twice`, path: [key], input: value });
      } else if (!check(value[key])) {
        ctx.issues.push({ code: 'custom', message: `expected ${expected}`, path: [key], input: value[key] });
      } else {
        texts[tag] = value[key] as string;
      }
    }
    return ctx.issues.length > 0 ? z.NEVER : texts;
  });
}

export const timeZone = z.string().refine(isIanaZoneName, {
  error: (issue) => `unknown time zone "${String(issue.input)}"`,
});

const clock = '([01]\\d|2[0-3]):[0-5]\\d';
/** "09:00-12:00"; "22:00-02:00" crosses local midnight; "24:00" ends a day. */
export const timeRange = z.string().refine(
  (value) => {
    const match = new RegExp(`^(${clock})-(${clock}|24:00)$`).exec(value);
    return match !== null && match[1] !== match[3];
  },
  { error: (issue) => `bad time range "${String(issue.input)}" (expected "HH:MM-HH:MM")` },
);

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
const dayKey = z.string().refine(
  (key) => key.split(',').every((part) => {
    const [from, to, ...rest] = part.trim().split('-');
    const known = (d: string | undefined) => d !== undefined && (WEEKDAYS as readonly string[]).includes(d);
    return rest.length === 0 && known(from) && (to === undefined || known(to));
  }),
  { error: (issue) => `bad day key "${String(issue.input)}" (expected mon..sun, a range like mon-fri, or a list like mon,wed)` },
);

export const meetingTypeSchema = z.strictObject({
  title: localizedText(),
  durationMinutes: z.number().int().min(5).max(24 * 60),
  slotStepMinutes: z.number().int().min(5).max(24 * 60).optional(),
  bufferBeforeMinutes: z.number().int().min(0).max(24 * 60).default(0),
  bufferAfterMinutes: z.number().int().min(0).max(24 * 60).default(0),
  minimumNoticeMinutes: z.number().int().min(0).default(0),
  horizonDays: z.number().int().min(1).max(365).default(14),
  maxPerRepPerDay: z.number().int().min(1).optional(),
  location: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('video'), url: z.string().min(1) }),
    z.strictObject({ kind: z.literal('phone'), number: z.string().optional() }),
    z.strictObject({ kind: z.literal('in_person'), address: z.string().min(1) }),
  ]).optional(),
  /** Reminder emails to the prospect, this many minutes before the start (SPEC §12). */
  reminders: z.array(z.number().int().min(5).max(30 * 24 * 60)).max(5)
    .refine((list) => new Set(list).size === list.length, { message: 'each reminder once' }).default([]),
  /** The host gets the reminders too. */
  remindHost: z.boolean().default(false),
});

/** Calendar apps hand out feeds as `webcal://` links; they are fetched over https. */
const feedUrl = z.url({ protocol: /^(https?|webcals?)$/, message: 'expected an http(s) or webcal URL' });

const calendarSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ics'), url: feedUrl }),
  z.strictObject({
    kind: z.literal('caldav'),
    url,
    username: z.string().min(1),
    passwordEnv: envName,
    writeBookings: z.boolean().default(false),
  }),
]);

/** How reps' calendars are read (SPEC §11); every key has a default. */
export const CALENDAR_SYNC_DEFAULTS = {
  refreshMinutes: 5,
  staleAfterMinutes: 30,
  onFailure: 'exclude',
  allDayEvents: 'block',
} as const;

const calendarSyncSchema = z.strictObject({
  refreshMinutes: z.number().int().min(1).max(24 * 60).default(CALENDAR_SYNC_DEFAULTS.refreshMinutes),
  /** No successful sync for this long: the source is failing. */
  staleAfterMinutes: z.number().int().min(1).max(7 * 24 * 60).default(CALENDAR_SYNC_DEFAULTS.staleAfterMinutes),
  /** `exclude` fails closed: a rep whose calendar cannot be read is never offered as free. */
  onFailure: z.enum(['exclude', 'ignore']).default(CALENDAR_SYNC_DEFAULTS.onFailure),
  allDayEvents: z.enum(['block', 'ignore']).default(CALENDAR_SYNC_DEFAULTS.allDayEvents),
}).refine((sync) => sync.staleAfterMinutes >= sync.refreshMinutes, {
  message: '`staleAfterMinutes` must be at least `refreshMinutes`, or every source would be failing between two syncs',
  path: ['staleAfterMinutes'],
});

export const WEBHOOK_EVENTS = [
  'lead.disqualified', 'lead.routed', 'booking.created',
  'booking.rescheduled', 'booking.canceled', 'lead.reassigned',
  'calendar.failing', 'calendar.recovered',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const repSchema = z.strictObject({
  id,
  name: z.string().min(1),
  email: z.email(),
  timezone: timeZone,
  workingHours: z.record(dayKey, z.array(timeRange)),
  weight: z.number().positive().default(1),
  languages: z.array(z.string().min(2)).default([]),
  maxMeetingsPerDay: z.number().int().min(1).optional(),
  timeOff: z.array(z.strictObject({ from: isoDate, to: isoDate })
    .refine((off) => off.from <= off.to, { message: '`from` must not be after `to`' })).default([]),
  overrides: z.array(z.strictObject({ date: isoDate, hours: z.array(timeRange) })).default([]),
  calendars: z.array(calendarSchema).default([]),
  /** When the rep joined: `sla.reassignTo: newest` gives a breached lead to the team's newest rep. */
  startedOn: isoDate.optional(),
});

export const teamSchema = z.strictObject({
  members: z.array(id).min(1),
  strategy: z.enum(['round_robin', 'balanced', 'priority']).default('balanced'),
  mode: z.enum(['pooled', 'assigned']).default('pooled'),
  window: z.number().int().min(1).max(365).default(30),
});

export const accountSchema = z.strictObject({
  name: z.string().min(1),
  domains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'expected a domain like globex.com')).min(1),
  owner: id,
});

export const questionSchema = z.strictObject({
  id,
  type: z.enum(['text', 'email', 'select', 'country', 'textarea', 'phone']),
  label: localizedText().optional(),
  required: z.boolean().default(false),
  /** Values that routing conditions compare, not texts: never translated. */
  options: z.array(z.string().min(1)).min(1).optional(),
  placeholder: localizedText({ allowEmpty: true }).optional(),
}).refine((q) => q.type !== 'select' || q.options !== undefined, {
  message: 'a select question needs `options`',
  path: ['options'],
});

const routeTargetSchema = z.union([
  z.strictObject({ team: id }),
  z.strictObject({ rep: id }),
  z.strictObject({ owner: z.literal(true), fallback: id }),
]);

const linkSchema = z.strictObject({ label: localizedText(), url });

/**
 * The friendly page for a disqualified prospect. Texts left out are Usher's own, in the
 * prospect's language (server/i18n), so an unset title is never English-only.
 */
const notAFitFields = {
  title: localizedText().optional(),
  message: localizedText({ allowEmpty: true }).optional(),
  links: z.array(linkSchema).optional(),
  redirectUrl: url.nullable().optional(),
};

export const disqualifiedSchema = z.strictObject({
  ...notAFitFields,
  /** Per qualify `reason`, what differs from the form's page (checked against `qualify`). */
  reasons: z.record(id, z.strictObject(notAFitFields)).default({}),
});

export const formSchema = z.strictObject({
  title: localizedText(),
  meetingType: id,
  questions: z.array(questionSchema).min(1),
  qualify: z.array(z.strictObject({
    when: conditionSchema,
    disqualify: z.strictObject({ reason: id }),
  })).default([]),
  routes: z.array(z.strictObject({ when: conditionSchema.optional(), to: routeTargetSchema })).min(1),
  disqualified: disqualifiedSchema.default({ reasons: {} }),
  /** Left out: Usher's own message in the prospect's language. */
  noAvailability: z.strictObject({ message: localizedText().optional() }).default({}),
  theme: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), z.string().regex(/^[^;{}<>]*$/)).default({}),
});

/** `Name <address>` or a bare address, on one line (it becomes the From header). */
const MAILBOX = /^(?:(?:[^<>",;:\r\n]+|"[^"\\\r\n]*") ?<[^\s<>@,;:"]+@[^\s<>@,;:"]+\.[^\s<>@,;:"]+>|[^\s<>@,;:"]+@[^\s<>@,;:"]+\.[^\s<>@,;:"]+)$/;

export const configSchema = z.strictObject({
  organization: z.strictObject({
    name: z.string().min(1),
    publicUrl: url,
    allowedOrigins: z.array(url).default([]),
    /** The fallback for texts and emails, and the language of the reps' emails. */
    locale: localeTag.default('en'),
    /** The zone the admin console reads dates in (`YYYY-MM-DD` filters, charts' days). */
    timezone: timeZone.default('UTC'),
    /** The sender of every email; absent: the organization's name at `no-reply@<publicUrl host>`. */
    mail: z.strictObject({
      from: z.string().regex(MAILBOX, 'expected an address like "Northwind <meetings@northwind.test>" or meetings@northwind.test'),
    }).optional(),
  }),
  meetingTypes: z.record(id, meetingTypeSchema),
  reps: z.array(repSchema).min(1),
  teams: z.record(id, teamSchema).default({}),
  accounts: z.array(accountSchema).default([]),
  accountsFile: z.string().optional(),
  forms: z.record(id, formSchema),
  routing: z.strictObject({
    /** A prospect who comes back (same email) within this many days goes to the rep they had; 0 = off. */
    stickyDays: z.number().int().min(0).max(365).default(30),
    /**
     * When a rotation turn is given back to the rep: the lead expired unbooked, its
     * booking was canceled, or the host marked a no-show. `[]` keeps every turn.
     */
    creditBack: z.array(z.enum(['unbooked', 'canceled', 'no_show'])).default(['unbooked', 'canceled', 'no_show']),
  }).default({ stickyDays: 30, creditBack: ['unbooked', 'canceled', 'no_show'] }),
  /**
   * Follow-up of leads routed to a rep without a booking (SPEC §12): accepted within
   * `acceptWithinMinutes` of the rep's working time, or reassigned by `reassignTo`.
   */
  sla: z.strictObject({
    acceptWithinMinutes: z.number().int().min(1).max(60 * 24 * 30),
    /** A reminder to the rep this many working minutes before the deadline. */
    remindBeforeMinutes: z.number().int().min(1).optional(),
    reassignTo: z.string().regex(/^(next|newest|team:[a-z0-9_-]+)$/i, 'expected next, newest or team:<id>'),
    maxReassignments: z.number().int().min(0).max(20).default(2),
    /** Accepted, but not touched (POST /api/leads/:id/touch) for this many days: reassigned too. */
    untouchedDays: z.number().int().min(1).max(365).optional(),
  }).refine((sla) => sla.remindBeforeMinutes === undefined || sla.remindBeforeMinutes < sla.acceptWithinMinutes, {
    message: '`remindBeforeMinutes` must be less than `acceptWithinMinutes`', path: ['remindBeforeMinutes'],
  }).optional(),
  limits: z.strictObject({
    submissionsPerIpPerMinute: z.number().int().min(0).default(20),
    bookingsPerIpPerMinute: z.number().int().min(0).default(20),
    submissionsPerEmailPerHour: z.number().int().min(0).default(10),
    /** Qualified leads without a booking, per email address, in 24 hours. */
    openLeadsPerEmailPerDay: z.number().int().min(0).default(5),
    /** A submission must come at least this long after the form was fetched; 0 = off. */
    minimumFillSeconds: z.number().int().min(0).max(600).default(2),
  }).default({
    submissionsPerIpPerMinute: 20, bookingsPerIpPerMinute: 20, submissionsPerEmailPerHour: 10,
    openLeadsPerEmailPerDay: 5, minimumFillSeconds: 2,
  }),
  calendarSync: calendarSyncSchema.default(CALENDAR_SYNC_DEFAULTS),
  webhooks: z.array(z.strictObject({
    url,
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
    secretEnv: envName,
  })).default([]),
  /**
   * Keys for `POST /api/leads` and `/touch` (SPEC §12): a name, and the environment
   * variable that holds the secret, so no secret is in the file.
   */
  apiKeys: z.array(z.strictObject({ id, secretEnv: envName }))
    .refine((keys) => new Set(keys.map((k) => k.id)).size === keys.length, { message: 'each api key id once' }).default([]),
});

export type Config = z.infer<typeof configSchema>;
export type MeetingType = z.infer<typeof meetingTypeSchema>;
export type Rep = z.infer<typeof repSchema>;
export type Team = z.infer<typeof teamSchema>;
export type Form = z.infer<typeof formSchema>;
export type Question = z.infer<typeof questionSchema>;
export type Disqualified = z.infer<typeof disqualifiedSchema>;
export type RouteTarget = z.infer<typeof routeTargetSchema>;
export type CalendarSourceConfig = z.infer<typeof calendarSchema>;
export type CalendarSync = z.infer<typeof calendarSyncSchema>;
