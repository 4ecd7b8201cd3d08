import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, seedLockRows } from '../../../server/store/db.ts';
import { createStore, type Store } from '../../../server/store/store.ts';
import { openTestDb, suiteDbKind } from '../../helpers/db.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-23T06:00:00Z');
const closers: (() => Promise<void>)[] = [];
afterEach(async () => { await Promise.all(closers.splice(0).map((close) => close())); });

async function freshStore(): Promise<Store> {
  const { db, close } = await openTestDb(suiteDbKind());
  closers.push(close);
  await migrate(db);
  await seedLockRows(db, ['a', 'b', 'c'], ['sales']);
  return createStore(db);
}

const job = (id: string) => ({ id, kind: 'email' as const, event: 'booking.created', bookingId: null, payload: '{}', runAt: T0, createdAt: T0 });

describe('store.atomically', () => {
  it('wakes the outbox after a commit that queued deliveries, and only then', async () => {
    const store = await freshStore();
    let woken = 0;
    store.onOutboxWrite(() => { woken++; });
    await store.atomically({ reps: ['a'] }, async () => undefined);
    expect(woken).toBe(0);
    await store.atomically({ reps: ['a'] }, async (tx) => {
      await tx.outbox.enqueue([job('00000000-0000-4000-8000-000000000001')]);
      // Not before the commit: the worker would find nothing yet.
      expect(woken).toBe(0);
    });
    expect(woken).toBe(1);
  });

  it('keeps nothing and runs no hook when the work fails', async () => {
    const store = await freshStore();
    let woken = 0;
    let hooked = 0;
    store.onOutboxWrite(() => { woken++; });
    await expect(store.atomically({ teams: ['sales'], reps: ['a', 'b'] }, async (tx) => {
      await tx.outbox.enqueue([job('00000000-0000-4000-8000-000000000002')]);
      tx.afterCommit(() => { hooked++; });
      throw new Error('refused');
    })).rejects.toThrow('refused');
    expect(await store.outbox.list()).toEqual([]);
    expect([woken, hooked]).toEqual([0, 0]);
  });
});

describe('rotation counts kept at each turn', () => {
  it('always equal a count of the assignments inside the window, as the window moves either way', async () => {
    const store = await freshStore();
    const assignments: { repId: string; at: number }[] = [];
    let index = 0;
    // Steps: a turn at some instant, or a read with the window starting somewhere.
    const step = fc.oneof(
      fc.record({ kind: fc.constant('turn' as const), rep: fc.constantFrom('a', 'b', 'c'), day: fc.integer({ min: 0, max: 60 }) }),
      fc.record({ kind: fc.constant('read' as const), day: fc.integer({ min: -5, max: 65 }) }),
    );
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
      for (const s of steps) {
        if (s.kind === 'turn') {
          const at = T0 + s.day * DAY + index;
          await store.atomically({ teams: ['sales'] }, (tx) => tx.rotation.recordTurn({ teamId: 'sales', repId: s.rep, index: 0, leadId: `lead-${index++}`, at }));
          assignments.push({ repId: s.rep, at });
          continue;
        }
        const windowStart = T0 + s.day * DAY;
        const state = await store.atomically({ teams: ['sales'] }, (tx) => tx.rotation.state('sales', windowStart));
        const inside = assignments.filter((x) => x.at >= windowStart);
        const expected = new Map<string, number>();
        const latest = new Map<string, number>();
        for (const x of inside) {
          expected.set(x.repId, (expected.get(x.repId) ?? 0) + 1);
          latest.set(x.repId, Math.max(latest.get(x.repId) ?? -Infinity, x.at));
        }
        expect(new Map(state.counts)).toEqual(expected);
        expect(new Map(state.lastAssignedAt)).toEqual(latest);
      }
    }), { numRuns: 15 });
  });
});

