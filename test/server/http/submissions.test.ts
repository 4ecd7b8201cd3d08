import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submissionResponseSchema } from '../../../shared/api.ts';
import { countLeads } from '../../../server/store/leads.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z, TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

let t: TestApp;
beforeEach(async () => { t = await createTestApp({ now: MONDAY_0600Z }); });
afterEach(async () => { await t.close(); });

const submit = (body: unknown) => t.post('/api/forms/demo/submissions', body);
const body = (answers = validAnswers(), extra: Record<string, unknown> = {}) => ({ answers, timezone: 'Europe/Berlin', ...extra });

describe('GET /api/forms/:formId', () => {
  it('returns the questions and the meeting, and nothing about reps', async () => {
    const res = await t.app.request('/api/forms/demo');
    expect(res.status).toBe(200);
    const text = await res.text();
    const view = JSON.parse(text);
    expect(view.questions.map((q: { id: string }) => q.id)).toEqual(['email', 'name', 'size', 'country']);
    expect(view.meeting).toEqual({ title: 'Test demo', durationMinutes: 30 });
    expect(view.questions[3].options).toContain('DE');
    expect(text).not.toMatch(/@test\.co|Nora|America\/New_York/);
  });

  it('answers 404 with a JSON error for an unknown form', async () => {
    const res = await t.app.request('/api/forms/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'form_not_found', message: 'no form "nope"' } });
  });

  it('does not treat inherited object keys as forms', async () => {
    expect((await t.app.request('/api/forms/__proto__')).status).toBe(404);
    expect((await t.app.request('/api/forms/constructor')).status).toBe(404);
  });
});

describe('POST /api/forms/:formId/submissions', () => {
  it('offers the assigned rep and their slots to a qualified lead', async () => {
    const res = await submit(body());
    expect(res.status).toBe(200);
    const result = submissionResponseSchema.parse(await res.json());
    if (result.outcome !== 'schedule') throw new Error(`unexpected ${result.outcome}`);
    expect(result.host).toEqual({ name: 'Nora York' });
    // Nora works 09:00-17:00 New York (UTC-5): the first slot is Monday 14:00Z.
    expect(result.slots[0]).toEqual({ start: '2026-11-23T14:00:00.000Z', end: '2026-11-23T14:30:00.000Z' });
    expect(result.timezone).toBe('Europe/Berlin');
    expect(result.leadToken.length).toBeGreaterThanOrEqual(43);
  });

  it('rotates assigned leads through the team in order', async () => {
    const hosts: string[] = [];
    for (let i = 0; i < 4; i++) {
      const result = await (await submit(body(validAnswers({ email: `p${i}@acme.io` })))).json();
      hosts.push(result.host.name);
    }
    expect(hosts).toEqual(['Nora York', 'Leo Don', 'Kavya Kol', 'Nora York']);
  });

  it('offers pooled slots without naming a host', async () => {
    const result = await (await submit(body(validAnswers({ size: '1000+' })))).json();
    expect(result.outcome).toBe('schedule');
    expect(result.host).toBeNull();
    // London starts at 09:00Z, New York at 14:00Z: both are in the pool.
    expect(result.slots[0].start).toBe('2026-11-23T09:00:00.000Z');
    expect(result.slots.some((s: { start: string }) => s.start === '2026-11-23T21:30:00.000Z')).toBe(true);
  });

  it('sends a disqualified lead to the friendly page, with its content', async () => {
    const result = await (await submit(body(validAnswers({ size: '1-10' })))).json();
    expect(result).toEqual({
      outcome: 'disqualified',
      reason: 'too_small',
      redirectUrl: 'http://usher.test/not-a-fit/demo?reason=too_small',
      page: { title: 'Thanks for your interest', message: '', links: [] },
    });
  });

  it('answers 422 with every missing or bad answer, and stores nothing', async () => {
    const res = await submit(body({ email: 'not-an-email', name: '', size: 'huge' } as never));
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_answers');
    expect(error.issues).toEqual([
      { path: 'answers.email', message: 'enter a valid email address' },
      { path: 'answers.name', message: 'this answer is required' },
      { path: 'answers.size', message: 'choose one of the options' },
    ]);
    expect(await countLeads(t.db)).toBe(0);
  });

  it('answers 400 to malformed JSON and 415 to another content type, storing nothing', async () => {
    const bad = await submit('{"answers": ');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('invalid_json');
    const form = await t.app.request('/api/forms/demo/submissions', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a@b.c',
    });
    expect(form.status).toBe(415);
    expect(await countLeads(t.db)).toBe(0);
  });

  it('answers 422 to a body of the wrong shape, naming the field', async () => {
    const res = await submit({ answers: { email: 42 }, timezone: 'Europe/Berlin' });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.issues[0].path).toBe('answers.email');
  });

  it('stores and answers a renamed zone by its current name (Chromium in Kolkata sends "Asia/Calcutta")', async () => {
    const cases: [string, string][] = [['Asia/Calcutta', 'Asia/Kolkata'], ['Europe/Kiev', 'Europe/Kyiv'], ['Asia/Saigon', 'Asia/Ho_Chi_Minh'], ['Asia/Katmandu', 'Asia/Kathmandu'], ['Asia/Kolkata', 'Asia/Kolkata']];
    for (const [sent, current] of cases) {
      const result = await (await submit(body(validAnswers({ email: `jo@${sent.replace('/', '-').toLowerCase()}.io` }), { timezone: sent }))).json();
      expect(result.timezone).toBe(current);
    }
  });

  it('stores a zone sent in odd case in its proper spelling', async () => {
    const result = await (await submit(body(validAnswers(), { timezone: 'aMeRiCa/NeW_yOrK' }))).json();
    expect(result.timezone).toBe('America/New_York');
  });

  it('answers 422 to an unknown time zone', async () => {
    const res = await submit(body(validAnswers(), { timezone: 'Mars/Olympus' }));
    expect(res.status).toBe(422);
    expect((await res.json()).error.issues).toEqual([{ path: 'timezone', message: 'unknown time zone "Mars/Olympus"' }]);
    expect(await countLeads(t.db)).toBe(0);
  });

  it('answers 404 for an unknown form and stores nothing', async () => {
    const res = await t.post('/api/forms/nope/submissions', body());
    expect(res.status).toBe(404);
    expect(await countLeads(t.db)).toBe(0);
  });
});

describe('links under a publicUrl that ends in a slash', () => {
  it('never doubles the slash in the not-a-fit link or the manage link', async () => {
    const slashed = await createTestApp({ now: MONDAY_0600Z, yaml: TEST_CONFIG_YAML.replace('publicUrl: http://usher.test', 'publicUrl: http://usher.test/') });
    try {
      const send = (answers: Record<string, string>) => slashed.post('/api/forms/demo/submissions', { answers, timezone: 'Europe/Berlin' });
      const unfit = await (await send(validAnswers({ size: '1-10' }))).json();
      expect(unfit.redirectUrl).toBe('http://usher.test/not-a-fit/demo?reason=too_small');
      const lead = await (await send(validAnswers())).json();
      const booked = await (await slashed.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[0].start })).json();
      expect(booked.manageUrl).toMatch(/^http:\/\/usher\.test\/m\/[\w-]+$/);
    } finally {
      await slashed.close();
    }
  });
});
