import type { RouteTarget } from '../../shared/config.ts';
import type { StrategyNumbers } from './strategies.ts';

/** Why a team member was or was not a candidate for a lead. */
export type CandidateNote =
  | { repId: string; included: true; slots: number }
  | { repId: string; included: false; reason: 'time_off' | 'no_slots' | 'day_cap' };

/**
 * The decision trace kept on every lead (SPEC §4): each step's outcome and its reason,
 * in plain data so the admin API can show it as is.
 */
export type DecisionTrace = {
  qualify: { matchedRule: number | null; reason: string | null };
  route?: { index: number; target: RouteTarget } | { index: null };
  owner?: { account: string; repId: string; used: boolean; reason?: 'time_off' | 'no_slots' | 'day_cap' };
  team?: string | null;
  candidates?: CandidateNote[];
  strategy?: {
    name: 'round_robin' | 'balanced' | 'priority' | 'direct';
    mode: 'pooled' | 'assigned';
    /** The strategy's working: pointer, loads and ratios, skipped reps. */
    numbers?: StrategyNumbers;
    chosen: string | null;
    /** Pooled mode: the rep is chosen when the prospect books. */
    pendingUntilBooking?: true;
  };
  /** Pooled mode: the choice made at booking time. */
  booking?: { start: string; freeReps: string[]; numbers?: StrategyNumbers; chosen: string };
};
