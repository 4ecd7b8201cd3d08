import type { Catalog } from '../config/catalog.ts';
import type { AssignmentCount } from '../../shared/records.ts';

export type RepShare = {
  repId: string;
  name: string;
  weight: number;
  /** Turns taken: leads routed to this rep. */
  leads: number;
  /** Turns given back (`routing.creditBack`); the shares count `leads − credited`. */
  credited: number;
  /** Of those leads, how many booked with this rep, and how the host marked them. */
  booked: number;
  held: number;
  noShow: number;
  /** Fraction of the team's counted turns this rep has. */
  share: number;
  /** Fraction the weights say they should get. */
  targetShare: number;
  /** share − targetShare, in percentage points. */
  deviation: number;
};

export type TeamDistribution = { teamId: string; strategy: string; leads: number; reps: RepShare[] };

export type Distribution = {
  teams: TeamDistribution[];
  /** The largest |deviation| over all reps, in percentage points: 0 is perfectly fair. */
  spread: number;
};

const round = (value: number, places = 4) => Math.round(value * 10 ** places) / 10 ** places;

/** Assignments per team and rep set against the shares the rep weights call for. */
export function distribution(catalog: Catalog, counts: readonly AssignmentCount[]): Distribution {
  const teams = Object.entries(catalog.config.teams).map(([teamId, team]): TeamDistribution => {
    const ofTeam = counts.filter((c) => c.teamId === teamId);
    const leads = ofTeam.reduce((sum, c) => sum + c.count, 0);
    const counted = leads - ofTeam.reduce((sum, c) => sum + c.credited, 0);
    const weights = team.members.reduce((sum, id) => sum + catalog.reps.get(id)!.weight, 0);
    const reps = team.members.map((repId): RepShare => {
      const rep = catalog.reps.get(repId)!;
      const found = ofTeam.find((c) => c.repId === repId);
      const count = found?.count ?? 0;
      const credited = found?.credited ?? 0;
      const share = counted === 0 ? 0 : (count - credited) / counted;
      const targetShare = rep.weight / weights;
      return {
        repId, name: rep.name, weight: rep.weight, leads: count, credited,
        booked: found?.booked ?? 0, held: found?.held ?? 0, noShow: found?.noShow ?? 0,
        share: round(share), targetShare: round(targetShare),
        deviation: counted === 0 ? 0 : round((share - targetShare) * 100, 2),
      };
    });
    return { teamId, strategy: team.strategy, leads, reps };
  });
  const spread = Math.max(0, ...teams.flatMap((t) => t.reps.map((r) => Math.abs(r.deviation))));
  return { teams, spread };
}
