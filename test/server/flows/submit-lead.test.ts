import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitLead } from '../../../server/flows/submit-lead.ts';
import type { Store } from '../../../server/store/store.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z } from '../../fixtures/test-config.ts';

const DAY = 86_400_000;
let t: TestApp;
beforeEach(async () => { t = await createTestApp({ now: MONDAY_0600Z }); });
afterEach(async () => { await t.close(); });

/** Books every day of `repId`'s horizon solid, as another request committing just then would. */
async function bookSolid(store: Store, repId: string): Promise<void> {
  await store.atomically({ reps: [repId] }, async (tx) => {
    for (let day = -1; day < 9; day++) {
      const n = String(day + 1).padStart(2, '0');
      const leadId = `00000000-0000-4000-8000-0000000000${n}`;
      await tx.leads.insert({
        id: leadId, formId: 'demo', createdAt: MONDAY_0600Z, outcome: 'schedule', reason: null, answers: {}, facts: {},
        timezone: 'UTC', locale: null, teamId: null, repId, candidateIds: [repId], mode: 'assigned', trace: { qualify: { matchedRule: null, reason: null } },
      }, null, null);
      const start = MONDAY_0600Z + day * DAY;
      await tx.bookings.insert({
        id: `00000000-0000-4000-8000-0000000001${n}`, leadId, repId, meetingType: 'demo', start, end: start + DAY - 60_000,
        bufferBefore: 0, bufferAfter: 0, status: 'confirmed', sequence: 0, createdAt: MONDAY_0600Z, updatedAt: MONDAY_0600Z, cancelReason: null, canceledBy: null, hostOutcome: null,
      }, { hash: `solid-${n}`, sealed: 'x', kept: 'x' });
    }
  });
}

describe('submitLead under the rotation lock', () => {
  it('gives the turn to the next rep when the chosen one was booked out after the slots were laid', async () => {
    // ny is next in the rotation; between laying slots and taking the lock, ny's week fills up.
    let filled = false;
    const racing: Store = {
      ...t.store,
      atomically: async (locks, work) => {
        if (locks.teams?.includes('rr') && !filled) {
          filled = true;
          await bookSolid(t.store, 'ny');
        }
        return t.store.atomically(locks, work);
      },
    };
    const result = await submitLead({ store: racing, catalog: t.catalog, clock: () => MONDAY_0600Z, calendars: t.calendars, secret: 'test-secret' }, 'demo', {
      answers: validAnswers({ email: 'jo@initech.io' }), timezone: 'Europe/Berlin',
    });
    expect(filled).toBe(true);
    if (result.outcome !== 'schedule') throw new Error(`expected schedule, got ${result.outcome}`);
    expect(result.lead).toMatchObject({ repId: 'ldn', candidateIds: ['ldn'] });
    expect(result.lead.trace.candidates).toContainEqual({ repId: 'ny', included: false, reason: 'no_slots' });
    expect(result.lead.trace.strategy).toMatchObject({ name: 'round_robin', chosen: 'ldn', numbers: { skipped: ['ny'] } });
    // The turn recorded is ldn's, so the next lead goes to kol.
    const next = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers({ email: 'al@initech.io' }), timezone: 'Europe/Berlin' })).json();
    expect(next.host).toEqual({ name: 'Kavya Kol' });
  });
});
