import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z, TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

let t: TestApp;
afterEach(async () => { await t.close(); });

const KEY = 'crm-key-0123456789abcdef';
const YAML = TEST_CONFIG_YAML.replace('forms:\n', 'apiKeys:\n  - { id: crm, secretEnv: USHER_API_KEY_CRM }\n  - { id: chat, secretEnv: USHER_API_KEY_CHAT }\nforms:\n');
const app = () => createTestApp({ now: MONDAY_0600Z, yaml: YAML, env: { USHER_API_KEY_CRM: KEY } });
const send = (body: unknown, headers: Record<string, string> = {}) => t.post('/api/leads', body, { authorization: `Bearer ${KEY}`, ...headers });
const lead = (answers: Record<string, string> = {}) => ({ form: 'demo', answers: validAnswers(answers), timezone: 'America/Chicago', source: 'hubspot' });

describe('POST /api/leads (SPEC §12)', () => {
  it('refuses a missing or wrong key with 401 JSON, and a key whose secret is not set', async () => {
    t = await app();
    for (const authorization of [undefined, 'Bearer wrong-key-0123456789abcdef', `Basic ${KEY}`, `Bearer ${KEY}x`]) {
      const res = await t.post('/api/leads', lead(), authorization ? { authorization } : {});
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="usher-api"');
      expect((await res.json()).error.code).toBe('unauthorized');
    }
    expect(await t.store.leads.count()).toBe(0);
    await t.close();
    t = await createTestApp({ now: MONDAY_0600Z });
    const none = await t.post('/api/leads', lead(), { authorization: `Bearer ${KEY}` });
    expect(none.status).toBe(401);
    expect((await none.json()).error.message).toContain('add apiKeys to the config');
  });

  it('qualifies and routes like the widget, answers the rep and a booking link, and keeps where it came from', async () => {
    t = await app();
    const res = await send(lead());
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ outcome: 'schedule', rep: { id: 'ny', name: 'Nora York' }, bookingUrl: expect.stringMatching(/^http:\/\/usher\.test\/b\/[\w-]{43}$/) });
    const stored = (await t.store.leads.find(body.leadId))!;
    expect(stored).toMatchObject({ timezone: 'America/Chicago', repId: 'ny', trace: { source: { apiKey: 'crm', name: 'hubspot' } } });
    // The booking link outlives a widget lead's day.
    expect(stored.tokenExpiresAt).toBe(MONDAY_0600Z + 14 * 86_400_000);
    // The rotation moved on, as for the widget.
    expect((await (await send(lead({ email: 'bo@acme.io' }))).json()).rep.id).toBe('ldn');
    const out = await (await send(lead({ size: '1-10', email: 'small@acme.io' }))).json();
    expect(out).toMatchObject({ outcome: 'disqualified', reason: 'too_small', rep: null, bookingUrl: null });
  });

  it('answers bad input with a clear 4xx and stores nothing', async () => {
    t = await app();
    const cases: [unknown, number, string][] = [
      [{ ...lead(), form: 'nope' }, 404, 'form_not_found'],
      [lead({ size: 'huge' }), 422, 'invalid_answers'],
      [{ ...lead(), timezone: 'Mars/Base' }, 422, 'invalid_request'],
      [{ answers: validAnswers() }, 422, 'invalid_request'],
      ['{"form":', 400, 'invalid_json'],
    ];
    for (const [body, status, code] of cases) {
      const res = await send(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((await res.json()).error.code).toBe(code);
    }
    expect((await send(lead(), { 'idempotency-key': 'bad key with spaces' })).status).toBe(400);
    expect(await t.store.leads.count()).toBe(0);
  });

  it('answers a retried Idempotency-Key with the first answer, makes one lead for two copies sent at once, and refuses the key for another body', async () => {
    t = await app();
    const first = await send(lead(), { 'idempotency-key': 'crm-123' });
    const again = await send(lead(), { 'idempotency-key': 'crm-123' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect(await t.store.leads.count()).toBe(1);
    const other = await send(lead({ email: 'x@acme.io' }), { 'idempotency-key': 'crm-123' });
    expect(other.status).toBe(422);
    expect((await other.json()).error.code).toBe('idempotency_key_reused');

    const [a, b] = await Promise.all([send(lead({ email: 'twin@acme.io' }), { 'idempotency-key': 'crm-twin' }), send(lead({ email: 'twin@acme.io' }), { 'idempotency-key': 'crm-twin' })]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((await a.json()).leadId).toBe((await b.json()).leadId);
    expect(await t.store.leads.count()).toBe(2);
  });
});

describe('POST /api/leads/:id/touch', () => {
  it('accepts and touches the lead for its rep; an unknown lead is 404, a wrong key 401', async () => {
    t = await app();
    const { leadId } = await (await send(lead())).json();
    t.setNow(MONDAY_0600Z + 60_000);
    const res = await t.post(`/api/leads/${leadId}/touch`, {}, { authorization: `Bearer ${KEY}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ leadId, repId: 'ny', acceptedAt: '2026-11-23T06:01:00.000Z', touchedAt: '2026-11-23T06:01:00.000Z' });
    const unknown = await t.post('/api/leads/00000000-0000-4000-8000-000000000000/touch', {}, { authorization: `Bearer ${KEY}` });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('lead_not_found');
    expect((await t.post(`/api/leads/${'x'.repeat(500)}/touch`, {}, { authorization: `Bearer ${KEY}` })).status).toBe(404);
    expect((await t.post(`/api/leads/${leadId}/touch`, {}, { authorization: 'Bearer nope' })).status).toBe(401);
    // A second touch later keeps the first acceptance.
    t.setNow(MONDAY_0600Z + 120_000);
    expect(await (await t.post(`/api/leads/${leadId}/touch`, {}, { authorization: `Bearer ${KEY}` })).json()).toMatchObject({ acceptedAt: '2026-11-23T06:01:00.000Z', touchedAt: '2026-11-23T06:02:00.000Z' });
  });
});

describe('the hosted scheduling page /b/:token', () => {
  const formPost = (body: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });

  it('shows the lead\'s times in its zone or a chosen one, books one and opens its manage page', async () => {
    t = await app();
    const { bookingUrl } = await (await send({ ...lead(), answers: validAnswers({ country: 'DE' }), locale: 'de' })).json();
    const path = new URL(bookingUrl).pathname;
    const res = await t.app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Mit Nora York');
    expect(html).toContain('America/Chicago');
    const first = /<option value="(\d{4}-[^"]+Z)">/.exec(html)![1]!;
    // Another zone: the same instants, other wall times.
    const tokyo = await (await t.app.request(`${path}?tz=Asia/Tokyo`)).text();
    expect(tokyo).toContain(`value="${first}"`);
    expect(tokyo).toContain('<option value="Asia/Tokyo" selected>');

    const booked = await t.app.request(path, formPost({ start: first, tz: 'Asia/Tokyo' }));
    expect(booked.status).toBe(303);
    expect(booked.headers.get('location')).toMatch(/^\/m\/[\w-]{43}$/);
    const manage = await (await t.app.request(booked.headers.get('location')!)).text();
    expect(manage).toContain('Asia/Tokyo');
    // Booked: the page says so and offers no times.
    const again = await (await t.app.request(path)).text();
    expect(again).toContain('Sie haben bereits einen Termin.');
    expect(again).not.toContain('<option value="20');
  });

  it('answers bad links, bad times and expired links with a page and the right status', async () => {
    t = await app();
    const { bookingUrl } = await (await send(lead())).json();
    const path = new URL(bookingUrl).pathname;
    expect((await t.app.request(`/b/${'x'.repeat(43)}`)).status).toBe(404);
    expect((await t.app.request(path, formPost({ start: 'tomorrow' }))).status).toBe(422);
    const off = await t.app.request(path, formPost({ start: '2026-11-23T14:07:00.000Z' }));
    expect(off.status).toBe(422);
    expect(await off.text()).toContain('That time is not one of the free times.');
    expect((await t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(415);
    expect(await t.store.bookings.count()).toBe(0);
    t.setNow(MONDAY_0600Z + 15 * 86_400_000);
    const expired = await t.app.request(path);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This booking link has expired.');
  });
});

describe('a booking link in other hands', () => {
  it('never answers the manage link to a second booking through an API lead\'s token', async () => {
    t = await app();
    const { bookingUrl } = await (await send(lead())).json();
    const token = new URL(bookingUrl).pathname.split('/b/')[1]!;
    const slots = (await (await t.app.request(`/b/${token}`)).text()).match(/<option value="(\d{4}-[^"]+Z)">/g)!.map((o) => o.slice(15, -2));
    expect((await t.post('/api/bookings', { leadToken: token, start: slots[0] })).status).toBe(201);
    const again = await t.post('/api/bookings', { leadToken: token, start: slots[1] });
    expect(again.status).toBe(409);
    const body = await again.json();
    expect(body.error.code).toBe('already_booked');
    expect(body.error.manageUrl).toBeUndefined();
  });
});
