import { batch, computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { checkAnswer } from '../shared/answers.ts';
import { isTimeZone } from '../shared/zone.ts';
import type { FormView, QuestionView, Slot, SubmissionRequest } from '../shared/api.ts';
import type { ApiError } from './api.ts';
import type { FieldError, KeptStep, Lead, ModelState, SlotDay } from './model.ts';
import { localDayKey } from './time.ts';
import { pageContext } from './context.ts';
import { bestZone, browserZone, searchZones, zoneChoice, zoneChoices, type ZoneChoice } from './zones.ts';

/**
 * The widget's actions after the questions: sending the answers, paging through the
 * months, booking, and stepping back. They act on the state `model.ts` made, and travel
 * in the scheduler's module (see `model.ts`).
 */
export type Steps = ReturnType<typeof stepsOf>;

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

/** The steps of one widget, on its state; `trap` reads the bots' hidden field. */
export function stepsOf(state: ModelState, trap: () => string) {
  const { options, now, emit, step, form, answers, fieldErrors, busy, lead, slots, timezone, selected, exhausted, request } = state;
  const { formId, api, locale, newKey = randomKey } = options;
  const navigate = options.navigate ?? ((url: string) => location.assign(url));
  if (!options.timezone) timezone.value = browserZone();

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
  const firstMonth = computed(() => days.value[0]?.key.slice(0, 7) ?? '');
  const month = computed(() => pickedMonth.value ?? firstMonth.value);
  const chosenDay = computed(() => {
    const inMonth = days.value.filter((day) => day.key.startsWith(month.value));
    return inMonth.find((day) => day.key === pickedDay.value) ?? inMonth[0] ?? null;
  });

  // The zone picker: the chosen zone alone until the prospect reaches for the picker,
  // then every zone (see zoneChoices), narrowed by the search and grouped by offset.
  const zoneQuery = signal('');
  const zoneList = signal<readonly ZoneChoice[] | null>(null);
  const zoneMatches = computed(() => {
    const current = timezone.value;
    return searchZones(zoneList.value ?? [zoneChoice(current, locale, now())], zoneQuery.value, current);
  });
  const zoneGroups = computed(() => {
    const groups: { group: string; choices: ZoneChoice[] }[] = [];
    for (const choice of zoneMatches.value) {
      const last = groups[groups.length - 1];
      if (last?.group === choice.group) last.choices.push(choice);
      else groups.push({ group: choice.group, choices: [choice] });
    }
    return groups;
  });

  function showSlots(fresh: readonly Slot[]): void {
    batch(() => {
      slots.value = byStart(fresh);
      selected.value = null;
      pickedDay.value = null;
      state.coveredUntil = 0;
      exhausted.value = false;
      step.value = fresh.length > 0 ? 'slots' : 'no_availability';
    });
    if (fresh.length > 0 && lead.value) void coverMonth(lead.value);
  }

  // Where the prospect is, kept for a reload of the page as it changes: the times, the
  // time being confirmed, or the booking (with only the address the invitation went to:
  // the other answers are not kept once booked). Back on the questions, only the
  // answers (typing keeps those); before a lead, nothing here.
  effect(() => {
    const at = step.value;
    const current = lead.value;
    const booking = state.booking.value;
    if (!current || (at !== 'questions' && at !== 'slots' && at !== 'confirm' && at !== 'booked')) return;
    const all = answers.peek();
    const email = form.peek()?.questions.find((q) => q.type === 'email')?.id;
    options.keep?.write(at === 'questions' ? { answers: all } : {
      answers: at !== 'booked' ? all : email ? { [email]: all[email] ?? '' } : {},
      step: {
        at, timezone: timezone.value, sentAs: at === 'booked' ? null : state.sentAs, start: selected.value?.start, booking: booking ?? undefined,
        lead: { leadId: current.leadId, leadToken: current.leadToken, meeting: current.meeting, host: current.host },
      },
    });
  });

  /** The answers alone, for the next reload: the step kept with them has no way back. */
  const forget = () => options.keep?.write({ answers: answers.peek() });

  /**
   * Back where `kept` was, after a reload (the form waits on the loading step meanwhile):
   * the booking as it was until the meeting ends, or the lead's times fetched afresh (and
   * the time being confirmed, if it is still free). A lead the server no longer takes
   * (expired, unknown) is forgotten and the questions come back with their answers; when
   * the server cannot be reached, trying again resumes.
   */
  async function resume(kept: KeptStep): Promise<void> {
    const restore = () => {
      if (isTimeZone(kept.timezone)) timezone.value = kept.timezone;
      state.sentAs = kept.sentAs;
      lead.value = kept.lead;
    };
    if (kept.at === 'booked') {
      const booking = kept.booking;
      batch(() => {
        if (booking && Date.parse(booking.end) > now()) {
          restore();
          state.booking.value = booking;
          step.value = 'booked';
        } else {
          forget();
          step.value = 'questions';
        }
      });
      return;
    }
    step.value = 'loading';
    const from = now();
    const result = await request(async () => {
      const fetched = await api.slots(kept.lead, new Date(from).toISOString(), new Date(from + PAGE_MS).toISOString());
      if (!fetched.ok && fetched.status !== 0) forget();
      return fetched;
    }, () => resume(kept));
    if (!result) return;
    batch(() => {
      restore();
      showSlots(result.slots);
      const slot = slots.value.find((s) => s.start === kept.start);
      if (kept.at === 'confirm' && slot) {
        selected.value = slot;
        step.value = 'confirm';
      }
    });
  }

  async function submit(): Promise<void> {
    const view = form.value;
    if (!view || busy.value || step.value !== 'questions') return;
    const errors = validate(view.questions, answers.value);
    fieldErrors.value = errors;
    if (Object.keys(errors).length > 0) return;
    const sent: Record<string, string> = {};
    for (const [id, value] of Object.entries(answers.value)) if (value.trim()) sent[id] = value.trim();
    if (lead.value && state.sentAs === JSON.stringify(sent)) {
      step.value = days.value.length > 0 ? 'slots' : 'no_availability';
      return;
    }
    // The form token proves to the server that the form was fetched, and how long ago.
    await send(view, { answers: sent, timezone: timezone.value, locale: locale || undefined, formToken: view.formToken, website: trap() || undefined, context: (options.pageContext ?? pageContext)() });
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
    emit('usher:submitted', { formId, outcome: response.outcome, ...('leadId' in response && { leadId: response.leadId }) });
    if (response.outcome === 'disqualified') {
      batch(() => {
        state.notAFit.value = response;
        step.value = 'not_a_fit';
      });
      emit('usher:disqualified', { formId, reason: response.reason });
      try {
        if (!response.page) navigate(response.redirectUrl);
      } catch {
        // The not_a_fit step still offers the link.
      }
    } else if (response.outcome !== 'schedule') {
      batch(() => {
        state.noAvailabilityMessage.value = response.message;
        step.value = response.outcome === 'no_availability' ? 'no_availability' : 'known';
      });
    } else {
      state.sentAs = JSON.stringify(body.answers);
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
    if (!current || step.value !== 'slots' || state.monthLoading.value) return;
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
    const { monthLoading } = state;
    if (monthLoading.value) return;
    const shown = month.value;
    // The month's end in the zone furthest ahead of UTC.
    const monthEnd = Date.UTC(Number(shown.slice(0, 4)), Number(shown.slice(5, 7)), 1) + 14 * 3600_000;
    monthLoading.value = true;
    try {
      while (!exhausted.value && step.value === 'slots') {
        const last = slots.value[slots.value.length - 1];
        const from = Math.max(state.coveredUntil, last ? Date.parse(last.start) + 1000 : 0, now());
        if (from >= monthEnd) break;
        // At most 30 days a request, as the API takes.
        const to = Math.min(from + 30 * 24 * 3600_000, Math.max(from + PAGE_MS, monthEnd));
        await page(current, new Date(from).toISOString(), new Date(to).toISOString());
        if (step.value === 'slots') state.coveredUntil = to;
      }
    } finally {
      monthLoading.value = false;
    }
  }

  async function book(current: Lead, slot: Slot, key: string): Promise<void> {
    const booked = await request(() => api.book({ leadToken: current.leadToken, start: slot.start, timezone: timezone.value }, key), () => book(current, slot, key), (failure) => {
      if (failure.status !== 409 || failure.error.code !== 'slot_taken') return false;
      // The server sends what is still free; never offer the lost slot again.
      batch(() => {
        state.slotTaken.value = true;
        showSlots((failure.error.slots ?? []).filter((s) => s.start !== slot.start));
      });
      return true;
    });
    if (!booked) return;
    batch(() => {
      state.booking.value = booked;
      step.value = 'booked';
    });
    emit('usher:booked', { formId, leadId: current.leadId, bookingId: booked.bookingId, start: booked.start });
  }

  return {
    calendar: {
      /** Bookable slots grouped by local day in the zone shown. */
      days: days as ReadonlySignal<readonly SlotDay[]>,
      /** The month shown, `YYYY-MM` in that zone. */
      month: month as ReadonlySignal<string>,
      /** The day whose times are listed: the one the prospect chose, else the month's first with times. */
      chosenDay: chosenDay as ReadonlySignal<SlotDay | null>,
      zones: {
        /** The zones to offer, grouped by offset, west to east. */
        groups: zoneGroups as ReadonlySignal<readonly { group: string; choices: readonly ZoneChoice[] }[]>,
        query: zoneQuery as ReadonlySignal<string>,
        /** Makes the whole list: the prospect is about to open or search it. */
        list(): void {
          zoneList.value = zoneChoices(timezone.value, locale, now());
        },
        search(query: string): void {
          zoneList.value ??= zoneChoices(timezone.value, locale, now());
          zoneQuery.value = query;
        },
        /** Enter in the search: the zone it most likely means (see bestZone), other than the one shown. */
        pickBest(): void {
          const found = bestZone(zoneList.value ?? [], zoneQuery.value, timezone.value);
          if (found) timezone.value = found.id;
        },
      },
    },
    submit,
    resume,
    showMonth,
    chooseDay(key: string): void {
      if (days.value.some((day) => day.key === key)) pickedDay.value = key;
    },
    pickSlot(start: string): void {
      const slot = slots.value.find((s) => s.start === start);
      if (!slot || step.value !== 'slots') return;
      batch(() => {
        selected.value = slot;
        state.slotTaken.value = false;
        step.value = 'confirm';
      });
    },
    async confirm(): Promise<void> {
      const current = lead.value;
      const slot = selected.value;
      if (current && slot && !busy.value && step.value === 'confirm') await book(current, slot, newKey());
    },
    back(): void {
      if (busy.value) return;
      if (step.value === 'confirm') {
        batch(() => {
          selected.value = null;
          step.value = 'slots';
        });
      } else if (step.value === 'slots' || step.value === 'no_availability' || step.value === 'known') {
        step.value = 'questions';
      }
    },
    setTimezone(zone: string): void {
      if (isTimeZone(zone)) timezone.value = zone;
    },
    /** From an error the prospect must act on: the form again with the answers kept, and a fresh form token. */
    async restart(): Promise<void> {
      if (step.value !== 'error') return;
      state.failed = null;
      state.sentAs = null;
      state.error.value = null;
      // The form again means a new lead: a reload must not bring the old step back.
      forget();
      await state.load();
    },
    async sendLink(): Promise<void> {
      const current = lead.value;
      if (!current || busy.value || state.error.value?.code !== 'already_booked') return;
      const { linkSent } = state;
      // A failure stays on this step (its own message), never a new error step.
      const sent = await request(() => api.sendLink(current), () => Promise.resolve(), () => !!(linkSent.value = 'failed'));
      if (sent) linkSent.value = 'sent';
    },
    pickAgain(): void {
      if (step.value !== 'error' || !lead.value) return;
      state.failed = null;
      batch(() => {
        state.error.value = null;
        selected.value = null;
        step.value = days.value.length > 0 ? 'slots' : 'no_availability';
      });
    },
  };
}
