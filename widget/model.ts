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
import type { ApiError, ApiResult, UsherApi } from './api.ts';
import type { Emit } from './events.ts';
import { checkAnswer } from '../shared/answers.ts';
import { isTimeZone } from '../shared/zone.ts';
import { localDayKey } from './time.ts';

/**
 * The widget's whole state and every action on it, apart from any DOM, so the flow can
 * be tested with a fake api and the components stay render-only.
 *
 * Step order: loading → questions → (not_a_fit | no_availability | slots) → confirm →
 * booked. Any failed request moves to `error`; `retry()` goes back to the step that
 * failed and runs the same request again.
 *
 * Slots are shown a month at a time, one chosen day's times at once; `showMonth()` moves
 * the month and, when its times are not known yet, asks the server for them.
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
  /** The prospect's IANA zone, one the runtime knows; slots are grouped and shown in it. */
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
  /** Keeps the answers across a reload of the page (the tab's sessionStorage); none in tests unless given. */
  keep?: { read(): Record<string, string> | null; write(answers: Record<string, string> | null): void };
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
  /** Bookable slots grouped by local day in `timezone`. */
  readonly days: ReadonlySignal<readonly SlotDay[]>;
  /** The month the calendar shows, `YYYY-MM` in `timezone`. */
  readonly month: ReadonlySignal<string>;
  /** The day whose times are listed: the one the prospect chose, else the month's first with times. */
  readonly chosenDay: ReadonlySignal<SlotDay | null>;
  /** Slots are being fetched for the month shown. */
  readonly monthLoading: ReadonlySignal<boolean>;
  readonly selected: ReadonlySignal<Slot | null>;
  /** The slot the prospect chose was booked by someone else; `slots` holds fresh ones. */
  readonly slotTaken: ReadonlySignal<boolean>;
  readonly booking: ReadonlySignal<BookingResponse | null>;
  readonly error: ReadonlySignal<ApiError | null>;
  load(): Promise<void>;
  setAnswer(questionId: string, value: string): void;
  /** Sets several answers at once (an attached site form); ids the form lacks are ignored. */
  prefill(values: Readonly<Record<string, string>>): void;
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
  setTimezone(zone: string): void;
}

type ApiFailure = Extract<ApiResult<unknown>, { ok: false }>;

/**
 * Client-side checks with the server's own rules (`shared/answers.ts`), so an obvious
 * mistake costs no round trip. The widget words the two a person makes; anything else
 * (a stray control character, say) is left for the server's 422, which names it.
 */
