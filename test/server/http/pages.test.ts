import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z, TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

let t: TestApp;
beforeEach(async () => { t = await createTestApp({ now: MONDAY_0600Z }); });
afterEach(async () => { await t.close(); });

describe('pages', () => {
  it('GET / embeds the widget by script tag', async () => {
    const html = await (await t.app.request('/')).text();
    expect(html).toContain('<div data-usher-form="demo"></div>');
    expect(html).toContain('<script src="/widget.js" async></script>');
  });

  it('GET /?form=<id> shows that form (where a canceled meeting\'s email sends the prospect), and the first for an unknown one', async () => {
    await t.close();
    t = await createTestApp({ now: MONDAY_0600Z, yaml: `${TEST_CONFIG_YAML}  trial:\n    title: Start a trial\n    meetingType: demo\n    questions:\n      - { id: email, type: email, label: Work email, required: true }\n    routes:\n      - to: { team: rr }\n` });
    expect(await (await t.app.request('/?form=trial')).text()).toContain('<div data-usher-form="trial"></div>');
    expect(await (await t.app.request('/?form=nope')).text()).toContain('<div data-usher-form="demo"></div>');
  });

  it('GET /widget.js serves the bundle with an ETag and answers 304 to a revalidation', async () => {
    const res = await t.app.request('/widget.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect((await t.app.request('/widget.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('GET /not-a-fit/:formId shows the form\'s friendly page', async () => {
    const res = await t.app.request('/not-a-fit/demo?reason=too_small');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<h1>Thanks for your interest</h1>');
    expect((await t.app.request('/not-a-fit/nope')).status).toBe(404);
  });

  it('GET /m/:token shows the booking and serves its invite', async () => {
    const lead = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers(), timezone: 'Asia/Kolkata' })).json();
    const booking = await (await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[0].start })).json();
    const path = new URL(booking.manageUrl).pathname;
    const page = await (await t.app.request(path)).text();
    // 14:00Z is 19:30 in Kolkata, the prospect's zone.
    expect(page).toContain('Monday, November 23, 2026, 7:30');
    const ics = await t.app.request(`${path}/invite.ics`);
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(await ics.text()).toContain('DTSTART:20261123T140000Z');
    expect((await t.app.request('/m/not-a-token')).status).toBe(404);
  });

  it('GET /health checks the database', async () => {
    expect(await (await t.app.request('/health')).json()).toEqual({ status: 'ok', database: 'ok' });
  });
});

describe('CORS', () => {
  it('grants the configured origins and refuses others', async () => {
    const preflight = (origin: string) => t.app.request('/api/bookings', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' },
    });
    const own = await preflight('http://usher.test');
    expect(own.headers.get('access-control-allow-origin')).toBe('http://usher.test');
    expect(own.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
    expect(own.status).toBe(204);
    expect(own.headers.get('access-control-max-age')).toBe('600');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('names the allowed origin on answers and on errors alike, so the widget can read both', async () => {
    const submit = (origin: string, answers: Record<string, string>) => t.app.request('/api/forms/demo/submissions', {
      method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ answers, timezone: 'Europe/Berlin' }),
    });
    const ok = await submit('http://usher.test', { email: 'jo@acme.io', name: 'Jo', size: '11-50' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://usher.test');
    expect(ok.headers.get('vary')).toMatch(/origin/i);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const bad = await submit('http://usher.test', { email: 'not-an-email', name: 'Jo', size: '11-50' });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('access-control-allow-origin')).toBe('http://usher.test');
    expect(bad.headers.get('x-content-type-options')).toBe('nosniff');
    const stranger = await submit('https://evil.example', { email: 'jo@acme.io', name: 'Jo', size: '11-50' });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });
});