describe('booked times', () => {
  it('reads the bookings that overlap the range, also one that began the day before', async () => {
    const store = await freshStore();
    const lead = {
      id: '00000000-0000-4000-8000-00000000000a', formId: 'demo', createdAt: T0, outcome: 'schedule' as const, reason: null,
      answers: {}, facts: {}, timezone: 'UTC', locale: null, teamId: null, repId: 'a', candidateIds: ['a'], mode: 'assigned' as const,
      trace: { qualify: { matchedRule: null, reason: null } },
    };
    // One lead per booking: the database allows one confirmed booking per lead.
    const booking = (n: number, start: number, end: number, status: 'confirmed' | 'canceled' = 'confirmed') => store.atomically({ reps: ['a'] }, async (tx) => {
      const leadId = `00000000-0000-4000-8000-00000000020${n}`;
      await tx.leads.insert({ ...lead, id: leadId }, null, null);
      await tx.bookings.insert({
        id: `00000000-0000-4000-8000-00000000010${n}`, leadId, repId: 'a', meetingType: 'demo', start, end,
        bufferBefore: 0, bufferAfter: 0, status, sequence: 0, createdAt: T0, updatedAt: T0, cancelReason: null, canceledBy: null, hostOutcome: null,
      }, { hash: `hash-${n}`, sealed: 'x', kept: 'x' });
    });
    await booking(1, T0 - 30 * DAY, T0 - 30 * DAY + 1_800_000, 'canceled');
    await booking(2, T0 - 20 * DAY, T0 - 20 * DAY + 1_800_000, 'canceled');
    await booking(3, T0 - 12 * 3_600_000, T0 + 3_600_000, 'canceled');
    expect(await store.bookings.timesOf(['a'], T0, T0 + DAY)).toEqual([]);
    await booking(4, T0 - 20 * 3_600_000, T0 + 1_800_000);
    await booking(5, T0 + 2 * DAY, T0 + 2 * DAY + 1_800_000);
    expect((await store.bookings.timesOf(['a', 'b'], T0, T0 + DAY)).map((b) => b.id)).toEqual(['00000000-0000-4000-8000-000000000104']);
  });
});

describe('migration 005 on a database with history', () => {
  it('counts the assignments made before it, and the window then moves past them', async () => {
    const { db, close } = await openTestDb(suiteDbKind());
    closers.push(close);
    await migrate(db, '004-settings');
    await db.insertInto('rotation_state').values({ team_id: 'sales', last_index: 1, version: 0 } as never).execute();
    const rows = [['a', T0 - 40 * DAY], ['a', T0 - 2 * DAY], ['b', T0 - DAY], ['a', T0 - 3_600_000]] as const;
    for (const [i, [rep, at]] of rows.entries()) {
      await db.insertInto('assignments').values({ id: `00000000-0000-4000-8000-00000000030${i}`, team_id: 'sales', rep_id: rep, lead_id: `l${i}`, at_ms: at }).execute();
    }
    await migrate(db);
    const store = createStore(db);
    const state = await store.atomically({ teams: ['sales'] }, (tx) => tx.rotation.state('sales', T0 - 30 * DAY));
    expect(state.lastIndex).toBe(1);
    expect(new Map(state.counts)).toEqual(new Map([['a', 2], ['b', 1]]));
    expect(state.lastAssignedAt.get('a')).toBe(T0 - 3_600_000);
  });
});

describe.runIf(suiteDbKind() === 'postgres')('prepared statements on PostgreSQL', () => {
  it('keep working when a migration changes a table under a running server', async () => {
    const { db, close } = await openTestDb('postgres');
    closers.push(close);
    await migrate(db);
    const store = createStore(db);
    const lead = {
      id: '00000000-0000-4000-8000-0000000000f1', formId: 'demo', createdAt: T0, outcome: 'schedule' as const, reason: null,
      answers: { email: 'jo@acme.io' }, facts: {}, timezone: 'UTC', locale: null, teamId: null, repId: 'a', candidateIds: ['a'], mode: 'assigned' as const,
      trace: { qualify: { matchedRule: null, reason: null } },
    };
    await store.leads.insert(lead, 'hash-f1', null);
    // `select *` is now prepared on the connection; a new column changes its result type.
    expect((await store.leads.findByTokenHash('hash-f1'))?.id).toBe(lead.id);
    await sql`alter table leads add column note text`.execute(db);
    expect((await store.leads.findByTokenHash('hash-f1'))?.answers).toEqual({ email: 'jo@acme.io' });
  });
});
