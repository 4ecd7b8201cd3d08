import fc from 'fast-check';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../../shared/api.ts';
import { countBookings } from '../../../server/store/bookings.ts';
import { countLeads } from '../../../server/store/leads.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z, TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ now: MONDAY_0600Z }); });
afterAll(async () => { await t.close(); });

/** Keys that try to reach Object.prototype through a careless merge. */
const pollutingKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty');
/** Text an attacker would try: markup, ICS and header control text, unicode, NUL. */
const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.constantFrom(
    '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'a\r\nBcc: victim@example.com',
    'x\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:pwned', 'DESCRIPTION;X=1:evil\\n', '\u0000\u0001\u001b[31m', '😀'.repeat(500),
    '${7*7}{{7*7}}', "'; DROP TABLE leads; --", 'ࠀ\u202eevil', ' ', '',
  ),
);
const hostileValue = fc.oneof(hostileText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(hostileText, { maxLength: 3 }), fc.object({ maxDepth: 2 }));
const hostileAnswers = fc.dictionary(fc.oneof(pollutingKey, fc.constantFrom('email', 'name', 'size', 'country'), hostileText), hostileValue, { maxKeys: 8 });
const hostileBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({ answers: hostileAnswers, timezone: fc.oneof(hostileText, fc.constantFrom('Europe/Berlin', 'Mars/Olympus')) }, { requiredKeys: [] }),
  fc.record({ leadToken: fc.oneof(hostileText, fc.constant('x'.repeat(43))), start: fc.oneof(hostileText, fc.constant('2026-11-23T14:00:00.000Z')) }, { requiredKeys: [] }),
  fc.dictionary(pollutingKey, fc.jsonValue({ maxDepth: 2 })),
);

async function expectJson4xx(res: Response) {
  expect(res.status, await res.clone().text()).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const parsed = errorBodySchema.safeParse(await res.json());
  expect(parsed.success).toBe(true);
}

