import { batch, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type {
  BookingResponse,
  FormView,
  MeetingView,
  NotAFitPage,
  Slot,
  SubmissionRequest,
} from '../shared/api.ts';
import type { ApiError, ApiResult, UsherApi } from './api.ts';
import type { Emit } from './events.ts';
import { notLoaded, scheduler } from './later.ts';
import type { Steps } from './model-steps.ts';

/** The times step's month view and zone picker (see `model-steps.ts`). */
export type Calendar = Steps['calendar'];

/**
 * The widget's whole state and every action on it, apart from any DOM, so the flow can
 * be tested with a fake api and the components stay render-only.
 *
 * Step order: loading → questions → (not_a_fit | no_availability | known | slots) → confirm →
 * booked. Any failed request moves to `error`; `retry()` goes back to the step that
 * failed and runs the same request again.
 *
 * Slots are shown a month at a time, one chosen day's times at once; `showMonth()` moves
 * the month and, when its times are not known yet, asks the server for them.
 *
 * This module holds the state and what the first step needs (loading the form, typing
 * answers). Every action after that lives in `model-steps.ts`, which travels in the
 * scheduler's module: the first load stays small, and the steps are fetched while the
 * prospect types (or, at the latest, on the first action that needs them).
 */
export type Step =
  | 'loading'
  | 'questions'
  | 'not_a_fit'
  | 'no_availability'
  /** A known prospect: this email has a meeting already, its link emailed (the message says). */
  | 'known'
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

/** What a reload of the page brings back: the answers, and where they led (see `resume` in `model-steps.ts`). */
export interface Kept {
  answers?: Record<string, string>;
  step?: KeptStep;
}

/** The times, confirm or booked step, with the lead that reached it. */
export interface KeptStep {
  at: 'slots' | 'confirm' | 'booked';
  lead: Lead;
  timezone: string;
  /** The answers the lead was made from, as sent (see `ModelState.sentAs`). */
  sentAs: string | null;
  /** The slot being confirmed. */
  start?: string;
  booking?: BookingResponse;
}

export interface WidgetModelOptions {
  formId: string;
  api: UsherApi;
  /**
   * The prospect's IANA zone, one the runtime knows; slots are grouped and shown in it.
   * Absent: the browser's, read with the steps (its first `Intl` call sets up zone data,
   * which the first step does not need).
   */
  timezone?: string;
  /** The prospect's BCP 47 locale. */
  locale: string;
  /** Page URL, referrer and UTM parameters, read when the answers are sent; defaults to the page's own. */
  pageContext?: () => SubmissionRequest['context'];
  /** Leaves the page for a disqualified prospect's redirect; defaults to `location.assign`. */
  navigate?: (url: string) => void;
  emit?: Emit;
  /** Epoch milliseconds; slots that have started by then are not offered. */
  now?: () => number;
  /** A fresh idempotency key for each booking attempt. */
  newKey?: () => string;
  /** Keeps the answers and the step across a reload of the page (the tab's sessionStorage); none in tests unless given. */
  keep?: { read(): Kept | null; write(kept: Kept): void };
}

export interface WidgetModel {
  readonly formId: string;
  readonly locale: string;
  readonly step: ReadonlySignal<Step>;
  readonly form: ReadonlySignal<FormView | null>;
  readonly answers: ReadonlySignal<Readonly<Record<string, string>>>;
  readonly fieldErrors: ReadonlySignal<Readonly<Record<string, FieldError>>>;
  /** A submission or booking is in flight. */
  readonly busy: ReadonlySignal<boolean>;
  readonly notAFit: ReadonlySignal<NotAFit | null>;
  /** The server's message when nobody can take the meeting; empty when it gave none. */
  readonly noAvailabilityMessage: ReadonlySignal<string>;
  readonly lead: ReadonlySignal<Lead | null>;
  readonly slots: ReadonlySignal<readonly Slot[]>;
  /** The zone slots are shown in. */
  readonly timezone: ReadonlySignal<string>;
  /** The month view (days with times, the month shown, the chosen day) and the zone picker: there from the first action after the questions. */
  readonly calendar: Calendar | undefined;
  /** Slots are being fetched for the month shown. */
  readonly monthLoading: ReadonlySignal<boolean>;
  readonly selected: ReadonlySignal<Slot | null>;
  /** The slot the prospect chose was booked by someone else; `slots` holds fresh ones. */
  readonly slotTaken: ReadonlySignal<boolean>;
  readonly booking: ReadonlySignal<BookingResponse | null>;
  /** "Email me my link" on an already booked request: not asked yet (''), sent, or failed. */
  readonly linkSent: ReadonlySignal<'' | 'sent' | 'failed'>;
  readonly error: ReadonlySignal<ApiError | null>;
  load(): Promise<void>;
  setAnswer(questionId: string, value: string): void;
  /** The hidden field only bots fill in; the server refuses a submission that has it. */
  setTrap(value: string): void;
  submit(): Promise<void>;
  /** Shows the month `delta` months on, fetching its times when they are not known yet; never before the first. */
  showMonth(delta: number): Promise<void>;
  /** Lists a day's times (`YYYY-MM-DD`); days without times are ignored. */
  chooseDay(key: string): void;
  pickSlot(start: string): void;
  confirm(): Promise<void>;
  /** One step back: confirm → times → answers (kept; unchanged answers bring back the same times). */
  back(): void;
  retry(): Promise<void>;
  /** From an error the prospect must act on: the form again with the answers kept, and a fresh form token. */
  restart(): Promise<void>;
  /** From a time no longer offered: back to the times. */
  pickAgain(): void;
  /** From `already_booked`: emails the booking's confirmation (and manage link) again. */
  sendLink(): Promise<void>;
  /** Shows the times in another zone (one the runtime knows; anything else is ignored). */
  setTimezone(zone: string): void;
}

type ApiFailure = Extract<ApiResult<unknown>, { ok: false }>;

/** What `retry()` re-runs: the step to return to and the request that failed there. */
interface Failed {
  step: Step;
  run: () => Promise<void>;
}

/** The state's signals (the views read them as the `WidgetModel`'s). */
type SignalName = 'step' | 'form' | 'answers' | 'fieldErrors' | 'busy' | 'notAFit' | 'noAvailabilityMessage' | 'lead' | 'slots'
  | 'timezone' | 'selected' | 'slotTaken' | 'booking' | 'linkSent' | 'error' | 'exhausted' | 'monthLoading';

/**
 * The model's writable state, shared with the steps in `model-steps.ts`. Not part of
 * the widget's surface: views read the `WidgetModel`.
 */
export interface ModelState {
  options: WidgetModelOptions;
  now: () => number;
  emit: Emit;
  step: Signal<Step>;
  form: Signal<FormView | null>;
  answers: Signal<Readonly<Record<string, string>>>;
  fieldErrors: Signal<Readonly<Record<string, FieldError>>>;
  busy: Signal<boolean>;
  notAFit: Signal<NotAFit | null>;
  noAvailabilityMessage: Signal<string>;
  lead: Signal<Lead | null>;
  slots: Signal<readonly Slot[]>;
  timezone: Signal<string>;
  selected: Signal<Slot | null>;
  slotTaken: Signal<boolean>;
  booking: Signal<BookingResponse | null>;
  linkSent: Signal<'' | 'sent' | 'failed'>;
  error: Signal<ApiError | null>;
  /** The server had nothing after the last known slot. */
  exhausted: Signal<boolean>;
  monthLoading: Signal<boolean>;
  /** Every slot before this instant is known (the server was asked up to here). */
  coveredUntil: number;
  /** The request that made the current lead: sending the same again shows its times, and takes no second turn. */
  sentAs: string | null;
  failed: Failed | null;
  /** Runs a request with `busy` set; a failure moves to `error`, from where `retry` runs it again. */
  request<T>(call: () => Promise<ApiResult<T>>, again: () => Promise<void>, handled?: (failure: ApiFailure) => boolean): Promise<T | undefined>;
  load(): Promise<void>;
}

/** Creates the state and actions of one widget instance for `formId`. */
export function createWidgetModel(options: WidgetModelOptions): WidgetModel {
  const { formId, api, locale, now = Date.now, emit = () => {} } = options;

  // The state the views read, once: the model hands the same signals out as they are.
  const signals: Pick<ModelState, SignalName> = {
    step: signal('loading'),
    form: signal(null),
    answers: signal({}),
    fieldErrors: signal({}),
    busy: signal(false),
    notAFit: signal(null),
    noAvailabilityMessage: signal(''),
    lead: signal(null),
    slots: signal([]),
    timezone: signal(options.timezone ?? 'UTC'),
    selected: signal(null),
    slotTaken: signal(false),
    booking: signal(null),
    linkSent: signal(''),
    error: signal(null),
    exhausted: signal(false),
    monthLoading: signal(false),
  };
  const state: ModelState = { ...signals, options, now, emit, coveredUntil: 0, sentAs: null, failed: null, request, load };
  const { step, form, answers, fieldErrors, busy, lead, error } = state;

  async function request<T>(call: () => Promise<ApiResult<T>>, again: () => Promise<void>, handled?: (failure: ApiFailure) => boolean) {
    busy.value = true;
    const result = await call();
    busy.value = false;
    if (result.ok) return result.data;
    // A lead token expires (410): the answers are still here, so the form is fetched
    // again (its token is as old as the lead) and sending makes a fresh lead.
    if (result.status === 410) {
      state.sentAs = null;
      lead.value = null;
      options.keep?.write({ answers: answers.value });
      void load();
    }
    else if (!handled?.(result)) fail(result.error, again);
    return undefined;
  }

  function fail(reason: ApiError, again: () => Promise<void>): void {
    state.failed = { step: step.value, run: again };
    batch(() => {
      error.value = reason;
      step.value = 'error';
    });
    emit('usher:error', { formId, code: reason.code, message: reason.message });
  }

  async function load(): Promise<void> {
    step.value = 'loading';
    const view = await request(() => api.getForm(formId, locale), load);
    if (!view) return;
    const kept = options.keep?.read();
    batch(() => {
      form.value = view;
      // The answers typed (when the form is fetched again), else those kept from before a reload.
      const before = kept?.answers ?? {};
      answers.value = Object.fromEntries(view.questions.map((q) => [q.id, answers.value[q.id] || (typeof before[q.id] === 'string' ? before[q.id]! : '')]));
      // A kept step is resumed below; the form waits on the loading step till then.
      step.value = kept?.step ? 'loading' : 'questions';
    });
    emit('usher:ready', { formId });
    // Where the prospect was before a reload of the page, if past the questions.
    if (kept?.step) void later((ready) => ready.resume(kept.step!));
  }

  function setAnswer(questionId: string, value: string): void {
    batch(() => {
      answers.value = { ...answers.value, [questionId]: value };
      // Typing is on the questions step: what is kept is the answers, no step after them.
      options.keep?.write({ answers: answers.value });
      const { [questionId]: _fixed, ...rest } = fieldErrors.value;
      fieldErrors.value = rest;
    });
  }

  let trap = '';

  let steps: Steps | undefined;
  let fetching: Promise<Steps> | undefined;
  /** The steps' module, fetched once; a failed fetch is an error to retry like a request. */
  async function later(run: (ready: Steps) => unknown): Promise<void> {
    // Once here, the action starts at once (a second click sees the first one busy).
    if (!steps) {
      try {
        steps = await (fetching ??= scheduler().then(async (module) => {
          // Steps show words of their own: those come first.
          await module.loadLaterWords(locale);
          return module.stepsOf(state, () => trap);
        }));
      } catch (reason) {
        fetching = undefined;
        fail(notLoaded(reason), () => later(run));
        return;
      }
    }
    await run(steps);
  }

  async function retry(): Promise<void> {
    const { failed } = state;
    if (step.value !== 'error' || !failed) return;
    state.failed = null;
    batch(() => {
      error.value = null;
      step.value = failed.step;
    });
    await failed.run();
  }

  return {
    ...signals,
    formId,
    locale,
    // Made with the steps: nothing reads it before there are times.
    get calendar() {
      return steps?.calendar;
    },
    load,
    setAnswer,
    setTrap(value) {
      trap = value;
    },
    submit: () => later((ready) => ready.submit()),
    showMonth: (delta) => later((ready) => ready.showMonth(delta)),
    confirm: () => later((ready) => ready.confirm()),
    // Only the steps' own views call these, so the module is here by then.
    chooseDay: (key) => steps?.chooseDay(key),
    pickSlot: (start) => steps?.pickSlot(start),
    back: () => steps?.back(),
    pickAgain: () => steps?.pickAgain(),
    sendLink: () => later((ready) => ready.sendLink()),
    retry,
    restart: () => later((ready) => ready.restart()),
    setTimezone: (zone) => steps?.setTimezone(zone),
  };
}
