import { describe, expect, it } from 'vitest';
import type { DecisionTrace } from '../../shared/records.ts';
import { en } from '../../admin/messages/en.ts';
import { translator } from '../../admin/lib/i18n-core.ts';
import { startStateText } from '../../admin/lib/start-state.ts';
import { traceSteps, type TraceContext } from '../../admin/lib/trace-steps.ts';

const t = translator(en, en);
const names: Record<string, string> = { dana: 'Dana Lee', emil: 'Emil Novak', ana: 'Ana Souza', bo: 'Bo Andersen' };
const context = (routes?: TraceContext['routes']): TraceContext => ({
  t, repName: (id) => names[id] ?? id, time: (iso) => iso.slice(0, 16).replace('T', ' '), decimal: (v, d) => v.toFixed(d), routes,
});

// The demo config's routes as the server sends them: parsed condition trees.
const parsedRoutes = [
  { when: { kind: 'test', field: 'account.matched', op: 'eq', value: true, path: ['routes', 0, 'when', 'account.matched'] } },
  { when: { kind: 'test', field: 'company_size', op: 'in', value: ['201-1000', '1000+'], path: ['routes', 1, 'when', 'company_size', 'in'] } },
  {},
];

describe('decision trace as readable steps', () => {
  it('tells an assigned round-robin lead from qualify to the chosen rep', () => {
    const trace: DecisionTrace = {
      qualify: { matchedRule: null, reason: null },
      route: { index: 1, target: { team: 'enterprise' } },
      team: 'enterprise',
      candidates: [{ repId: 'dana', included: true, slots: 23 }, { repId: 'emil', included: false, reason: 'time_off' }],
      strategy: { name: 'round_robin', mode: 'assigned', chosen: 'dana', numbers: { strategy: 'round_robin', lastIndex: 1, chosenIndex: 0, skipped: ['emil'] } },
    };
    expect(traceSteps(trace, context(parsedRoutes))).toEqual([
      'No disqualifying rule matched',
      'Route 2 matched: company_size in 201-1000, 1000+ → team enterprise',
      'Dana Lee: included, 23 slots',
      'Emil Novak: excluded, time off',
      'Strategy round robin (assigned mode): Dana Lee chosen',
      'round robin pointer: last turn member 2, this turn member 1',
      'skipped: Emil Novak',
    ]);
  });

  it('names the disqualifying rule counted from 1 and its reason', () => {
    const steps = traceSteps({ qualify: { matchedRule: 0, reason: 'too_small' } }, context());
    expect(steps).toEqual(['Rule 1 matched: disqualified as too_small']);
  });

  it('shows balanced loads per weight, the owner fallback and a route without condition', () => {
    const trace: DecisionTrace = {
      qualify: { matchedRule: null, reason: null },
      route: { index: 0, target: { owner: true, fallback: 'enterprise' } },
      owner: { account: 'Globex', repId: 'dana', used: false, reason: 'calendar_unavailable' },
      team: 'enterprise',
      candidates: [{ repId: 'ana', included: true }, { repId: 'bo', included: false, reason: 'day_cap' }],
      strategy: {
        name: 'balanced', mode: 'pooled', chosen: null, pendingUntilBooking: true,
        numbers: { strategy: 'balanced', load: [{ repId: 'ana', count: 8, weight: 2, ratio: 4, lastAssignedAt: null }] },
      },
      booking: { start: '2026-03-02T15:00:00.000Z', freeReps: ['ana'], chosen: 'ana' },
      reassignments: [{ at: '2026-03-03T10:00:00.000Z', from: 'ana', to: null, why: 'sla' }],
    };
    const steps = traceSteps(trace, context(parsedRoutes));
    expect(steps).toContain('Route 1 matched: account.matched = true → owner (fallback team enterprise)');
    expect(steps).toContain('Account owner Dana Lee (Globex) skipped: calendar cannot be read');
    expect(steps).toContain('Team enterprise');
    expect(steps).toContain('Ana Souza: included');
    expect(steps).toContain('Bo Andersen: excluded, day cap reached');
    expect(steps).toContain('Strategy balanced (pooled mode): the rep is chosen when the prospect books');
    expect(steps).toContain('balanced: Ana Souza 4.0 assignments per weight (8 ÷ 2)');
    expect(steps).toContain('Booked for 2026-03-02 15:00: free were Ana Souza; Ana Souza chosen');
    expect(steps.at(-1)).toBe('2026-03-03 10:00: Ana Souza gave it up (SLA breach); nobody could take it');
    expect(traceSteps({ qualify: { matchedRule: null, reason: null }, route: { index: 2, target: { team: 'smb' } } }, context(parsedRoutes)))
      .toContain('Route 3 matched: always → team smb');
  });

  it('still names the route when the config is not loaded, and reports no match', () => {
    expect(traceSteps({ qualify: { matchedRule: null, reason: null }, route: { index: 0, target: { rep: 'emil' } } }, context()))
      .toContain('Route 1 matched: … → rep Emil Novak');
    expect(traceSteps({ qualify: { matchedRule: null, reason: null }, route: { index: null } }, context())).toContain('No route matched');
  });

  it('falls back to the id for a rep the overview does not know, and tells reassignments', () => {
    const steps = traceSteps({
      qualify: { matchedRule: null, reason: null },
      sticky: { repId: 'gone', used: true },
      reassignments: [{ at: '2026-03-03T10:00:00.000Z', from: 'gone', to: 'bo', why: 'handed_back' }],
    }, context());
    expect(steps).toEqual([
      'No disqualifying rule matched',
      'Returning prospect: back to gone',
      '2026-03-03 10:00: reassigned from gone to Bo Andersen (handed back)',
    ]);
  });
});

describe('troubleshooter states in words', () => {
  it('fills in the booking and the cap from the detail', () => {
    expect(startStateText('busy_booking', 'b_12', t)).toBe('booked (booking b_12)');
    expect(startStateText('day_cap', '6', t)).toBe('day cap reached (6)');
    expect(startStateText('busy_calendar', '09:00–10:00', t)).toBe('busy in calendar');
    expect(startStateText('override', null, t)).toBe('changed hours (override)');
    expect(startStateText('free', null, t)).toBe('free');
  });
});
