import { describe, expect, it } from 'vitest';
import type {
  BookingRequest,
  BookingResponse,
  FormView,
  ManageLinkResponse,
  Slot,
  SlotsResponse,
  SubmissionRequest,
  SubmissionResponse,
} from '../../shared/api.ts';
import type { ApiError, ApiResult, UsherApi } from '../../widget/api.ts';
import type { UsherEventName, UsherEvents } from '../../widget/events.ts';
import { createWidgetModel, type Kept, type WidgetModelOptions } from '../../widget/model.ts';

// Every test runs at this instant; slots are placed relative to it.
const NOW = Date.parse('2026-03-02T12:00:00Z');

const form: FormView = {
  id: 'demo',
  title: 'Book a demo',
  organization: 'Northwind Analytics',
  meeting: { title: 'Northwind demo', durationMinutes: 30 },
  questions: [
    { id: 'email', type: 'email', label: 'Work email', required: true },
    { id: 'name', type: 'text', label: 'Full name', required: true },
    { id: 'country', type: 'country', label: 'Country', required: true, options: ['DE', 'BR', 'US'] },
    { id: 'industry', type: 'select', label: 'Industry', required: false, options: ['Software', 'Retail'] },
  ],
  theme: { accent: '#0a7' },
  formToken: 'form_token_1',
};

const slot = (start: string, minutes = 30): Slot => ({
  start,
  end: new Date(Date.parse(start) + minutes * 60_000).toISOString().replace('.000Z', 'Z'),
});

const schedule = (slots: Slot[]): SubmissionResponse => ({
  outcome: 'schedule',
  leadId: 'lead_1',
  leadToken: 'token_1',
  meeting: { title: 'Northwind demo', durationMinutes: 30 },
  host: { name: 'Ana Souza' },
  slots,
  timezone: 'Europe/Berlin',
});

const booked = (start: string): BookingResponse => ({
  bookingId: 'booking_1',
  start,
  end: slot(start).end,
  host: { name: 'Ana Souza' },
  manageUrl: 'https://usher.test/m/abc',
  icsUrl: 'https://usher.test/m/abc/invite.ics',
});

const ok = <T>(data: T): ApiResult<T> => ({ ok: true, data });
const failure = (status: number, error: ApiError): ApiResult<never> => ({ ok: false, status, error });
const networkDown = failure(0, { code: 'network', message: 'the server could not be reached' });

/** Waits (a few turns at most) for work the model started on its own. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 20 && !done(); i++) await new Promise((resolve) => setTimeout(resolve));
  expect(done()).toBe(true);
}

/** A scripted api: each call takes the next queued answer and is recorded. */
function fakeApi(script: {
  forms?: ApiResult<FormView>[];
  submissions?: ApiResult<SubmissionResponse>[];
  bookings?: ApiResult<BookingResponse>[];
  pages?: ApiResult<SlotsResponse>[];
  links?: ApiResult<ManageLinkResponse>[];
}) {
  const forms = [...(script.forms ?? [ok(form)])];
  const submissions = [...(script.submissions ?? [])];
  const bookings = [...(script.bookings ?? [])];
  const pages = [...(script.pages ?? [])];
  const links = [...(script.links ?? [])];
  const calls = {
    submit: [] as SubmissionRequest[],
    book: [] as { request: BookingRequest; key: string | undefined }[],
    slots: [] as { leadId: string; leadToken: string; from: string; to: string }[],
    links: [] as { leadId: string; leadToken: string }[],
  };
  const next = <T>(queue: ApiResult<T>[]) => {
    const answer = queue.shift();
    if (!answer) throw new Error('unexpected api call');
    return Promise.resolve(answer);
  };
  const api: UsherApi = {
    getForm: () => next(forms),
    submit: (_formId, request) => {
      calls.submit.push(request);
      return next(submissions);
    },
    book: (request, key) => {
      calls.book.push({ request, key });
      return next(bookings);
    },
    sendLink: ({ leadId, leadToken }) => {
      calls.links.push({ leadId, leadToken });
      return next(links);
    },
    slots: ({ leadId, leadToken }, from, to) => {
      calls.slots.push({ leadId, leadToken, from, to });
      // Unscripted pages: the server has nothing further (the month view asks on its own).
      return pages.length > 0 ? next(pages) : Promise.resolve(ok({ slots: [], timezone: 'UTC' }));
    },
  };
  return { api, calls };
}

