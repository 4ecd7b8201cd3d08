import { afterEach, describe, expect, it } from 'vitest';
import { whyRouted } from '../../../server/delivery/notify.ts';
import { readerFor } from '../../../server/i18n/reader.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z, TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

let t: TestApp | undefined;
afterEach(async () => { await t?.close(); t = undefined; });

const STICKY = TEST_CONFIG_YAML.replace('routing:\n  stickyDays: 0\n', 'routing:\n  stickyDays: 30\n');
const DAY = 86_400_000;

/**
 * A prospect who comes back (routing.stickyDays, SPEC §12) goes to the rep they had when
 * that rep is in the matched route's pool and has times; the team takes no turn for
 * them, and the trace says why.
 */
describe('repeat prospects', () => {
  async function submit(app: TestApp, answers: Record<string, string>) {
    const body = await (await app.post('/api/forms/demo/submissions', { answers: validAnswers(answers), timezone: 'UTC' })).json();
    const row = await app.db.selectFrom('leads').select(['rep_id', 'trace']).where('id', '=', body.leadId).executeTakeFirstOrThrow();
    return { leadId: body.leadId as string, host: body.host?.name as string | undefined, repId: row.rep_id, trace: JSON.parse(row.trace) };
  }

  it('sends a repeat prospect to the rep they had, takes no rotation turn, and says so in the trace', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, yaml: STICKY });
    // Round robin over ny, ldn, kol.
    const first = await submit(t, { email: 'ana@acme.io' });
    expect(first.repId).toBe('ny');
    expect(first.trace.sticky).toBeUndefined();
    const again = await submit(t, { email: 'ANA@acme.io', name: 'Ana again' });
    expect(again.repId).toBe('ny');
    expect(again.trace).toMatchObject({ sticky: { repId: 'ny', used: true }, team: 'rr', strategy: { name: 'direct', chosen: 'ny' } });
    // The rep's email says why.
    const stored = await t.store.leads.find(again.leadId);
    expect(whyRouted(t.catalog, stored!, readerFor('en', 'en'))).toBe('you had this prospect before');
    // The rotation did not move: the next new prospect is the next rep after the first.
    expect((await submit(t, { email: 'bo@acme.io' })).repId).toBe('ldn');
    expect((await submit(t, { email: 'cy@acme.io' })).repId).toBe('kol');
  });

  it('rotates as usual after stickyDays, when the rep is not in the route\'s pool, and when it is off', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, yaml: STICKY });
    expect((await submit(t, { email: 'ana@acme.io' })).repId).toBe('ny');
    expect((await submit(t, { email: 'bo@acme.io' })).repId).toBe('ldn');
    expect((await submit(t, { email: 'cy@acme.io' })).repId).toBe('kol');
    // Kavya (kol) is not in the pooled team "pool" (ny, ldn) that 1000+ companies go to.
    const pooled = await submit(t, { email: 'cy@acme.io', size: '1000+' });
    expect(pooled.repId).toBeNull();
    expect(pooled.trace.sticky).toBeUndefined();
    expect(pooled.trace.strategy).toMatchObject({ mode: 'pooled', pendingUntilBooking: true });
    // 31 days on, Ana is new again: the rotation's next rep, with no sticky step.
    t.setNow(MONDAY_0600Z + 31 * DAY);
    const later = await submit(t, { email: 'ana@acme.io' });
    expect(later.repId).toBe('ny');
    expect(later.trace.sticky).toBeUndefined();
    expect((await submit(t, { email: 'ana@acme.io' })).trace.sticky).toMatchObject({ repId: 'ny', used: true });

    await t.close();
    t = await createTestApp({ now: MONDAY_0600Z });
    expect((await submit(t, { email: 'ana@acme.io' })).repId).toBe('ny');
    expect((await submit(t, { email: 'ana@acme.io' })).repId).toBe('ldn');
  });

  it('sends a repeat prospect of a pooled team to the rep they booked with, who alone offers times', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, yaml: STICKY });
    const lead = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers({ email: 'dee@big.io', size: '1000+' }), timezone: 'UTC' })).json();
    expect(lead.host).toBeNull();
    const booking = await (await t.post('/api/bookings', { leadToken: lead.leadToken, start: '2026-11-23T15:00:00.000Z' })).json();
    // While the meeting is ahead the prospect is told of it (known prospects); after it, sticky.
    t.setNow(Date.parse(booking.end) + 60_000);
    const again = await submit(t, { email: 'dee@big.io', size: '1000+' });
    const hostId = booking.host.name === 'Nora York' ? 'ny' : 'ldn';
    expect(again).toMatchObject({ host: booking.host.name, repId: hostId, trace: { sticky: { repId: hostId, used: true }, team: 'pool' } });
  });
});
