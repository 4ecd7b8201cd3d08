import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type {
  BookingResponse,
  FormView,
  MeetingView,
  NotAFitPage,
  QuestionView,
  Slot,
  SubmissionRequest,
} from '../shared/api.ts';
import type { ApiError, UsherApi } from './api.ts';
import type { Emit } from './events.ts';
import { isTimeZone, localDayKey } from './time.ts';

/**
 * The widget's whole state and every action on it, apart from any DOM, so the flow can
 * be tested with a fake api and the components stay render-only.
 *
 * Step order: loading → questions → (not_a_fit | no_availability | slots) → confirm →
 * booked. Any failed request moves to `error`; `retry()` goes back to the step that
 * failed and runs the same request again.
 */
export type Step =
  | 'loading'
  | 'questions'
  | 'not_a_fit'
  | 'no_availability'
  | 'slots'
  | 'confirm'
  | 'booked'
  | 'error';

/** `required` and `email` are found by the widget, `invalid` comes from the server's 422. */
export type FieldError = { code: 'required' | 'email' } | { code: 'invalid'; message: string };

/** The qualified lead a schedule answer created. */
export interface Lead {
  leadId: string;
  leadToken: string;
  meeting: MeetingView;
  /** The assigned rep, or null when the rep is chosen at booking time (pooled mode). */
  host: { name: string } | null;
}

/** Slots starting on one local day, in start order. */
export interface SlotDay {
  /** The local date, `YYYY-MM-DD`, in the display zone. */
  key: string;
  slots: Slot[];
}

export interface NotAFit {
  /** Content to show in place, or null when the prospect is sent to `redirectUrl`. */
  page: NotAFitPage | null;
  redirectUrl: string;
}

export interface WidgetModelOptions {
  formId: string;
  api: UsherApi;
  /** The prospect's IANA zone; slots are grouped and shown in it. */
  timezone: string;
  /** The prospect's BCP 47 locale. */
  locale: string;
  /** Page URL, referrer and UTM parameters, read when the answers are sent. */
  pageContext?: () => SubmissionRequest['context'];
  /** Leaves the page for a disqualified prospect's redirect; defaults to `location.assign`. */
  navigate?: (url: string) => void;
  emit?: Emit;
  /** Epoch milliseconds; slots that have started by then are not offered. */
  now?: () => number;
  /** A fresh idempotency key for each booking attempt. */
  newKey?: () => string;
}

export interface WidgetModel {
  readonly formId: string;
  readonly locale: string;
  readonly step: ReadonlySignal<Step>;
  readonly form: ReadonlySignal<FormView | null>;
  readonly answers: ReadonlySignal<Readonly<Record<string, string>>>;
  readonly fieldErrors: ReadonlySignal<Readonly<Record<string, FieldError>>>;
  /** Counts submissions stopped by field errors, so the view can focus the first one. */
  readonly invalidAttempts: ReadonlySignal<number>;
  /** A submission or booking is in flight. */
  readonly busy: ReadonlySignal<boolean>;
  readonly notAFit: ReadonlySignal<NotAFit | null>;
  /** The server's message when nobody can take the meeting; empty when it gave none. */
  readonly noAvailabilityMessage: ReadonlySignal<string>;
  readonly lead: ReadonlySignal<Lead | null>;
  readonly slots: ReadonlySignal<readonly Slot[]>;
  /** The zone slots are shown in. */
  readonly timezone: ReadonlySignal<string>;
  /** Bookable slots grouped by local day in `timezone`. */
  readonly days: ReadonlySignal<readonly SlotDay[]>;
  readonly selected: ReadonlySignal<Slot | null>;
  /** The slot the prospect chose was booked by someone else; `slots` holds fresh ones. */
  readonly slotTaken: ReadonlySignal<boolean>;
  readonly booking: ReadonlySignal<BookingResponse | null>;
  readonly error: ReadonlySignal<ApiError | null>;
  load(): Promise<void>;
  setAnswer(questionId: string, value: string): void;
  submit(): Promise<void>;
  pickSlot(start: string): void;
  confirm(): Promise<void>;
  back(): void;
  retry(): Promise<void>;
  setTimezone(zone: string): void;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Client-side checks, so an obvious mistake costs no round trip. */
function validate(questions: readonly QuestionView[], answers: Readonly<Record<string, string>>) {
  const errors: Record<string, FieldError> = {};
  for (const question of questions) {
    const value = answers[question.id]?.trim() ?? '';
    if (value === '') {
      if (question.required) errors[question.id] = { code: 'required' };
    } else if (question.type === 'email' && !EMAIL.test(value)) {
      errors[question.id] = { code: 'email' };
    }
  }
  return errors;
}

/** Maps a 422's `answers.<id>` issues onto questions; null when none names a question. */
function issuesToFieldErrors(error: ApiError, questions: readonly QuestionView[]) {
  const errors: Record<string, FieldError> = {};
  for (const issue of error.issues ?? []) {
    const id = issue.path.replace(/^answers\./, '');
    if (questions.some((q) => q.id === id) && !errors[id]) errors[id] = { code: 'invalid', message: issue.message };
  }
  return Object.keys(errors).length > 0 ? errors : null;
}

const byStart = (slots: readonly Slot[]) => [...slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));