function setup(api: UsherApi, overrides: Partial<WidgetModelOptions> = {}) {
  const events: { name: UsherEventName; detail: UsherEvents[UsherEventName] }[] = [];
  const navigations: string[] = [];
  let keys = 0;
  const model = createWidgetModel({
    formId: 'demo',
    api,
    timezone: 'Europe/Berlin',
    locale: 'en-GB',
    now: () => NOW,
    emit: (name, detail) => events.push({ name, detail }),
    navigate: (url) => navigations.push(url),
    newKey: () => `key_${++keys}`,
    pageContext: () => ({ pageUrl: 'https://northwind.test/demo?utm_source=ads', utm: { source: 'ads' } }),
    ...overrides,
  });
  return { model, events, navigations };
}

async function answered(api: UsherApi, overrides: Partial<WidgetModelOptions> = {}) {
  const ready = setup(api, overrides);
  await ready.model.load();
  ready.model.setAnswer('email', ' ana@globex.com ');
  ready.model.setAnswer('name', 'Ana');
  ready.model.setAnswer('country', 'BR');
  return ready;
}

describe('widget model: loading', () => {
  it('shows the questions with empty answers once the form arrives', async () => {
    const { model, events } = setup(fakeApi({}).api);
    expect(model.step.value).toBe('loading');
    await model.load();
    expect(model.step.value).toBe('questions');
    expect(model.answers.value).toEqual({ email: '', name: '', country: '', industry: '' });
    expect(events).toEqual([{ name: 'usher:ready', detail: { formId: 'demo' } }]);
  });

  it('shows an error and reloads the form on retry', async () => {
    const notFound = failure(404, { code: 'form_not_found', message: 'unknown form "demo"' });
    const { model, events } = setup(fakeApi({ forms: [networkDown, notFound, ok(form)] }).api);
    await model.load();
    expect(model.step.value).toBe('error');
    expect(model.error.value?.code).toBe('network');
    await model.retry();
    expect(model.error.value?.code).toBe('form_not_found');
    await model.retry();
    expect(model.step.value).toBe('questions');
    expect(model.error.value).toBeNull();
    expect(events.map((e) => e.name)).toEqual(['usher:error', 'usher:error', 'usher:ready']);
  });
});

describe('widget model: questions', () => {
  it('names each missing required field without sending anything', async () => {
    const { api, calls } = fakeApi({});
    const { model } = setup(api);
    await model.load();
    model.setAnswer('email', 'ana@globex.com');
    await model.submit();
    expect(calls.submit).toHaveLength(0);
    expect(model.step.value).toBe('questions');
    expect(model.fieldErrors.value).toEqual({ name: { code: 'required' }, country: { code: 'required' } });
  });

  it('rejects an email address without a domain before sending', async () => {
    const { api, calls } = fakeApi({});
    const { model } = await answered(api);
    model.setAnswer('email', 'ana@globex');
    await model.submit();
    expect(calls.submit).toHaveLength(0);
    expect(model.fieldErrors.value).toEqual({ email: { code: 'email' } });
  });

  it('clears a field error as soon as the field is edited', async () => {
    const { model } = setup(fakeApi({}).api);
    await model.load();
    await model.submit();
    model.setAnswer('name', 'Ana');
    expect(Object.keys(model.fieldErrors.value)).toEqual(['email', 'country']);
  });

  it('sends trimmed, non-empty answers with the zone, locale, form token and page context', async () => {
    const { api, calls } = fakeApi({ submissions: [ok(schedule([]))] });
    const { model } = await answered(api);
    await model.submit();
    expect(calls.submit).toEqual([{
      answers: { email: 'ana@globex.com', name: 'Ana', country: 'BR' },
      timezone: 'Europe/Berlin',
      locale: 'en-GB',
      formToken: 'form_token_1',
      context: { pageUrl: 'https://northwind.test/demo?utm_source=ads', utm: { source: 'ads' } },
    }]);
  });

  it('sends the hidden trap field only when something filled it in', async () => {
    const { api, calls } = fakeApi({ submissions: [ok(schedule([]))] });
    const { model } = await answered(api);
    model.setTrap('http://spam.example');
    await model.submit();
    expect(calls.submit[0]).toMatchObject({ website: 'http://spam.example' });
    expect(Object.keys(calls.submit[0]!)).toContain('website');
  });

  it('shows field errors from a 422 and keeps the answers', async () => {
    const invalid = failure(422, {
      code: 'invalid_answers',
      message: 'some answers are invalid',
      issues: [{ path: 'answers.email', message: 'use your work email' }],
    });
    const { model } = await answered(fakeApi({ submissions: [invalid] }).api);
    await model.submit();
    expect(model.step.value).toBe('questions');
    expect(model.busy.value).toBe(false);
    expect(model.fieldErrors.value).toEqual({ email: { code: 'invalid', message: 'use your work email' } });
    expect(model.answers.value.email).toBe(' ana@globex.com ');
    expect(model.answers.value.country).toBe('BR');
  });

  it('treats a 422 that names no question as a failure to retry', async () => {
    const invalid = failure(422, {
      code: 'invalid_request',
      message: 'timezone: unknown time zone',
      issues: [{ path: 'timezone', message: 'unknown time zone' }],
    });
    const { model } = await answered(fakeApi({ submissions: [invalid] }).api);
    await model.submit();
    expect(model.step.value).toBe('error');
    expect(model.fieldErrors.value).toEqual({});
  });

  it('retry re-runs the failed submission', async () => {
    const { api, calls } = fakeApi({ submissions: [networkDown, ok(schedule([slot('2026-03-03T09:00:00Z')]))] });
    const { model } = await answered(api);
    await model.submit();
    expect(model.step.value).toBe('error');
    expect(model.busy.value).toBe(false);
    model.setAnswer('name', 'Changed while the error showed');
    await model.retry();
    expect(model.step.value).toBe('slots');
    expect(calls.submit).toHaveLength(2);
    expect(calls.submit[1]).toEqual(calls.submit[0]);
  });

  it('ignores a second submit while the first is in flight', async () => {
    const { api, calls } = fakeApi({ submissions: [ok(schedule([slot('2026-03-03T09:00:00Z')]))] });
    const { model } = await answered(api);
    // Both clicks come before the steps' module is here; the first sends, the second finds it busy.
    const first = model.submit();
    await model.submit();
    await first;
    expect(calls.submit).toHaveLength(1);
    expect(model.step.value).toBe('slots');
  });

  it('sends at once once the steps are here: a second click finds the first busy', async () => {
    const { api, calls } = fakeApi({ submissions: [failure(422, { code: 'invalid_answers', message: 'name: too short', issues: [{ path: 'answers.name', message: 'too short' }] }), ok(schedule([slot('2026-03-03T09:00:00Z')]))] });
    const { model } = await answered(api);
    await model.submit();
    expect(model.fieldErrors.value.name).toEqual({ code: 'invalid', message: 'too short' });
    model.setAnswer('name', 'Ana Souza');
    const first = model.submit();
    expect(model.busy.value).toBe(true);
    await model.submit();
    await first;
    expect(calls.submit).toHaveLength(2);
  });
});

