import { afterEach, describe, expect, it } from 'vitest';
import { createMailer } from '../../../server/delivery/mail.ts';
import { createOutboxWorker } from '../../../server/delivery/outbox.ts';
import { silentLogger } from '../../../server/http/log.ts';
import { Metrics } from '../../../server/http/metrics.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z } from '../../fixtures/test-config.ts';
import { testConfigWith } from '../booking/fixtures.ts';

let t: TestApp | undefined;
afterEach(async () => { await t?.close(); t = undefined; });

const TOKEN = 'metrics-token-0123456789';

/** One sample's value from Prometheus text, by name and exact labels; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).sort().join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter(Boolean).sort().join(',');
    if (have === wanted) return Number(match[3]);
  }
  return undefined;
}

async function scrape(app: TestApp, token = TOKEN): Promise<string> {
  const res = await app.app.request('/metrics', { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

async function submit(app: TestApp, answers: Record<string, string>) {
  const res = await app.post('/api/forms/demo/submissions', { answers: validAnswers(answers), timezone: 'Europe/Berlin' });
  return res.json() as Promise<{ outcome: string; leadToken?: string; slots?: { start: string }[] }>;
}

describe('GET /metrics', () => {
  it('asks for USHER_METRICS_TOKEN as a bearer when it is set', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, metricsToken: TOKEN });
    const none = await t.app.request('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="usher-metrics"');
    expect((await none.json()).error.code).toBe('unauthorized');
    expect((await t.app.request('/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    expect(await scrape(t)).toContain('# TYPE usher_http_requests_total counter');
  });

  it('is open without a token', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    expect((await t.app.request('/metrics')).status).toBe(200);
  });

  it('counts requests by route pattern and status, never by raw path, with latency', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, metricsToken: TOKEN });
    const lead = await submit(t, {});
    const range = '?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z';
    const leadId = (await t.store.leads.list(1, null))!.leads[0]!.id;
    await t.app.request(`/api/leads/${leadId}/slots${range}`, { headers: { authorization: `Bearer ${lead.leadToken}` } });
    await t.app.request(`/api/leads/${leadId}/slots${range}`, { headers: { authorization: 'Bearer not-the-token' } });
    await t.app.request('/no/such/page');
    await t.post('/api/forms/demo/submissions', '{"broken');
    const text = await scrape(t);
    expect(sample(text, 'usher_http_requests_total', { method: 'POST', route: '/api/forms/:formId/submissions', status: '200' })).toBe(1);
    expect(sample(text, 'usher_http_requests_total', { method: 'POST', route: '/api/forms/:formId/submissions', status: '400' })).toBe(1);
    expect(sample(text, 'usher_http_requests_total', { method: 'GET', route: '/api/leads/:leadId/slots', status: '200' })).toBe(1);
    expect(sample(text, 'usher_http_requests_total', { method: 'GET', route: '/api/leads/:leadId/slots', status: '404' })).toBe(1);
    expect(sample(text, 'usher_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(text).not.toContain(leadId);
    expect(sample(text, 'usher_http_request_duration_seconds_count', { method: 'GET', route: '/api/leads/:leadId/slots' })).toBe(2);
    expect(sample(text, 'usher_http_request_duration_seconds_bucket', { method: 'GET', route: '/api/leads/:leadId/slots', le: '+Inf' })).toBe(2);
  });

  it('counts leads by outcome and bookings once each, a replayed request not again', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, metricsToken: TOKEN });
    const lead = await submit(t, {});
    await submit(t, { email: 'jo@smallco.io', size: '1-10' });
    await submit(t, { email: 'jo@gmail.com' });
    const book = () => t!.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots![0]!.start }, { 'idempotency-key': 'book-once-0001' });
    const first = await book();
    expect(first.status).toBe(201);
    expect((await book()).status).toBe(201);
    const { manageUrl } = await first.json() as { manageUrl: string };
    const token = new URL(manageUrl).pathname.split('/').pop()!;
    expect((await t.post(`/api/manage/${token}/cancel`, { reason: 'changed plans' })).status).toBe(200);
    expect((await t.post(`/api/manage/${token}/cancel`, {})).status).toBe(200);

    const text = await scrape(t);
    expect(sample(text, 'usher_leads_total', { form: 'demo', outcome: 'schedule' })).toBe(1);
    expect(sample(text, 'usher_leads_total', { form: 'demo', outcome: 'disqualified' })).toBe(2);
    expect(sample(text, 'usher_bookings_total', { meeting_type: 'demo' })).toBe(1);
    expect(sample(text, 'usher_booking_changes_total', { change: 'canceled' })).toBe(1);
  });

  it('reports the outbox as the database holds it, and what a worker delivered', async () => {
    const metrics = new Metrics();
    t = await createTestApp({ now: MONDAY_0600Z, metricsToken: TOKEN, metrics });
    const lead = await submit(t, {});
    expect((await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots![0]!.start })).status).toBe(201);
    const pending = await t.store.outbox.list({ status: 'pending' });
    const emails = pending.filter((job) => job.kind === 'email').length;
    expect(emails).toBeGreaterThan(0);
    t.setNow(MONDAY_0600Z + 1000);
    let text = await scrape(t);
    expect(sample(text, 'usher_outbox_jobs', { kind: 'email', state: 'pending' })).toBe(emails);
    expect(sample(text, 'usher_outbox_oldest_pending_seconds')).toBe(1);

    // One email fails for good, the rest go out.
    const [doomed] = await t.store.outbox.claimDue({ now: MONDAY_0600Z + 1000, leaseMs: 60_000, limit: 1, leaseToken: 'lease-1' });
    await t.store.outbox.fail(doomed!, { error: 'mailbox unavailable', retryAt: null, at: MONDAY_0600Z + 1000 });
    const worker = createOutboxWorker({
      store: t.store, mailer: createMailer({ dataDir: t.dataDir }), log: silentLogger, clock: () => MONDAY_0600Z + 2000,
      secret: () => undefined, onSettled: (kind, result) => metrics.delivered(kind, result),
    });
    await worker.drain();
    text = await scrape(t);
    expect(sample(text, 'usher_outbox_jobs', { kind: 'email', state: 'dead' })).toBe(1);
    expect(sample(text, 'usher_outbox_jobs', { kind: 'email', state: 'pending' })).toBeUndefined();
    expect(sample(text, 'usher_outbox_deliveries_total', { kind: 'email', result: 'sent' })).toBe(emails - 1);
    expect(sample(text, 'usher_outbox_oldest_pending_seconds')).toBe(0);
  });

  it('reports calendar sources by state and the reps they keep out', async () => {
    const yaml = testConfigWith((config) => {
      (config.reps as { calendars?: unknown }[])[0]!.calendars = [{ kind: 'ics', url: 'http://127.0.0.1:9/never.ics' }];
    });
    t = await createTestApp({ now: MONDAY_0600Z, yaml, metricsToken: TOKEN });
    const text = await scrape(t);
    expect(sample(text, 'usher_calendar_sources', { state: 'stale' })).toBe(1);
    expect(sample(text, 'usher_calendar_sources', { state: 'ok' })).toBe(0);
    expect(sample(text, 'usher_calendar_reps_excluded')).toBe(1);
    expect(sample(text, 'usher_database_up')).toBe(1);
  });

  it('still answers, saying the database is down, when it cannot read the database', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, metricsToken: TOKEN });
    await t.db.destroy();
    const text = await scrape(t);
    expect(sample(text, 'usher_database_up')).toBe(0);
  });
});