describe('hostile input on public endpoints', () => {
  it('never answers 500 and never writes a row for a rejected request', async () => {
    const before = { leads: await countLeads(t.db), bookings: await countBookings(t.db) };
    await fc.assert(fc.asyncProperty(
      fc.constantFrom('/api/forms/demo/submissions', '/api/bookings', '/api/forms/%00/submissions', '/api/forms/__proto__/submissions'),
      fc.oneof(hostileBody.map((b) => JSON.stringify(b)), hostileText, fc.constant('{"answers":'), fc.constant('[]')),
      async (path, raw) => {
        const res = await t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
        if (res.status < 300) return; // an accidentally valid submission is fine
        await expectJson4xx(res);
      },
    ), { numRuns: 300 });
    // Only well-formed submissions could have created leads; bookings need a real token.
    expect(await countBookings(t.db)).toBe(before.bookings);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('answers a JSON 4xx to every hostile GET of a form', async () => {
    await fc.assert(fc.asyncProperty(hostileText, async (id) => {
      const res = await t.app.request(`/api/forms/${encodeURIComponent(id)}`);
      if (id === 'demo') return;
      await expectJson4xx(res);
    }), { numRuns: 200 });
  });

  it('answers a JSON 4xx, not 500, to malformed form posts on the manage page', async () => {
    for (const type of ['multipart/form-data', 'multipart/form-data; boundary=x', 'text/plain']) {
      for (const action of ['reschedule', 'cancel']) {
        const res = await t.app.request(`/m/${'a'.repeat(43)}/${action}`, { method: 'POST', headers: { 'content-type': type }, body: '--x\r\ngarbage' });
        await expectJson4xx(res);
      }
    }
  });

  it('never answers 500 on the host and booking pages, whatever the token, type or body', async () => {
    const { leadToken } = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers({ email: 'fuzz-page@acme.io' }), timezone: 'UTC' })).json();
    await fc.assert(fc.asyncProperty(
      fc.constantFrom('/h/:t', '/h/:t/accept', '/h/:t/hand-back', '/h/:t/cancel', '/h/:t/outcome', '/b/:t'),
      fc.oneof(hostileText, fc.constant('x'.repeat(43)), fc.constant(leadToken as string)),
      fc.constantFrom('application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', 'application/json'),
      fc.oneof(hostileText, hostileText.map((v) => new URLSearchParams({ reason: v, outcome: v, start: v, tz: v }).toString())),
      async (route, token, type, body) => {
        const path = route.replace(':t', encodeURIComponent(token) || 'x');
        const res = await t.app.request(path, { method: 'POST', headers: { 'content-type': type }, body });
        expect(res.status, `${path} ${res.status}`).toBeLessThan(500);
        expect((await t.app.request(path)).status).toBeLessThan(500);
      },
    ), { numRuns: 200 });
    expect(await countBookings(t.db)).toBeLessThanOrEqual(1);
  });

  it('answers hostile leads API calls with a JSON 4xx, never a 500', async () => {
    const key = 'fuzz-key-0123456789abcdef';
    const app = await createTestApp({
      now: MONDAY_0600Z, env: { USHER_FUZZ_KEY: key },
      yaml: TEST_CONFIG_YAML.replace('forms:\n', 'apiKeys:\n  - { id: fuzz, secretEnv: USHER_FUZZ_KEY }\nforms:\n'),
    });
    try {
      await fc.assert(fc.asyncProperty(
        fc.oneof(hostileBody.map((b) => JSON.stringify(b)), fc.record({ form: fc.oneof(hostileText, fc.constant('demo')), answers: hostileAnswers, source: hostileValue }).map((b) => JSON.stringify(b)), hostileText),
        fc.oneof(fc.constant(undefined), hostileText),
        async (raw, idem) => {
          const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
          if (idem !== undefined && /^[\x20-\x7e]*$/.test(idem)) headers['idempotency-key'] = idem;
          const res = await app.app.request('/api/leads', { method: 'POST', headers, body: raw });
          if (res.status < 300) return;
          await expectJson4xx(res);
        },
      ), { numRuns: 200 });
    } finally {
      await app.close();
    }
  });

  it('refuses bodies over the size limit with 413 and writes nothing', async () => {
    const leads = await countLeads(t.db);
    const res = await t.post('/api/forms/demo/submissions', { answers: { ...validAnswers(), name: 'x'.repeat(70_000) }, timezone: 'UTC' });
    expect(res.status).toBe(413);
    await expectJson4xx(res);
    expect(await countLeads(t.db)).toBe(leads);
  });

  it('refuses a prototype-polluting answer key without touching Object.prototype', async () => {
    const body = `{"answers":{"__proto__":{"polluted":"yes"},"email":"a@acme.io","name":"A","size":"11-50"},"timezone":"UTC"}`;
    const res = await t.post('/api/forms/demo/submissions', body);
    await expectJson4xx(res);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses CRLF in single-line answers and in email addresses', async () => {
    for (const answers of [validAnswers({ name: 'Eve\r\nBcc: victim@example.com' }), validAnswers({ email: 'eve@acme.io\r\nBcc: victim@example.com' })]) {
      const res = await t.post('/api/forms/demo/submissions', { answers, timezone: 'UTC' });
      expect(res.status).toBe(422);
    }
  });

  it('builds invites from hostile answers that still parse and carry the text escaped', async () => {
    await fc.assert(fc.asyncProperty(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }).filter((s) => s.trim() !== '' && !/[\r\n\u0000-\u001f\u007f]/.test(s)),
      async (name) => {
        const app = await createTestApp({ now: MONDAY_0600Z });
        try {
          const lead = await (await app.post('/api/forms/demo/submissions', { answers: validAnswers({ name: `${name};:,\\"<b>` }), timezone: 'UTC' })).json();
          const res = await app.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[0].start });
          expect(res.status).toBe(201);
          const booking = await res.json();
          const ics = await (await app.app.request(`${new URL(booking.manageUrl).pathname}/invite.ics`)).text();
          const calendar = new ICAL.Component(ICAL.parse(ics));
          const events = calendar.getAllSubcomponents('vevent');
          expect(events).toHaveLength(1);
          const event = new ICAL.Event(events[0]!);
          // The server trims the answer as sent, so compare with the whole answer trimmed.
          expect(event.summary).toContain(`${name};:,\\"<b>`.trim());
          expect(event.startDate.toJSDate().toISOString()).toBe(booking.start);
        } finally {
          await app.close();
        }
      },
    ), { numRuns: 25 });
  });
});