describe('widget model: outcomes', () => {
  const disqualified = (page: Extract<SubmissionResponse, { outcome: 'disqualified' }>['page']) =>
    ok<SubmissionResponse>({ outcome: 'disqualified', reason: 'too_small', redirectUrl: 'https://northwind.test/trial', page });

  it('navigates to the redirect when a disqualified form has no inline page', async () => {
    const { model, navigations, events } = await answered(fakeApi({ submissions: [disqualified(null)] }).api);
    await model.submit();
    expect(navigations).toEqual(['https://northwind.test/trial']);
    expect(model.step.value).toBe('not_a_fit');
    expect(events.slice(1)).toEqual([
      { name: 'usher:submitted', detail: { formId: 'demo', outcome: 'disqualified' } },
      { name: 'usher:disqualified', detail: { formId: 'demo', reason: 'too_small' } },
    ]);
  });

  it('shows the friendly page in place when the form has one', async () => {
    const page = { title: 'Thanks', message: 'Not yet', links: [{ label: 'Trial', url: 'https://northwind.test/trial' }] };
    const { model, navigations } = await answered(fakeApi({ submissions: [disqualified(page)] }).api);
    await model.submit();
    expect(navigations).toEqual([]);
    expect(model.step.value).toBe('not_a_fit');
    expect(model.notAFit.value?.page).toEqual(page);
  });

  it('still shows the link when leaving the page fails', async () => {
    const { model } = await answered(fakeApi({ submissions: [disqualified(null)] }).api, {
      navigate: () => {
        throw new Error('blocked');
      },
    });
    await model.submit();
    expect(model.step.value).toBe('not_a_fit');
  });

  it('shows the message when nobody is available', async () => {
    const none = ok<SubmissionResponse>({ outcome: 'no_availability', leadId: 'lead_1', message: 'We will email you.' });
    const { model, events } = await answered(fakeApi({ submissions: [none] }).api);
    await model.submit();
    expect(model.step.value).toBe('no_availability');
    expect(model.noAvailabilityMessage.value).toBe('We will email you.');
    expect(events[1]).toEqual({ name: 'usher:submitted', detail: { formId: 'demo', outcome: 'no_availability', leadId: 'lead_1' } });
  });

  it('tells a known prospect of their meeting, names no lead, and goes back to the answers', async () => {
    const known = ok<SubmissionResponse>({
      outcome: 'already_booked', message: 'You already have a meeting booked: Demo with Ana, Monday. We have emailed you the link.',
      booking: { start: '2026-11-23T14:00:00.000Z', end: '2026-11-23T14:30:00.000Z', host: { name: 'Ana' } },
    });
    const { model, events } = await answered(fakeApi({ submissions: [known] }).api);
    await model.submit();
    expect(model.step.value).toBe('known');
    expect(model.noAvailabilityMessage.value).toContain('We have emailed you the link.');
    expect(model.lead.value).toBeNull();
    expect(events[1]).toEqual({ name: 'usher:submitted', detail: { formId: 'demo', outcome: 'already_booked' } });
    model.back();
    expect(model.step.value).toBe('questions');
  });

  it('treats a schedule without slots as no availability', async () => {
    const { model } = await answered(fakeApi({ submissions: [ok(schedule([]))] }).api);
    await model.submit();
    expect(model.step.value).toBe('no_availability');
  });
});

