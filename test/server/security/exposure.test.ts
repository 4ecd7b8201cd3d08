import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/http/log.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z } from '../../fixtures/test-config.ts';

let t: TestApp | undefined;
afterEach(async () => { await t?.close(); t = undefined; });

/** Runs a whole prospect journey and returns every public response body. */
async function journey(app: TestApp): Promise<{ bodies: string[]; managePath: string }> {
  const bodies: string[] = [];
  const keep = async (res: Response) => { bodies.push(await res.clone().text()); return res; };
  await keep(await app.app.request('/api/forms/demo'));
  const lead = await (await keep(await app.post('/api/forms/demo/submissions', { answers: validAnswers({ name: 'Zed Secretname', email: 'zed.private@acme.io' }), timezone: 'UTC' }))).json();
  await keep(await app.app.request(`/api/leads/${lead.leadId}/slots?from=2026-11-24T00:00:00Z&to=2026-11-26T00:00:00Z`, { headers: { authorization: `Bearer ${lead.leadToken}` } }));
  const booking = await (await keep(await app.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[0].start }))).json();
  await keep(await app.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[1].start }));
  const managePath = new URL(booking.manageUrl).pathname;
  const token = managePath.split('/')[2];
  await keep(await app.app.request(`/api/manage/${token}`));
  await keep(await app.app.request(managePath));
  await keep(await app.post(`/api/manage/${token}/reschedule`, { start: lead.slots[2].start }));
  return { bodies, managePath };
}

describe('what public responses and logs give away', () => {
  it('never puts a rep\'s email address or calendar in a public response', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const { bodies } = await journey(t);
    expect(bodies.length).toBeGreaterThan(7);
    for (const body of bodies) {
      expect(body).not.toMatch(/@test\.co\b/);
      expect(body).not.toMatch(/America\/New_York|workingHours|calendars/);
    }
  });

  it('answers with no stack trace, even for an unexpected failure', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    await t.db.destroy(); // every query now fails
    const res = await t.post('/api/forms/demo/submissions', { answers: validAnswers(), timezone: 'UTC' });
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(JSON.parse(body).error.code).toBe('internal');
    expect(body).not.toMatch(/at \w+ \(|\.ts:\d+|node_modules|Error:/);
  });

  it('keeps prospects\' emails, names and tokens out of the logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
    t = await createTestApp({ now: MONDAY_0600Z, log: createLogger(sink) });
    const { managePath } = await journey(t);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(7);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(log).toMatch(/"requestId":"[\w-]+"/);
    expect(log).not.toMatch(/zed\.private|acme\.io|Secretname/);
    expect(log).not.toContain(managePath.split('/')[2]);
    expect(log).toContain('"path":"/m/:token"');
  });

  it('keeps host tokens out of the logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
    t = await createTestApp({ now: MONDAY_0600Z, log: createLogger(sink) });
    const token = 'h'.repeat(43);
    await t.app.request(`/h/${token}`);
    await t.app.request(`/h/${token}/accept`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const log = lines.join('');
    expect(log).not.toContain(token);
    expect(log).toContain('"path":"/h/:token"');
    expect(log).toContain('"path":"/h/:token/accept"');
  });

  it('masks email addresses that error texts carry into the logs', () => {
    const lines: string[] = [];
    const log = createLogger(new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } }));
    log.error('delivery failed for good', { error: '550 5.1.1 <zed.private@acme.io>: Recipient address rejected', nested: ['cc: a.b@c.de'] });
    return new Promise<void>((resolve) => setTimeout(() => {
      expect(lines.join('')).not.toMatch(/zed\.private|a\.b@c/);
      expect(lines.join('')).toContain('550 5.1.1 <[email]>: Recipient address rejected');
      resolve();
    }, 20));
  });

  it('sends HTML pages with a strict CSP, no framing and no sniffing', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const { managePath } = await journey(t);
    for (const path of ['/', '/not-a-fit/demo', managePath]) {
      const res = await t.app.request(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/frame-ancestors 'none'/);
      expect(csp).toMatch(/script-src 'self' 'nonce-[\w+/=]+'/);
      expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    const api = await t.app.request('/api/forms/demo');
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
