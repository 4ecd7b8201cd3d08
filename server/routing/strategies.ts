import type { RotationState, StrategyNumbers, StrategyTrace } from '../../shared/records.ts';

/**
 * Rotation strategies as pure functions over the stored rotation state (SPEC §4). The
 * caller reads the state and persists the choice in the transaction that records the
 * assignment, so two requests never see the same state.
 */

export type { RotationState, StrategyNumbers } from '../../shared/records.ts';

export type StrategyName = Exclude<StrategyTrace['name'], 'direct'>;

export type Member = { id: string; weight: number };

export type Choice = { repId: string; index: number; numbers: StrategyNumbers };

/**
 * Classic rotation in member order, starting after the last turn. The pointer moves to
 * the chosen rep, so a member skipped because they were unavailable loses that turn.
 */
export function roundRobin(members: readonly Member[], state: RotationState, eligible: ReadonlySet<string>): Choice | null {
  const n = members.length;
  const skipped: string[] = [];
  for (let step = 1; step <= n; step++) {
    const index = (((state.lastIndex + step) % n) + n) % n;
    const rep = members[index]!.id;
    if (eligible.has(rep)) {
      return { repId: rep, index, numbers: { strategy: 'round_robin', lastIndex: state.lastIndex, chosenIndex: index, skipped } };
    }
    skipped.push(rep);
  }
  return null;
}

/** The first available member in list order. */
export function priority(members: readonly Member[], eligible: ReadonlySet<string>): Choice | null {
  const index = members.findIndex((m) => eligible.has(m.id));
  if (index < 0) return null;
  const skipped = members.slice(0, index).map((m) => m.id);
  return { repId: members[index]!.id, index, numbers: { strategy: 'priority', order: members.map((m) => m.id), skipped } };
}

/**
 * The eligible rep with the fewest assignments per unit of weight in the window; ties
 * go to the least recently assigned, then to config order. A rep skipped while busy
 * keeps a low count and so is first in line when free again: shares converge to weights.
 */
export function balanced(members: readonly Member[], state: RotationState, eligible: ReadonlySet<string>): Choice | null {
  const load = members
    .map((m, index) => {
      const count = state.counts.get(m.id) ?? 0;
      return { repId: m.id, index, count, weight: m.weight, ratio: count / m.weight, lastAssignedAt: state.lastAssignedAt.get(m.id) ?? null };
    })
    .filter((entry) => eligible.has(entry.repId));
  if (load.length === 0) return null;
  const best = load.reduce((a, b) => {
    // Ratios compare exactly by cross-multiplying; floating division could tie wrongly.
    const diff = a.count * b.weight - b.count * a.weight;
    if (diff !== 0) return diff < 0 ? a : b;
    const aLast = a.lastAssignedAt ?? -Infinity;
    const bLast = b.lastAssignedAt ?? -Infinity;
    if (aLast !== bLast) return aLast < bLast ? a : b;
    return a.index <= b.index ? a : b;
  });
  return {
    repId: best.repId,
    index: best.index,
    numbers: { strategy: 'balanced', load: load.map(({ index: _index, ...entry }) => entry) },
  };
}

export function choose(strategy: StrategyName, members: readonly Member[], state: RotationState, eligible: ReadonlySet<string>): Choice | null {
  switch (strategy) {
    case 'round_robin': return roundRobin(members, state, eligible);
    case 'priority': return priority(members, eligible);
    case 'balanced': return balanced(members, state, eligible);
  }
}

/** Applies a choice to in-memory state; the database does the same through its rows. */
export function afterChoice(state: RotationState, choice: Choice, at: number): RotationState {
  const counts = new Map(state.counts);
  counts.set(choice.repId, (counts.get(choice.repId) ?? 0) + 1);
  const lastAssignedAt = new Map(state.lastAssignedAt);
  lastAssignedAt.set(choice.repId, at);
  return { lastIndex: choice.index, counts, lastAssignedAt };
}
