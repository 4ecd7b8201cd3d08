import type { Catalog } from '../config/catalog.ts';
import type { Member } from './strategies.ts';

const DAY = 86_400_000;

/** A team's members with their weights, in config order. */
export function membersOf(catalog: Catalog, teamId: string): Member[] {
  const team = catalog.config.teams[teamId]!;
  return team.members.map((id) => ({ id, weight: catalog.reps.get(id)!.weight }));
}

/** Start of the team's rolling balancing window. */
export function windowStart(catalog: Catalog, teamId: string, now: number): number {
  return now - catalog.config.teams[teamId]!.window * DAY;
}
