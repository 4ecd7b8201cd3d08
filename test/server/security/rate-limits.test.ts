import { afterEach, describe, expect, it } from 'vitest';
import { countLeads } from '../../../server/store/leads.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z, TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

const LIMITED = TEST_CONFIG_YAML
  .replace('submissionsPerIpPerMinute: 0', 'submissionsPerIpPerMinute: 20')
  .replace('bookingsPerIpPerMinute: 0', 'bookingsPerIpPerMinute: 5')
  .replace('submissionsPerEmailPerHour: 0', 'submissionsPerEmailPerHour: 3');

let t: TestApp | undefined;
afterEach(async () => { await t?.close(); t = undefined; });

const from = (ip: string) => ({ 'x-forwarded-for': ip });

describe('abuse limits', () => {
  it('holds the per-address limit through a burst of 200 while other addresses get through', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, yaml: LIMITED, trustProxy: true });
    const app = t;
    const burst = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      app.post('/api/forms/demo/submissions', { answers: validAnswers({ email: `bot${i}@spam.io` }), timezone: 'UTC' }, from('203.0.113.7'))));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(180);
    const limited = burst.find((r) => r.status === 429)!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe('rate_limited');
    expect(await countLeads(app.db)).toBe(20);

    // Real prospects elsewhere are unaffected.
    for (const ip of ['198.51.100.1', '198.51.100.2', '2001:db8::1']) {
      const res = await app.post('/api/forms/demo/submissions', { answers: validAnswers({ email: `real@${ip.replace(/[.:]/g, '')}.io` }), timezone: 'UTC' }, from(ip));
      expect(res.status).toBe(200);
    }
  });

  it('limits submissions per email address across addresses', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, yaml: LIMITED, trustProxy: true });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.post('/api/forms/demo/submissions', { answers: validAnswers({ email: 'Same@Acme.io' }), timezone: 'UTC' }, from(`198.51.100.${i}`));
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('limits booking attempts per address', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, yaml: LIMITED, trustProxy: true });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await t.post('/api/bookings', { leadToken: 'x'.repeat(43), start: '2026-11-23T14:00:00.000Z' }, from('203.0.113.9'))).status);
    }
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
  });

  it('ignores X-Forwarded-For unless told to trust a proxy', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, yaml: LIMITED });
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      statuses.push((await t.post('/api/forms/demo/submissions', { answers: validAnswers({ email: `p${i}@acme.io` }), timezone: 'UTC' }, from(`198.51.100.${i}`))).status);
    }
    // Every request counts against the one real (socket) address.
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
  });
});

describe('open leads per email', () => {
  it('stops handing out rotation turns to one address after the daily cap of unbooked leads', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, yaml: TEST_CONFIG_YAML.replace('openLeadsPerEmailPerDay: 0', 'openLeadsPerEmailPerDay: 2') });
    const submit = () => t!.post('/api/forms/demo/submissions', { answers: validAnswers({ email: 'collector@acme.io' }), timezone: 'UTC' });
    const first = await (await submit()).json();
    expect((await submit()).status).toBe(200);
    const third = await submit();
    expect(third.status).toBe(429);
    expect((await third.json()).error.code).toBe('rate_limited');
    expect(await countLeads(t.db)).toBe(2);

    // Once one of them is booked, the address is a known prospect: told of the meeting,
    // with nothing stored. A day later (the meeting over) the count starts again.
    expect((await t.post('/api/bookings', { leadToken: first.leadToken, start: first.slots[0].start })).status).toBe(201);
    const known = await submit();
    expect(known.status).toBe(200);
    expect((await known.json()).outcome).toBe('already_booked');
    expect(await countLeads(t.db)).toBe(2);
    t.setNow(MONDAY_0600Z + 86_400_000 + 60_000);
    expect((await (await submit()).json()).outcome).toBe('schedule');
    expect((await submit()).status).toBe(200);
    expect((await submit()).status).toBe(429);
  });
});

describe('client address behind a proxy', () => {
  it('counts the address the proxy appended, not what the client put before it', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, yaml: LIMITED, trustProxy: true });
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      // A client forging a fresh address each time; the proxy appends the real one.
      const headers = { 'x-forwarded-for': `10.0.0.${i}, 203.0.113.50` };
      statuses.push((await t.post('/api/forms/demo/submissions', { answers: validAnswers({ email: `p${i}@acme.io` }), timezone: 'UTC' }, headers)).status);
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
  });
});
