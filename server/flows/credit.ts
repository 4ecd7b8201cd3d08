import type { CreditReason, Lead } from '../../shared/records.ts';
import type { Catalog } from '../config/catalog.ts';
import type { Tx } from '../store/store.ts';

/**
 * The team locks a change must take to give the lead's turn back for `reason`, or none
 * when `routing.creditBack` keeps such turns (or the lead took no team's turn).
 */
export function creditLocks(catalog: Catalog, lead: Pick<Lead, 'teamId'>, reason: CreditReason): string[] {
  const { teamId } = lead;
  if (teamId === null || !Object.hasOwn(catalog.config.teams, teamId)) return [];
  // A lead handed back always gives its turn back: the next rep takes one for it.
  return reason === 'handed_back' || catalog.config.routing.creditBack.includes(reason) ? [teamId] : [];
}

/**
 * Gives back the rotation turn `repId` took for the lead, when `routing.creditBack` names `reason`:
 * the rep is owed a lead again, as if this one had never come. The caller's transaction
 * holds the locks `creditLocks` named; a turn is given back once, whatever happens next.
 */
export async function giveTurnBack(tx: Tx, catalog: Catalog, lead: Pick<Lead, 'id' | 'teamId'>, repId: string, reason: CreditReason, at: number): Promise<void> {
  if (creditLocks(catalog, lead, reason).length === 0) return;
  await tx.rotation.creditTurn(lead.id, repId, reason, at);
}