function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Creates the state and actions of one widget instance for `formId`. */
export function createWidgetModel(options: WidgetModelOptions): WidgetModel {
  const { formId, api, locale } = options;
  const emit: Emit = options.emit ?? (() => {});
  const navigate = options.navigate ?? ((url: string) => location.assign(url));
  const now = options.now ?? Date.now;
  const newKey = options.newKey ?? randomKey;

  const step = signal<Step>('loading');
  const form = signal<FormView | null>(null);
  const answers = signal<Readonly<Record<string, string>>>({});
  const fieldErrors = signal<Readonly<Record<string, FieldError>>>({});
  const invalidAttempts = signal(0);
  const busy = signal(false);
  const notAFit = signal<NotAFit | null>(null);
  const noAvailabilityMessage = signal('');
  const lead = signal<Lead | null>(null);
  const slots = signal<readonly Slot[]>([]);
  const timezone = signal(isTimeZone(options.timezone) ? options.timezone : 'UTC');
  const selected = signal<Slot | null>(null);
  const slotTaken = signal(false);
  const booking = signal<BookingResponse | null>(null);
  const error = signal<ApiError | null>(null);

  // Grouping follows the zone's calendar, so a 23:30 UTC slot lands on the next day in
  // Kolkata and the same day in Los Angeles. Slots arrive sorted (see byStart).
  const days = computed(() => {
    const zone = timezone.value;
    const cutoff = now();
    const groups: SlotDay[] = [];
    for (const slot of slots.value) {
      if (Date.parse(slot.start) <= cutoff) continue;
      const key = localDayKey(slot.start, zone);
      const last = groups[groups.length - 1];
      if (last?.key === key) last.slots.push(slot);
      else groups.push({ key, slots: [slot] });
    }
    return groups;
  });

  /** What `retry()` re-runs: the step to return to and the request that failed there. */
  let failed: { step: Step; run: () => Promise<void> } | null = null;

  function fail(cause: ApiError, run: () => Promise<void>): void {
    failed = { step: step.value, run };
    batch(() => {
      busy.value = false;
      error.value = cause;
      step.value = 'error';
    });
    emit('usher:error', { formId, code: cause.code, message: cause.message });
  }

  function showSlots(fresh: readonly Slot[]): void {
    slots.value = byStart(fresh);
    selected.value = null;
    step.value = fresh.length > 0 ? 'slots' : 'no_availability';
  }

  async function load(): Promise<void> {
    step.value = 'loading';
    const result = await api.getForm(formId);
    if (!result.ok) return fail(result.error, load);
    const view = result.data;
    batch(() => {
      form.value = view;
      // Keep answers set before the form arrived (a later `attach` prefills them).
      answers.value = Object.fromEntries(view.questions.map((q) => [q.id, answers.value[q.id] ?? '']));
      step.value = 'questions';
    });
    emit('usher:ready', { formId });
  }

  function setAnswer(questionId: string, value: string): void {
    batch(() => {
      answers.value = { ...answers.value, [questionId]: value };
      if (fieldErrors.value[questionId]) {
        const rest = { ...fieldErrors.value };
        delete rest[questionId];
        fieldErrors.value = rest;
      }
    });
  }

  async function submit(): Promise<void> {
    const view = form.value;
    if (!view || busy.value || step.value !== 'questions') return;
    const errors = validate(view.questions, answers.value);
    fieldErrors.value = errors;
    if (Object.keys(errors).length > 0) {
      invalidAttempts.value++;
      return;
    }
    const sent: Record<string, string> = {};
    for (const [id, value] of Object.entries(answers.value)) {
      if (value.trim() !== '') sent[id] = value.trim();
    }
    await send(view, {
      answers: sent,
      timezone: timezone.value,
      locale: locale || undefined,
      context: options.pageContext?.(),
    });
  }

  async function send(view: FormView, request: SubmissionRequest): Promise<void> {
    busy.value = true;
    const result = await api.submit(formId, request);
    if (!result.ok) {
      const errors = result.status === 422 ? issuesToFieldErrors(result.error, view.questions) : null;
      if (!errors) return fail(result.error, () => send(view, request));
      batch(() => {
        busy.value = false;
        fieldErrors.value = errors;
        invalidAttempts.value++;
      });
      return;
    }
    const response = result.data;
    busy.value = false;
    // Identifiers only: the answers stay between the prospect and the server.
    emit('usher:submitted', response.outcome === 'disqualified'
      ? { formId, outcome: response.outcome }
      : { formId, outcome: response.outcome, leadId: response.leadId });

    if (response.outcome === 'disqualified') {
      batch(() => {
        notAFit.value = { page: response.page, redirectUrl: response.redirectUrl };
        step.value = 'not_a_fit';
      });
      emit('usher:disqualified', { formId, reason: response.reason });
      if (response.page === null) {
        try {
          navigate(response.redirectUrl);
        } catch {
          // The not_a_fit step still offers the link.
        }
      }
    } else if (response.outcome === 'no_availability') {
      batch(() => {
        noAvailabilityMessage.value = response.message;
        step.value = 'no_availability';
      });
    } else {
      const { leadId, leadToken, meeting, host } = response;
      batch(() => {
        lead.value = { leadId, leadToken, meeting, host };
        showSlots(response.slots);
      });
    }
  }

  function pickSlot(start: string): void {
    const slot = slots.value.find((s) => s.start === start);
    if (!slot || step.value !== 'slots') return;
    batch(() => {
      selected.value = slot;
      slotTaken.value = false;
      step.value = 'confirm';
    });
  }

  async function confirm(): Promise<void> {
    const current = lead.value;
    const slot = selected.value;
    if (!current || !slot || busy.value || step.value !== 'confirm') return;
    await book(current, slot, newKey());
  }

  async function book(current: Lead, slot: Slot, key: string): Promise<void> {
    busy.value = true;
    const result = await api.book({ leadToken: current.leadToken, start: slot.start }, key);
    if (result.ok) {
      const booked = result.data;
      batch(() => {
        busy.value = false;
        booking.value = booked;
        step.value = 'booked';
      });
      emit('usher:booked', { formId, leadId: current.leadId, bookingId: booked.bookingId, start: booked.start });
      return;
    }
    if (result.status === 409 && result.error.code === 'slot_taken') {
      // The server sends what is still free; never offer the lost slot again.
      const fresh = (result.error.slots ?? []).filter((s) => s.start !== slot.start);
      batch(() => {
        busy.value = false;
        slotTaken.value = true;
        showSlots(fresh);
      });
      return;
    }
    fail(result.error, () => book(current, slot, key));
  }

  function back(): void {
    if (busy.value || step.value !== 'confirm') return;
    batch(() => {
      selected.value = null;
      step.value = 'slots';
    });
  }

  async function retry(): Promise<void> {
    if (step.value !== 'error' || !failed) return;
    const { step: from, run } = failed;
    failed = null;
    batch(() => {
      error.value = null;
      step.value = from;
    });
    await run();
  }

  function setTimezone(zone: string): void {
    if (isTimeZone(zone)) timezone.value = zone;
  }

  return {
    formId,
    locale,
    step,
    form,
    answers,
    fieldErrors,
    invalidAttempts,
    busy,
    notAFit,
    noAvailabilityMessage,
    lead,
    slots,
    timezone,
    days,
    selected,
    slotTaken,
    booking,
    error,
    load,
    setAnswer,
    submit,
    pickSlot,
    confirm,
    back,
    retry,
    setTimezone,
  };
}
