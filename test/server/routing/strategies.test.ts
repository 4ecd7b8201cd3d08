import { describe, expect, it } from 'vitest';
import { afterChoice, balanced, choose, priority, roundRobin, type Member, type RotationState, type StrategyName } from '../../../server/routing/strategies.ts';

const fresh: RotationState = { lastIndex: -1, counts: new Map(), lastAssignedAt: new Map() };
const team = (...ids: string[]): Member[] => ids.map((id) => ({ id, weight: 1 }));
const all = (members: Member[]) => new Set(members.map((m) => m.id));

/** A small seeded generator, so every run sees the same "random" availability. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Routes `leads` leads; each rep is away for a lead with its own probability. */
function simulate(strategy: StrategyName, members: Member[], leads: number, away: (repId: string) => number, seed = 7) {
  const random = mulberry32(seed);
  let state = fresh;
  const counts = new Map(members.map((m) => [m.id, 0]));
  for (let i = 0; i < leads; i++) {
    const eligible = new Set(members.filter((m) => random() >= away(m.id)).map((m) => m.id));
    const choice = choose(strategy, members, state, eligible);
    if (!choice) continue;
    state = afterChoice(state, choice, i);
    counts.set(choice.repId, counts.get(choice.repId)! + 1);
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const weights = members.reduce((a, m) => a + m.weight, 0);
  return members.map((m) => {
    const target = (total * m.weight) / weights;
    const count = counts.get(m.id)!;
    return { repId: m.id, count, target, off: Math.abs(count - target), allowed: Math.max(0.01 * target, 2) };
  });
}

describe('round robin', () => {
  const members = team('a', 'b', 'c');

  it('hands out turns in member order and wraps around', () => {
    let state = fresh;
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const choice = roundRobin(members, state, all(members))!;
      order.push(choice.repId);
      state = afterChoice(state, choice, i);
    }
    expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('skips an unavailable rep, who loses that turn', () => {
    // After a, b is unavailable: c gets the turn, and the next one goes to a, not b.
    const first = roundRobin(members, { ...fresh, lastIndex: 0 }, new Set(['a', 'c']))!;
    expect(first.repId).toBe('c');
    expect(first.numbers).toEqual({ strategy: 'round_robin', lastIndex: 0, chosenIndex: 2, skipped: ['b'] });
    expect(roundRobin(members, { ...fresh, lastIndex: first.index }, all(members))!.repId).toBe('a');
  });

  it('gives no turn when nobody is available', () => {
    expect(roundRobin(members, fresh, new Set())).toBeNull();
  });
});

describe('priority', () => {
  it('gives the lead to the first available member in list order', () => {
    const members = team('lead', 'backup', 'last');
    expect(priority(members, all(members))!.repId).toBe('lead');
    expect(priority(members, new Set(['last', 'backup']))).toMatchObject({ repId: 'backup', numbers: { skipped: ['lead'] } });
  });
});

describe('balanced', () => {
  it('gives the lead to the rep with the fewest assignments per weight', () => {
    const members: Member[] = [{ id: 'a', weight: 1 }, { id: 'b', weight: 2 }];
    // a: 3/1 = 3, b: 5/2 = 2.5 → b.
    const state = { ...fresh, counts: new Map([['a', 3], ['b', 5]]) };
    const choice = balanced(members, state, all(members))!;
    expect(choice.repId).toBe('b');
    expect(choice.numbers).toEqual({
      strategy: 'balanced',
      load: [
        { repId: 'a', count: 3, weight: 1, ratio: 3, lastAssignedAt: null },
        { repId: 'b', count: 5, weight: 2, ratio: 2.5, lastAssignedAt: null },
      ],
    });
  });

  it('breaks a tie in favour of the least recently assigned, then config order', () => {
    const members = team('a', 'b', 'c');
    const state = { ...fresh, counts: new Map([['a', 1], ['b', 1], ['c', 1]]), lastAssignedAt: new Map([['a', 30], ['b', 10], ['c', 20]]) };
    expect(balanced(members, state, all(members))!.repId).toBe('b');
    expect(balanced(members, { ...fresh, counts: new Map([['a', 1], ['b', 1], ['c', 1]]) }, all(members))!.repId).toBe('a');
  });

  it('gives a skipped rep the next leads until they have caught up', () => {
    const members = team('a', 'b');
    let state = fresh;
    // b is away for four leads, then back: b gets the next four in a row.
    for (let i = 0; i < 4; i++) state = afterChoice(state, balanced(members, state, new Set(['a']))!, i);
    const next: string[] = [];
    for (let i = 4; i < 10; i++) {
      const choice = balanced(members, state, all(members))!;
      next.push(choice.repId);
      state = afterChoice(state, choice, i);
    }
    expect(next).toEqual(['b', 'b', 'b', 'b', 'a', 'b']);
  });
});

describe('fairness over 10,000 leads with reps away 20% of the time', () => {
  const members: Member[] = [
    { id: 'r1', weight: 1 }, { id: 'r2', weight: 1 }, { id: 'r3', weight: 1 }, { id: 'r4', weight: 2 }, { id: 'r5', weight: 0.5 },
  ];

  it('balanced keeps every rep within 1% (or 2 leads) of its weighted share; round robin drifts', () => {
    const result = simulate('balanced', members, 10_000, () => 0.2);
    for (const rep of result) expect(rep.off, `${rep.repId}: ${rep.count} vs ${rep.target.toFixed(1)}`).toBeLessThanOrEqual(rep.allowed);

    const drifted = simulate('round_robin', members, 10_000, () => 0.2);
    const worst = drifted.reduce((a, b) => (b.off / b.allowed > a.off / a.allowed ? b : a));
    expect(worst.off).toBeGreaterThan(worst.allowed * 5);
  });

  it('balanced makes up for a rep who is away far more often; round robin does not', () => {
    // Equal weights; r5 is away 60% of the time instead of 20%.
    const equal = team('r1', 'r2', 'r3', 'r4', 'r5');
    const away = (id: string) => (id === 'r5' ? 0.6 : 0.2);
    const fair = simulate('balanced', equal, 10_000, away);
    for (const rep of fair) expect(rep.off, rep.repId).toBeLessThanOrEqual(rep.allowed);
    const rr = simulate('round_robin', equal, 10_000, away).find((r) => r.repId === 'r5')!;
    expect(rr.target - rr.count).toBeGreaterThan(rr.allowed * 10);
  });
});
