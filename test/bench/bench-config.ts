import { stringify } from 'yaml';

/** A bench team: its size and mode, the horizon, and the zones its reps are in (round robin over them). */
export type BenchTeam = { reps: number; mode: 'assigned' | 'pooled'; horizonDays: number; zones: readonly string[] };

/**
 * The benches' config: one team `sales` (round robin) of reps who work mon-fri
 * 08:00-18:00 in their zone, 30-minute meetings on a 30-minute step with no notice,
 * every abuse limit off, and one form `demo` routing everyone to the team.
 */
export function benchConfig(team: BenchTeam): string {
  const reps = Array.from({ length: team.reps }, (_, i) => ({
    id: `rep${i}`, name: `Rep ${i}`, email: `rep${i}@bench.test`, timezone: team.zones[i % team.zones.length]!,
    workingHours: { 'mon-fri': ['08:00-18:00'] },
  }));
  return stringify({
    organization: { name: 'Bench Co', publicUrl: 'http://usher.bench' },
    meetingTypes: {
      demo: { title: 'Demo', durationMinutes: 30, slotStepMinutes: 30, minimumNoticeMinutes: 0, horizonDays: team.horizonDays },
    },
    reps,
    teams: { sales: { members: reps.map((r) => r.id), strategy: 'round_robin', mode: team.mode } },
    limits: { submissionsPerIpPerMinute: 0, bookingsPerIpPerMinute: 0, submissionsPerEmailPerHour: 0, openLeadsPerEmailPerDay: 0, minimumFillSeconds: 0 },
    forms: {
      demo: {
        title: 'Demo', meetingType: 'demo',
        questions: [{ id: 'email', type: 'email', label: 'Work email', required: true }, { id: 'name', type: 'text', label: 'Name' }],
        routes: [{ to: { team: 'sales' } }],
      },
    },
  });
}