describe('widget model: slots', () => {
  // Kolkata is +05:30 and Los Angeles -08:00 (PST; the US change is on 8 March), so
  // 23:30Z is the next day in Kolkata, 00:30Z still the previous day in Los Angeles.
  const nearMidnight = [
    slot('2026-03-04T00:30:00Z'),
    slot('2026-03-03T18:00:00Z'),
    slot('2026-03-03T23:30:00Z'),
    slot('2026-03-04T08:30:00Z'),
  ];

  async function offered(timezone: string) {
    const { model } = await answered(fakeApi({ submissions: [ok(schedule(nearMidnight))] }).api, { timezone });
    await model.submit();
    return model;
  }

  const grouped = (model: Awaited<ReturnType<typeof offered>>) =>
    model.calendar!.days.value.map((day) => [day.key, day.slots.map((s) => s.start)]);

  it("groups slots by the prospect's local day, not UTC (Asia/Kolkata)", async () => {
    const model = await offered('Asia/Kolkata');
    expect(grouped(model)).toEqual([
      ['2026-03-03', ['2026-03-03T18:00:00Z']],
      ['2026-03-04', ['2026-03-03T23:30:00Z', '2026-03-04T00:30:00Z', '2026-03-04T08:30:00Z']],
    ]);
  });

  it("groups slots by the prospect's local day, not UTC (America/Los_Angeles)", async () => {
    const model = await offered('America/Los_Angeles');
    expect(grouped(model)).toEqual([
      ['2026-03-03', ['2026-03-03T18:00:00Z', '2026-03-03T23:30:00Z', '2026-03-04T00:30:00Z']],
      ['2026-03-04', ['2026-03-04T08:30:00Z']],
    ]);
  });

  it('regroups the same slots when the prospect picks another zone', async () => {
    const model = await offered('Asia/Kolkata');
    model.setTimezone('America/Los_Angeles');
    expect(model.calendar!.days.value.map((day) => day.slots.length)).toEqual([3, 1]);
    model.setTimezone('Not/A_Zone');
    expect(model.timezone.value).toBe('America/Los_Angeles');
  });


  it('does not offer slots that have already started', async () => {
    const stale = [slot('2026-03-02T11:30:00Z'), slot('2026-03-02T12:00:00Z'), slot('2026-03-02T14:00:00Z')];
    const { model } = await answered(fakeApi({ submissions: [ok(schedule(stale))] }).api);
    await model.submit();
    expect(model.calendar!.days.value.flatMap((day) => day.slots.map((s) => s.start))).toEqual(['2026-03-02T14:00:00Z']);
  });

  it('ignores a pick that is not one of the offered slots', async () => {
    const model = await offered('UTC');
    model.pickSlot('2026-03-05T10:00:00Z');
    expect(model.step.value).toBe('slots');
    expect(model.selected.value).toBeNull();
  });
});

