import { afterEach, describe, expect, it } from 'vitest';
import { createMailer } from '../../../server/delivery/mail.ts';
import { createOutboxWorker, OUTBOX_DEFAULTS, retryDelay } from '../../../server/delivery/outbox.ts';
import { signatureHeader, verifySignature } from '../../../server/delivery/webhooks.ts';
import { silentLogger } from '../../../server/http/log.ts';
import { listJobs } from '../../../server/store/outbox.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z } from '../../fixtures/test-config.ts';
import { testConfigWith } from '../booking/fixtures.ts';
import { startWebhookSink, type Hook } from './sinks.ts';

const SECRETS: Record<string, string> = { HOOK_CRM_SECRET: 'crm-secret-0123456789', HOOK_SLACK_SECRET: 'slack-secret-9876543210' };

type Sink = Awaited<ReturnType<typeof startWebhookSink>>;
let t: TestApp | undefined;
const sinks: Sink[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

let clock = MONDAY_0600Z;
async function setup(hooks: { sink: Sink; events: string[]; secretEnv: string }[], secret = (name: string) => SECRETS[name]) {
  clock = MONDAY_0600Z;
  const yaml = testConfigWith((config) => {
    config.webhooks = hooks.map((h) => ({ url: h.sink.url, events: h.events, secretEnv: h.secretEnv }));
  });
  t = await createTestApp({ now: MONDAY_0600Z, yaml });
  return createOutboxWorker({
    store: t.store, mailer: createMailer({ dataDir: t.dataDir }), log: silentLogger, clock: () => clock, secret, random: () => 0.5,
  });
}

async function sink(status?: (hook: Hook, index: number) => number) {
  const s = await startWebhookSink(status);
  sinks.push(s);
  return s;
}

async function book(app: TestApp) {
  const lead = await (await app.post('/api/forms/demo/submissions', { answers: validAnswers(), timezone: 'Europe/Berlin' })).json();
  const booking = await (await app.post('/api/bookings', { leadToken: lead.leadToken, start: '2026-11-23T14:00:00.000Z' })).json();
  return { ...booking, token: new URL(booking.manageUrl).pathname.split('/')[2] as string };
}

/** What a receiver does: check the signature over the raw body, then read it. */
function receive(hook: Hook, secret: string) {
  const check = verifySignature({ header: hook.headers['usher-signature'] as string, body: hook.body, secret, now: clock });
  return { check, event: JSON.parse(hook.body) };
}

describe('webhooks', () => {
  it('delivers each booking event, signed, to the endpoints that subscribed to it', async () => {
    const crm = await sink();
    const slack = await sink();
    const w = await setup([
      { sink: crm, events: ['booking.created', 'booking.canceled'], secretEnv: 'HOOK_CRM_SECRET' },
      { sink: slack, events: ['booking.rescheduled'], secretEnv: 'HOOK_SLACK_SECRET' },
    ]);
    const b = await book(t!);
    await t!.post(`/api/manage/${b.token}/reschedule`, { start: '2026-11-23T16:00:00.000Z' });
    await t!.post(`/api/manage/${b.token}/cancel`, { reason: 'Budget freeze' });
    await w.drain();

    // Deliveries go out in parallel, so receivers get no order guarantee (events carry
    // the booking's sequence for that); what matters is that each one arrives.
    expect(crm.hooks.map((h) => h.headers['usher-event']).sort()).toEqual(['booking.canceled', 'booking.created']);
    expect(slack.hooks.map((h) => h.headers['usher-event'])).toEqual(['booking.rescheduled']);
    for (const [hook, secret] of [...crm.hooks.map((h) => [h, SECRETS.HOOK_CRM_SECRET!] as const), [slack.hooks[0]!, SECRETS.HOOK_SLACK_SECRET!] as const]) {
      const { check, event } = receive(hook, secret);
      expect(check.ok).toBe(true);
      expect(hook.headers['content-type']).toBe('application/json');
      expect(hook.headers['usher-event-id']).toBe(event.id);
      expect(event.id).toMatch(/^evt_[0-9a-f-]{36}$/);
      expect(event.data.booking.id).toBe(b.bookingId);
      expect(event.data.rep).toEqual({ id: 'ny', name: 'Nora York', email: 'nora@test.co' });
      expect(event.data.lead.answers.size).toBe('11-50');
      // The manage link is the prospect's key; it never leaves in a webhook.
      expect(hook.body).not.toContain(b.token);
    }
    const events = crm.hooks.map((h) => JSON.parse(h.body) as { type: string; id: string });
    const created = events.find((e) => e.type === 'booking.created')!;
    const canceled = events.find((e) => e.type === 'booking.canceled')!;
    expect(created).toMatchObject({ type: 'booking.created', data: { booking: { status: 'confirmed', sequence: 0, start: '2026-11-23T14:00:00.000Z' } } });
    expect(canceled).toMatchObject({ type: 'booking.canceled', data: { booking: { status: 'canceled', sequence: 2 }, reason: 'Budget freeze' } });
    expect(JSON.parse(slack.hooks[0]!.body)).toMatchObject({
      type: 'booking.rescheduled',
      data: { booking: { start: '2026-11-23T16:00:00.000Z', sequence: 1 }, previous: { start: '2026-11-23T14:00:00.000Z' } },
    });
    expect(new Set([created.id, canceled.id, JSON.parse(slack.hooks[0]!.body).id]).size).toBe(3);
  });

  it('retries a receiver that answers 500, with growing waits, until it takes the event', async () => {
    const flaky = await sink((_, index) => (index < 2 ? 500 : 204));
    const w = await setup([{ sink: flaky, events: ['booking.created'], secretEnv: 'HOOK_CRM_SECRET' }]);
    await book(t!);
    const hookJob = async () => (await listJobs(t!.db)).find((j) => j.kind === 'webhook')!;
    const step = (attempt: number) => retryDelay(attempt, OUTBOX_DEFAULTS.backoff, () => 0.5);

    await w.drain();
    expect(flaky.hooks).toHaveLength(1);
    expect(await hookJob()).toMatchObject({ status: 'pending', attempts: 1, lastError: 'webhook answered 500', runAt: clock + step(1) });
    // Not due: no new delivery before the wait is over.
    clock += step(1) - 1;
    await w.drain();
    expect(flaky.hooks).toHaveLength(1);
    clock += 1;
    await w.drain();
    expect(flaky.hooks).toHaveLength(2);
    expect(step(2)).toBe(2 * step(1));
    expect(await hookJob()).toMatchObject({ status: 'pending', attempts: 2, runAt: clock + step(2) });
    clock += step(2);
    await w.drain();
    expect(await hookJob()).toMatchObject({ status: 'done', attempts: 3 });

    // Every try carries the same event and body, signed at its own time.
    expect(new Set(flaky.hooks.map((h) => h.headers['usher-event-id'])).size).toBe(1);
    expect(new Set(flaky.hooks.map((h) => h.body)).size).toBe(1);
    expect(new Set(flaky.hooks.map((h) => h.headers['usher-signature'])).size).toBe(3);
    expect(receive(flaky.hooks[2]!, SECRETS.HOOK_CRM_SECRET!).check.ok).toBe(true);
  });

  it('announces disqualified and routed leads, with the routing decision', async () => {
    const crm = await sink();
    const w = await setup([{ sink: crm, events: ['lead.disqualified', 'lead.routed'], secretEnv: 'HOOK_CRM_SECRET' }]);
    await t!.post('/api/forms/demo/submissions', { answers: validAnswers({ size: '1-10' }), timezone: 'UTC' });
    const routed = await (await t!.post('/api/forms/demo/submissions', { answers: validAnswers(), timezone: 'UTC' })).json();
    await w.drain();
    const events = crm.hooks.map((hook) => receive(hook, SECRETS.HOOK_CRM_SECRET!));
    expect(events.every((e) => e.check.ok)).toBe(true);
    const byType = Object.fromEntries(events.map((e) => [e.event.type, e.event.data]));
    expect(byType['lead.disqualified']).toMatchObject({ lead: { outcome: 'disqualified', reason: 'too_small' }, rep: null });
    expect(byType['lead.routed']).toMatchObject({
      lead: { id: routed.leadId, outcome: 'schedule', teamId: 'rr', mode: 'assigned' },
      rep: { id: 'ny', name: 'Nora York' },
      route: { index: 3, target: { team: 'rr' } },
    });
    expect(JSON.stringify(byType)).not.toContain(routed.leadToken);
  });

  it('holds deliveries whose secret is not set, for as long as it takes, rather than send them unsigned', async () => {
    const receiver = await sink();
    let configured: string | undefined = undefined;
    const w = await setup([{ sink: receiver, events: ['booking.created'], secretEnv: 'HOOK_UNSET_SECRET' }], () => configured);
    await book(t!);
    // Two days of waiting (far past the 20 tries a failing receiver gets) use no try.
    for (let round = 0; round < 600; round++) {
      await w.drain();
      clock += 5 * 60_000;
    }
    expect(receiver.hooks).toHaveLength(0);
    const job = (await listJobs(t!.db)).find((j) => j.kind === 'webhook')!;
    expect(job).toMatchObject({ status: 'pending', attempts: 0, lastError: 'the webhook secret HOOK_UNSET_SECRET is not set' });

    configured = 'late-secret-0123456789';
    clock += 5 * 60_000;
    await w.drain();
    expect(receiver.hooks).toHaveLength(1);
    const hook = receiver.hooks[0]!;
    expect(verifySignature({ header: hook.headers['usher-signature'] as string, body: hook.body, secret: 'late-secret-0123456789', now: clock }))
      .toMatchObject({ ok: true });
  });
});

describe('verifySignature', () => {
  const secret = 'whsec-test-secret';
  const body = JSON.stringify({ id: 'evt_1', type: 'booking.created', data: { booking: { id: 'b1' } } });
  const now = Date.parse('2026-11-23T06:00:00Z');
  const t0 = Math.floor(now / 1000);
  const header = signatureHeader(secret, body, t0);

  it('accepts an untouched delivery', () => {
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature({ header, body, secret, now })).toEqual({ ok: true, timestamp: t0 });
  });

  it('detects a tampered body', () => {
    expect(verifySignature({ header, body: body.replace('b1', 'b2'), secret, now })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifySignature({ header, body: `${body} `, secret, now })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('detects a tampered signature, timestamp or secret', () => {
    const flipped = header.replace(/v1=(.)/, (_, c: string) => `v1=${c === 'a' ? 'b' : 'a'}`);
    expect(verifySignature({ header: flipped, body, secret, now })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifySignature({ header: header.replace(`t=${t0}`, `t=${t0 + 1}`), body, secret, now })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifySignature({ header, body, secret: 'another-secret', now })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a replay older than the tolerance, and headers it cannot read', () => {
    expect(verifySignature({ header, body, secret, now: now + 301_000 })).toEqual({ ok: false, reason: 'too_old' });
    for (const bad of [undefined, '', 'v1=abc', `t=${t0}`, 't=soon,v1=00']) {
      expect(verifySignature({ header: bad, body, secret, now }).ok).toBe(false);
    }
  });

  it('accepts a header that carries signatures by the old and the new secret during a rotation', () => {
    const both = `${header},v1=${signatureHeader('next-secret', body, t0).split('v1=')[1]}`;
    expect(verifySignature({ header: both, body, secret: 'next-secret', now }).ok).toBe(true);
    expect(verifySignature({ header: both, body, secret, now }).ok).toBe(true);
  });
});
