/**
 * Rotation strategies as pure functions over the stored rotation state. The caller
 * persists the returned state in the same transaction as the assignment.
 */

export type RoundRobinTurn = { chosen: string; index: number };

/**
 * Classic rotation in member order, starting after the last turn. The pointer moves to
 * the chosen rep, so a member skipped because they were unavailable loses that turn.
 */
export function roundRobin(
  members: readonly string[],
  lastIndex: number,
  eligible: ReadonlySet<string>,
): RoundRobinTurn | null {
  for (let step = 1; step <= members.length; step++) {
    const index = (((lastIndex + step) % members.length) + members.length) % members.length;
    const rep = members[index]!;
    if (eligible.has(rep)) return { chosen: rep, index };
  }
  return null;
}