describe('widget model: the month and its days', () => {
  // One slot a day at 09:00 UTC, shown in UTC.
  const daily = (month: string, from: number, count: number) =>
    Array.from({ length: count }, (_, i) => slot(`2026-${month}-${String(from + i).padStart(2, '0')}T09:00:00Z`));

  async function offering(slots: Slot[], pages: ApiResult<SlotsResponse>[] = []) {
    const fake = fakeApi({ submissions: [ok(schedule(slots))], pages });
    const ready = await answered(fake.api, { timezone: 'UTC' });
    await ready.model.submit();
    return { ...ready, calls: fake.calls };
  }

  it('opens on the month of the first time with its first day chosen, and lists another day when chosen', async () => {
    const { model, calls } = await offering([...daily('03', 3, 2), ...daily('03', 10, 1)], [ok({ slots: daily('03', 20, 2), timezone: 'UTC' })]);
    expect(model.calendar!.month.value).toBe('2026-03');
    // The rest of the month is asked for at once, so every day of it with times is marked.
    await until(() => !model.monthLoading.value);
    expect(calls.slots).toHaveLength(1);
    expect(calls.slots[0]).toMatchObject({ from: '2026-03-10T09:00:01.000Z', to: '2026-04-01T14:00:00.000Z' });
    expect(model.calendar!.days.value.map((day) => day.key)).toEqual(['2026-03-03', '2026-03-04', '2026-03-10', '2026-03-20', '2026-03-21']);
    expect(model.calendar!.chosenDay.value?.key).toBe('2026-03-03');
    model.chooseDay('2026-03-10');
    expect(model.calendar!.chosenDay.value?.slots.map((s) => s.start)).toEqual(['2026-03-10T09:00:00Z']);
    // A day without times cannot be chosen.
    model.chooseDay('2026-03-07');
    expect(model.calendar!.chosenDay.value?.key).toBe('2026-03-10');
  });

  it('asks the server for the next month\'s times, from the last known one, with the lead token', async () => {
    const { model, calls } = await offering(daily('03', 30, 2), [ok({ slots: daily('04', 2, 3), timezone: 'UTC' }), ok({ slots: [], timezone: 'UTC' })]);
    await model.showMonth(1);
    expect(model.calendar!.month.value).toBe('2026-04');
    expect(calls.slots[0]).toMatchObject({ leadId: 'lead_1', leadToken: 'token_1', from: '2026-03-31T09:00:01.000Z' });
    // At most 30 days a request, as the API takes.
    expect(Date.parse(calls.slots[0]!.to) - Date.parse(calls.slots[0]!.from)).toBeLessThanOrEqual(30 * 86_400_000);
    expect(model.calendar!.chosenDay.value?.key).toBe('2026-04-02');
    // The second asks from where the first ended, to the end of April (in every zone).
    expect(calls.slots[1]!.from).toBe(calls.slots[0]!.to);
    expect(Date.parse(calls.slots[1]!.to)).toBeGreaterThanOrEqual(Date.parse('2026-05-01T14:00:00Z'));
    // Back to March: known already, nothing asked.
    await model.showMonth(-1);
    expect(model.calendar!.chosenDay.value?.key).toBe('2026-03-30');
    expect(calls.slots).toHaveLength(2);
  });

  it('never goes before the first month, and stops asking once the server has nothing further', async () => {
    const { model, calls } = await offering(daily('03', 3, 1), [ok({ slots: [], timezone: 'UTC' })]);
    await model.showMonth(-1);
    expect(model.calendar!.month.value).toBe('2026-03');
    await model.showMonth(1);
    expect(model.calendar!.month.value).toBe('2026-04');
    expect(model.calendar!.chosenDay.value).toBeNull();
    await model.showMonth(1);
    expect(calls.slots).toHaveLength(1);
  });

  it('keeps each slot once when a page repeats one it already has', async () => {
    const known = daily('03', 31, 1);
    const { model } = await offering(known, [ok({ slots: [...known, ...daily('04', 1, 1)], timezone: 'UTC' }), ok({ slots: [], timezone: 'UTC' })]);
    await model.showMonth(1);
    expect(model.slots.value.map((s) => s.start)).toEqual(['2026-03-31T09:00:00Z', '2026-04-01T09:00:00Z']);
  });

  it('shows an error when a month fails to load and asks for the same page again on retry', async () => {
    const { model, calls } = await offering(daily('03', 30, 1), [
      ok({ slots: [slot('2026-04-01T10:00:00Z')], timezone: 'UTC' }), networkDown, ok({ slots: daily('04', 6, 1), timezone: 'UTC' }),
    ]);
    await until(() => !model.monthLoading.value);
    await model.showMonth(1);
    expect(model.step.value).toBe('error');
    await model.retry();
    expect(model.step.value).toBe('slots');
    expect(calls.slots[2]).toEqual(calls.slots[1]);
    expect(model.calendar!.days.value.map((day) => day.key)).toContain('2026-04-06');
  });
});