function validate(questions: readonly QuestionView[], answers: Readonly<Record<string, string>>) {
  const errors: Record<string, FieldError> = {};
  for (const question of questions) {
    const checked = checkAnswer(question, answers[question.id]);
    if ('problem' in checked && (checked.problem === 'required' || checked.problem === 'email')) errors[question.id] = { code: checked.problem };
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

/** How far past the last known slot one request for more slots looks. */
const PAGE_MS = 14 * 24 * 3600_000;

/** 128 random bits; `crypto.randomUUID` would need a secure context, and host pages may be plain http. */
const randomKey = () => crypto.getRandomValues(new Uint32Array(4)).join('-');

/** Creates the state and actions of one widget instance for `formId`. */
export function createWidgetModel(options: WidgetModelOptions): WidgetModel {
  const { formId, api, locale, now = Date.now, newKey = randomKey, emit = () => {} } = options;
  const navigate = options.navigate ?? ((url: string) => location.assign(url));

  const step = signal<Step>('loading');
  const form = signal<FormView | null>(null);
  const answers = signal<Readonly<Record<string, string>>>({});
  const fieldErrors = signal<Readonly<Record<string, FieldError>>>({});
  const busy = signal(false);
  const notAFit = signal<NotAFit | null>(null);
  const noAvailabilityMessage = signal('');
  const lead = signal<Lead | null>(null);
  const slots = signal<readonly Slot[]>([]);
  const timezone = signal(options.timezone);
  const selected = signal<Slot | null>(null);
  const slotTaken = signal(false);
  const booking = signal<BookingResponse | null>(null);
  const error = signal<ApiError | null>(null);
  /** The server had nothing after the last known slot. */
  const exhausted = signal(false);

  // Grouping follows the zone's calendar, so a 23:30 UTC slot lands on the next day in
  // Kolkata and the same day in Los Angeles. Slots are kept sorted (see byStart).
  const days = computed(() => {
    const groups: SlotDay[] = [];
    for (const slot of slots.value) {
      if (Date.parse(slot.start) <= now()) continue;
      const key = localDayKey(slot.start, timezone.value);
      const last = groups[groups.length - 1];
      if (last?.key === key) last.slots.push(slot);
      else groups.push({ key, slots: [slot] });
    }
    return groups;
  });
  /** The month shown, when the prospect moved it; else the first day's month. */
  const pickedMonth = signal<string | null>(null);
  const pickedDay = signal<string | null>(null);
  const monthLoading = signal(false);
  /** Every slot before this instant is known (the server was asked up to here). */
  let coveredUntil = 0;
  const firstMonth = computed(() => days.value[0]?.key.slice(0, 7) ?? '');
  const month = computed(() => pickedMonth.value ?? firstMonth.value);
  const chosenDay = computed(() => {
    const inMonth = days.value.filter((day) => day.key.startsWith(month.value));
    return inMonth.find((day) => day.key === pickedDay.value) ?? inMonth[0] ?? null;
  });

  /** What `retry()` re-runs: the step to return to and the request that failed there. */
  let failed: { step: Step; run: () => Promise<void> } | null = null;
  /** The request that made the current lead: sending the same again shows its times, and takes no second turn. */
  let sentAs: string | null = null;

  /** Runs a request with `busy` set; a failure moves to `error`, from where `retry` runs it again. */
  async function request<T>(call: () => Promise<ApiResult<T>>, again: () => Promise<void>, handled?: (failure: ApiFailure) => boolean) {
    busy.value = true;
    const result = await call();
    busy.value = false;
    if (result.ok) return result.data;
    // A lead token expires (410): the answers are still here, so the form is fetched
    // again (its token is as old as the lead) and sending makes a fresh lead.
    if (result.status === 410) {
      sentAs = null;
      lead.value = null;
      void load();
    }
    else if (!handled?.(result)) {
      failed = { step: step.value, run: again };
      batch(() => {
        error.value = result.error;
        step.value = 'error';
      });
      emit('usher:error', { formId, code: result.error.code, message: result.error.message });
    }
  }

  function showSlots(fresh: readonly Slot[]): void {
    batch(() => {
      slots.value = byStart(fresh);
      selected.value = null;
      pickedDay.value = null;
      coveredUntil = 0;
      exhausted.value = false;
      step.value = fresh.length > 0 ? 'slots' : 'no_availability';
    });
    if (fresh.length > 0 && lead.value) void coverMonth(lead.value);
  }

  async function load(): Promise<void> {
    step.value = 'loading';
    const view = await request(() => api.getForm(formId, locale), load);
    if (!view) return;
    batch(() => {
      form.value = view;
      // Keep answers set before the form arrived (an attached site form prefills them),
      // else those kept from before a reload.
      const kept = options.keep?.read() ?? {};
      answers.value = Object.fromEntries(view.questions.map((q) => [q.id, answers.value[q.id] || (typeof kept[q.id] === 'string' ? kept[q.id]! : '')]));
      step.value = 'questions';
    });
    emit('usher:ready', { formId });
  }

  function setAnswer(questionId: string, value: string): void {
    batch(() => {
      answers.value = { ...answers.value, [questionId]: value };
      options.keep?.write(answers.value);
      const { [questionId]: _fixed, ...rest } = fieldErrors.value;
      fieldErrors.value = rest;
    });
  }

  function prefill(values: Readonly<Record<string, string>>): void {
    const known = form.value?.questions.map((q) => q.id);
    answers.value = { ...answers.value, ...Object.fromEntries(Object.entries(values).filter(([id]) => !known || known.includes(id))) };
  }

  let trap = '';
  function setTrap(value: string): void {
    trap = value;
  }

  async function submit(): Promise<void> {
    const view = form.value;
    if (!view || busy.value || step.value !== 'questions') return;
    const errors = validate(view.questions, answers.value);
    fieldErrors.value = errors;
    if (Object.keys(errors).length > 0) return;
    const sent: Record<string, string> = {};
    for (const [id, value] of Object.entries(answers.value)) if (value.trim()) sent[id] = value.trim();
    if (lead.value && sentAs === JSON.stringify(sent)) {
      step.value = days.value.length > 0 ? 'slots' : 'no_availability';
      return;
    }
    // The form token proves to the server that the form was fetched, and how long ago.
    await send(view, { answers: sent, timezone: timezone.value, locale: locale || undefined, formToken: view.formToken, website: trap || undefined, context: options.pageContext?.() });
  }

  async function send(view: FormView, body: SubmissionRequest): Promise<void> {
    const response = await request(() => api.submit(formId, body), () => send(view, body), (failure) => {
      // A 422 that names questions is shown on them; the prospect fixes and sends again.
      const errors = failure.status === 422 && issuesToFieldErrors(failure.error, view.questions);
      if (errors) fieldErrors.value = errors;
      return !!errors;
    });
    if (!response) return;
    // Identifiers only: the answers stay between the prospect and the server.
    emit('usher:submitted', { formId, outcome: response.outcome, ...(response.outcome !== 'disqualified' && { leadId: response.leadId }) });
    if (response.outcome === 'disqualified') {
      batch(() => {
        notAFit.value = response;
        step.value = 'not_a_fit';
      });
      emit('usher:disqualified', { formId, reason: response.reason });
      try {
        if (!response.page) navigate(response.redirectUrl);
      } catch {
        // The not_a_fit step still offers the link.
      }
    } else if (response.outcome === 'no_availability') {
      batch(() => {
        noAvailabilityMessage.value = response.message;
        step.value = 'no_availability';
      });
    } else {
      sentAs = JSON.stringify(body.answers);
      batch(() => {
        lead.value = response;
        showSlots(response.slots);
      });
    }
  }

  async function page(current: Lead, from: string, to: string): Promise<void> {
    const result = await request(() => api.slots(current, from, to), () => page(current, from, to));
    if (!result) return;
    const known = new Set(slots.value.map((s) => s.start));
    const fresh = result.slots.filter((s) => !known.has(s.start));
    batch(() => {
      slots.value = byStart([...slots.value, ...fresh]);
      exhausted.value = !fresh.length;
    });
  }

  async function showMonth(delta: number): Promise<void> {
    const current = lead.value;
    if (!current || step.value !== 'slots' || monthLoading.value) return;
    const [year, monthNumber] = month.value.split('-').map(Number) as [number, number];
    const next = new Date(Date.UTC(year, monthNumber - 1 + delta, 1)).toISOString().slice(0, 7);
    if (next < firstMonth.value) return;
    batch(() => {
      pickedMonth.value = next;
      pickedDay.value = null;
    });
    await coverMonth(current);
  }

  /**
   * Fetches on past the last known slot until the month shown is covered (or nothing is
   * left), so every day of it that has times is marked, not only the first days the
   * submission brought.
   */
  async function coverMonth(current: Lead): Promise<void> {
    if (monthLoading.value) return;
    const shown = month.value;
    // The month's end in the zone furthest ahead of UTC.
    const monthEnd = Date.UTC(Number(shown.slice(0, 4)), Number(shown.slice(5, 7)), 1) + 14 * 3600_000;
    monthLoading.value = true;
    try {
      while (!exhausted.value && step.value === 'slots') {
        const last = slots.value[slots.value.length - 1];
        const from = Math.max(coveredUntil, last ? Date.parse(last.start) + 1000 : 0, now());
        if (from >= monthEnd) break;
        // At most 30 days a request, as the API takes.
        const to = Math.min(from + 30 * 24 * 3600_000, Math.max(from + PAGE_MS, monthEnd));
        await page(current, new Date(from).toISOString(), new Date(to).toISOString());
        if (step.value === 'slots') coveredUntil = to;
      }
    } finally {
      monthLoading.value = false;
    }
  }

  function chooseDay(key: string): void {
    if (days.value.some((day) => day.key === key)) pickedDay.value = key;
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
    if (current && slot && !busy.value && step.value === 'confirm') await book(current, slot, newKey());
  }

  async function book(current: Lead, slot: Slot, key: string): Promise<void> {
    const booked = await request(() => api.book({ leadToken: current.leadToken, start: slot.start, timezone: timezone.value }, key), () => book(current, slot, key), (failure) => {
      if (failure.status !== 409 || failure.error.code !== 'slot_taken') return false;
      // The server sends what is still free; never offer the lost slot again.
      batch(() => {
        slotTaken.value = true;
        showSlots((failure.error.slots ?? []).filter((s) => s.start !== slot.start));
      });
      return true;
    });
    if (!booked) return;
    batch(() => {
      booking.value = booked;
      step.value = 'booked';
    });
    // Booked: nothing to come back to.
    options.keep?.write(null);
    emit('usher:booked', { formId, leadId: current.leadId, bookingId: booked.bookingId, start: booked.start });
  }

  function back(): void {
    if (busy.value) return;
    if (step.value === 'confirm') {
      batch(() => {
        selected.value = null;
        step.value = 'slots';
      });
    } else if (step.value === 'slots' || step.value === 'no_availability') {
      step.value = 'questions';
    }
  }

  async function restart(): Promise<void> {
    if (step.value !== 'error') return;
    failed = null;
    batch(() => {
      error.value = null;
      sentAs = null;
    });
    await load();
  }

  function pickAgain(): void {
    if (step.value !== 'error' || !lead.value) return;
    failed = null;
    batch(() => {
      error.value = null;
      selected.value = null;
      step.value = days.value.length > 0 ? 'slots' : 'no_availability';
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
    busy,
    notAFit,
    noAvailabilityMessage,
    lead,
    slots,
    timezone,
    days,
    month,
    chosenDay,
    monthLoading,
    selected,
    slotTaken,
    booking,
    error,
    load,
    setAnswer,
    prefill,
    setTrap,
    submit,
    showMonth,
    chooseDay,
    pickSlot,
    confirm,
    back,
    retry,
    restart,
    pickAgain,
    setTimezone,
  };
}