describe('widget model: kept across a reload', () => {
  /** The tab's storage, as JSON: what a reload reads back is what was written, copied. */
  function memory(initial: unknown = null) {
    let stored = JSON.stringify(initial);
    return {
      keep: { read: () => JSON.parse(stored) as Kept | null, write: (kept: Kept) => { stored = JSON.stringify(kept); } },
      stored: () => JSON.parse(stored) as Kept | null,
    };
  }

  it('keeps each answer as it is typed and fills the form with them after a reload', async () => {
    const store = memory();
    const first = setup(fakeApi({}).api, { keep: store.keep });
    await first.model.load();
    first.model.setAnswer('email', 'ana@globex.com');
    first.model.setAnswer('name', 'Ana');
    expect(store.stored()).toEqual({ answers: { email: 'ana@globex.com', name: 'Ana', country: '', industry: '' } });

    const reloaded = setup(fakeApi({}).api, { keep: store.keep });
    await reloaded.model.load();
    expect(reloaded.model.answers.value).toMatchObject({ email: 'ana@globex.com', name: 'Ana', country: '' });
    expect(reloaded.model.step.value).toBe('questions');
  });

  it('ignores kept values that are not text and ids the form does not ask', async () => {
    const store = memory({ answers: { email: 42, name: 'Ana', __proto__: 'x', unknown_field: 'y' } });
    const { model } = setup(fakeApi({}).api, { keep: store.keep });
    await model.load();
    expect(model.answers.value.email).toBe('');
    expect(model.answers.value.name).toBe('Ana');
    expect(Object.keys(model.answers.value)).not.toContain('unknown_field');
  });

  it('comes back to the times after a reload: the same lead, its times asked afresh, no second submission', async () => {
    const store = memory();
    const times = [slot('2026-03-03T09:00:00Z'), slot('2026-03-04T10:00:00Z')];
    const first = await answered(fakeApi({ submissions: [ok(schedule(times))] }).api, { keep: store.keep });
    await first.model.submit();
    first.model.setTimezone('Asia/Kolkata');
    expect(store.stored()?.step).toMatchObject({ at: 'slots', timezone: 'Asia/Kolkata', lead: { leadId: 'lead_1', leadToken: 'token_1' } });

    const fake = fakeApi({ pages: [ok({ slots: [times[1]!], timezone: 'UTC' })] });
    const reloaded = setup(fake.api, { keep: store.keep });
    await reloaded.model.load();
    // No form to type into meanwhile: the kept step is on its way.
    expect(reloaded.model.step.value).toBe('loading');
    await until(() => reloaded.model.step.value === 'slots');
    expect(fake.calls.submit).toEqual([]);
    expect(fake.calls.slots[0]).toMatchObject({ leadId: 'lead_1', leadToken: 'token_1', from: new Date(NOW).toISOString() });
    // What the server offers now, not what was offered before the reload.
    expect(reloaded.model.slots.value.map((s) => s.start)).toEqual([times[1]!.start]);
    expect(reloaded.model.timezone.value).toBe('Asia/Kolkata');
    // Back, and the same answers again: the same lead's times, still no submission.
    reloaded.model.back();
    await reloaded.model.submit();
    expect(reloaded.model.step.value).toBe('slots');
    expect(fake.calls.submit).toEqual([]);
  });

  it('comes back to the time being confirmed while it is free, else to the times', async () => {
    const times = [slot('2026-03-03T09:00:00Z'), slot('2026-03-04T10:00:00Z')];
    for (const [offered, step] of [[times, 'confirm'], [[times[1]!], 'slots']] as const) {
      const store = memory();
      const first = await answered(fakeApi({ submissions: [ok(schedule(times))] }).api, { keep: store.keep });
      await first.model.submit();
      first.model.pickSlot(times[0]!.start);
      expect(store.stored()?.step).toMatchObject({ at: 'confirm', start: times[0]!.start });

      const reloaded = setup(fakeApi({ pages: [ok({ slots: [...offered], timezone: 'UTC' })] }).api, { keep: store.keep });
      await reloaded.model.load();
      await until(() => reloaded.model.step.value === step);
      expect(reloaded.model.selected.value?.start ?? null).toBe(step === 'confirm' ? times[0]!.start : null);
    }
  });

  it('shows the booking after a reload, keeping of the answers only the address the invitation went to', async () => {
    const store = memory();
    const slotAt = slot('2026-03-03T09:00:00Z');
    const fake = fakeApi({ submissions: [ok(schedule([slotAt]))], bookings: [ok(booked(slotAt.start))] });
    const ready = await answered(fake.api, { keep: store.keep });
    await ready.model.submit();
    ready.model.pickSlot(slotAt.start);
    await ready.model.confirm();
    expect(ready.model.step.value).toBe('booked');
    expect(store.stored()?.answers).toEqual({ email: ' ana@globex.com ' });
    expect(JSON.stringify(store.stored())).not.toContain('Ana"');

    const again = fakeApi({});
    const reloaded = setup(again.api, { keep: store.keep });
    await reloaded.model.load();
    await until(() => reloaded.model.step.value === 'booked');
    expect(reloaded.model.booking.value?.bookingId).toBe('booking_1');
    expect(reloaded.model.lead.value?.meeting.title).toBe('Northwind demo');
    expect(again.calls.slots).toEqual([]);
  });

  it('forgets a lead the server no longer knows: the error says to start again, and neither that nor a reload brings it back', async () => {
    const store = memory();
    const first = await answered(fakeApi({ submissions: [ok(schedule([slot('2026-03-03T09:00:00Z')]))] }).api, { keep: store.keep });
    await first.model.submit();

    const unknown = failure(404, { code: 'lead_not_found', message: 'no such lead' });
    const fake = fakeApi({ forms: [ok(form), ok(form), ok(form)], pages: [unknown] });
    const reloaded = setup(fake.api, { keep: store.keep });
    await reloaded.model.load();
    await until(() => reloaded.model.step.value === 'error');
    expect(store.stored()?.step).toBeUndefined();
    await reloaded.model.restart();
    expect(reloaded.model.step.value).toBe('questions');
    expect(reloaded.model.answers.value.name).toBe('Ana');

    const again = setup(fake.api, { keep: store.keep });
    await again.model.load();
    expect(again.model.step.value).toBe('questions');
    expect(fake.calls.slots).toHaveLength(1);
  });

  it('resumes once the server can be reached again, and shows the form after the meeting has ended', async () => {
    const store = memory();
    const times = [slot('2026-03-03T09:00:00Z')];
    const first = await answered(fakeApi({ submissions: [ok(schedule(times))], bookings: [ok(booked(times[0]!.start))] }).api, { keep: store.keep });
    await first.model.submit();
    const atTimes = store.stored();

    const fake = fakeApi({ pages: [networkDown, ok({ slots: times, timezone: 'UTC' })] });
    const offline = setup(fake.api, { keep: store.keep });
    await offline.model.load();
    await until(() => offline.model.step.value === 'error');
    expect(store.stored()?.step?.at).toBe('slots');
    await offline.model.retry();
    expect(offline.model.step.value).toBe('slots');

    // Booked, and read back after the meeting's end: the form, not a booking long past.
    first.model.pickSlot(times[0]!.start);
    await first.model.confirm();
    expect(store.stored()?.step?.at).toBe('booked');
    const later = setup(fakeApi({}).api, { keep: store.keep, now: () => Date.parse(times[0]!.end) + 1 });
    await later.model.load();
    await until(() => later.model.step.value === 'questions');
    expect(store.stored()?.step).toBeUndefined();
    expect(atTimes?.step?.at).toBe('slots');
  });

  it('forgets the step when an open tab finds its lead expired', async () => {
    const store = memory();
    const times = [slot('2026-03-03T09:00:00Z')];
    const expired = failure(410, { code: 'lead_expired', message: 'expired' });
    const model = (await answered(fakeApi({ submissions: [ok(schedule(times))], bookings: [expired], forms: [ok(form), ok(form)] }).api, { keep: store.keep })).model;
    await model.submit();
    model.pickSlot(times[0]!.start);
    await model.confirm();
    await until(() => model.step.value === 'questions');
    expect(store.stored()?.step).toBeUndefined();
  });

  it('forgets a lead whose token has expired, and shows the questions with their answers', async () => {
    const store = memory();
    const first = await answered(fakeApi({ submissions: [ok(schedule([slot('2026-03-03T09:00:00Z')]))] }).api, { keep: store.keep });
    await first.model.submit();

    const expired = failure(410, { code: 'lead_expired', message: 'expired' });
    const fake = fakeApi({ forms: [ok(form), ok({ ...form, formToken: 'form_token_2' })], pages: [expired] });
    const reloaded = setup(fake.api, { keep: store.keep });
    await reloaded.model.load();
    await until(() => reloaded.model.step.value === 'questions' && reloaded.model.form.value?.formToken === 'form_token_2');
    expect(reloaded.model.answers.value.name).toBe('Ana');
    expect(reloaded.model.lead.value).toBeNull();
    expect(store.stored()?.step).toBeUndefined();
    expect(fake.calls.slots).toHaveLength(1);
  });
});

describe('widget model: booking', () => {
  const first = slot('2026-03-03T09:00:00Z');
  const second = slot('2026-03-03T10:00:00Z');
  const third = slot('2026-03-03T11:00:00Z');

  async function confirming(bookings: ApiResult<BookingResponse>[]) {
    const fake = fakeApi({ submissions: [ok(schedule([first, second]))], bookings });
    const ready = await answered(fake.api);
    await ready.model.submit();
    ready.model.pickSlot(first.start);
    return { ...ready, calls: fake.calls };
  }

  it('books in the zone the prospect picked, so their emails show times the way they read them', async () => {
    const { model, calls } = await confirming([ok(booked(first.start))]);
    model.setTimezone('Asia/Kathmandu');
    await model.confirm();
    expect(calls.book[0]!.request.timezone).toBe('Asia/Kathmandu');
  });

  it('books the picked slot and reports it without personal data', async () => {
    const { model, events, calls } = await confirming([ok(booked(first.start))]);
    expect(model.step.value).toBe('confirm');
    expect(model.selected.value).toEqual(first);
    await model.confirm();
    expect(calls.book.map((c) => c.request)).toEqual([{ leadToken: 'token_1', start: first.start, timezone: 'Europe/Berlin' }]);
    expect(model.step.value).toBe('booked');
    expect(model.booking.value?.bookingId).toBe('booking_1');
    expect(events.at(-1)).toEqual({
      name: 'usher:booked',
      detail: { formId: 'demo', leadId: 'lead_1', bookingId: 'booking_1', start: first.start },
    });
    expect(JSON.stringify(events)).not.toMatch(/globex|Ana|BR/);
  });

  it('replaces the slots and explains when the chosen slot was just taken', async () => {
    const taken = failure(409, { code: 'slot_taken', message: 'that slot was just taken', slots: [third, first, second] });
    const { model } = await confirming([taken]);
    await model.confirm();
    expect(model.step.value).toBe('slots');
    expect(model.slotTaken.value).toBe(true);
    expect(model.selected.value).toBeNull();
    expect(model.slots.value).toEqual([second, third]);
    model.pickSlot(third.start);
    expect(model.slotTaken.value).toBe(false);
  });

  it('says nobody is available when the taken slot was the last one', async () => {
    const { model } = await confirming([failure(409, { code: 'slot_taken', message: 'taken', slots: [] })]);
    await model.confirm();
    expect(model.step.value).toBe('no_availability');
    expect(model.slotTaken.value).toBe(true);
  });

  it('retrying a failed booking sends the same idempotency key', async () => {
    const { model, calls } = await confirming([networkDown, ok(booked(first.start))]);
    await model.confirm();
    expect(model.step.value).toBe('error');
    await model.retry();
    expect(model.step.value).toBe('booked');
    expect(calls.book.map((c) => c.key)).toEqual(['key_1', 'key_1']);
  });

  it('uses a new idempotency key for a new attempt', async () => {
    const taken = failure(409, { code: 'slot_taken', message: 'taken', slots: [second] });
    const { model, calls } = await confirming([taken, ok(booked(second.start))]);
    await model.confirm();
    model.pickSlot(second.start);
    await model.confirm();
    expect(calls.book.map((c) => c.key)).toEqual(['key_1', 'key_2']);
  });

  it('fetches the form again when the lead has expired, keeps the answers, and sends them with the fresh form token', async () => {
    const expired = failure(410, { code: 'lead_expired', message: 'this booking link has expired' });
    const fake = fakeApi({
      forms: [ok(form), ok({ ...form, formToken: 'form_token_2' })],
      submissions: [ok(schedule([first, second])), ok(schedule([second]))],
      bookings: [expired],
    });
    const { model, events } = await answered(fake.api);
    await model.submit();
    model.pickSlot(first.start);
    await model.confirm();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(model.step.value).toBe('questions');
    expect(model.answers.value.email).toBe(' ana@globex.com ');
    expect(events.map((e) => e.name)).not.toContain('usher:error');
    await model.submit();
    expect(fake.calls.submit.map((c) => c.formToken)).toEqual(['form_token_1', 'form_token_2']);
    expect(model.step.value).toBe('slots');
  });

  it('on already_booked, emails the link once asked, and a failed send stays on the step with its own message', async () => {
    const alreadyBooked = failure(409, { code: 'already_booked', message: 'booked already', manageUrl: 'https://usher.test/m/abc' });
    const fake = fakeApi({ submissions: [ok(schedule([first]))], bookings: [alreadyBooked], links: [failure(429, { code: 'rate_limited', message: 'too many' }), ok({ sent: true })] });
    const { model } = await answered(fake.api);
    await model.submit();
    model.pickSlot(first.start);
    await model.confirm();
    expect(model.step.value).toBe('error');
    expect(model.error.value?.manageUrl).toBe('https://usher.test/m/abc');
    await model.sendLink();
    expect(model.step.value).toBe('error');
    expect(model.error.value?.code).toBe('already_booked');
    expect(model.linkSent.value).toBe('failed');
    await model.sendLink();
    expect(model.linkSent.value).toBe('sent');
    expect(fake.calls.links).toEqual([{ leadId: 'lead_1', leadToken: 'token_1' }, { leadId: 'lead_1', leadToken: 'token_1' }]);
  });

  it('goes back from confirming to the same slots', async () => {
    const { model } = await confirming([]);
    model.back();
    expect(model.step.value).toBe('slots');
    expect(model.selected.value).toBeNull();
    expect(model.slots.value).toEqual([first, second]);
  });
});
