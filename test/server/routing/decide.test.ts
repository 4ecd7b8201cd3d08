import { describe, expect, it } from 'vitest';
import type { CandidateNote, RotationState } from '../../../shared/records.ts';
import { buildCatalog } from '../../../server/config/catalog.ts';
import { decide, poolFor } from '../../../server/routing/decide.ts';
import { configFrom } from '../../helpers/app.ts';

const catalog = buildCatalog(configFrom(`
organization: { name: Acme, publicUrl: "http://usher.test" }
meetingTypes: { demo: { title: Demo, durationMinutes: 30 } }
reps:
  - { id: ana, name: Ana, email: ana@acme.test, timezone: Europe/Berlin, workingHours: { mon-fri: ["09:00-17:00"] } }
  - { id: ben, name: Ben, email: ben@acme.test, timezone: Europe/Berlin, workingHours: { mon-fri: ["09:00-17:00"] } }
  - { id: cy, name: Cy, email: cy@acme.test, timezone: Europe/Berlin, workingHours: { mon-fri: ["09:00-17:00"] } }
teams:
  rr: { members: [ana, ben, cy], strategy: round_robin, mode: assigned }
  pool: { members: [ana, ben], mode: pooled }
forms:
  demo:
    title: Demo
    meetingType: demo
    questions: [{ id: email, type: email, required: true }]
    routes: [{ to: { team: rr } }]
`));

const inNote = (repId: string): CandidateNote => ({ repId, included: true, slots: 4 });
const outNote = (repId: string): CandidateNote => ({ repId, included: false, reason: 'no_slots' });
const afterBen: RotationState = { lastIndex: 1, counts: new Map(), lastAssignedAt: new Map() };
const facts = { 'account.name': 'Globex', 'account.owner': 'cy' };

describe('decide', () => {
  it('takes the next turn among the eligible members and names the turn to record', () => {
    const decision = decide({ catalog, target: { team: 'rr' }, facts: {}, ownerNote: null, notes: [inNote('ana'), inNote('ben'), outNote('cy')], rotation: afterBen });
    expect(decision).toMatchObject({ teamId: 'rr', mode: 'assigned', repId: 'ana', candidates: ['ana'], turn: { repId: 'ana', index: 0 } });
    expect(decision.trace.strategy).toMatchObject({ name: 'round_robin', chosen: 'ana', numbers: { skipped: ['cy'] } });
    expect(decision.trace.candidates).toHaveLength(3);
  });

  it('gives an owner route to the owner who can take it, with no turn', () => {
    const owner = inNote('cy');
    expect(poolFor(catalog, { owner: true, fallback: 'rr' }, owner)).toMatchObject({ teamId: null, members: ['cy'] });
    const decision = decide({ catalog, target: { owner: true, fallback: 'rr' }, facts, ownerNote: owner, notes: [owner], rotation: null });
    expect(decision).toMatchObject({ repId: 'cy', turn: null, trace: { owner: { account: 'Globex', repId: 'cy', used: true }, strategy: { name: 'direct' } } });
  });

  it('falls back to the team when the owner cannot take it, and says why', () => {
    const owner = outNote('cy');
    expect(poolFor(catalog, { owner: true, fallback: 'rr' }, owner).teamId).toBe('rr');
    const decision = decide({ catalog, target: { owner: true, fallback: 'rr' }, facts, ownerNote: owner, notes: [inNote('ana'), inNote('ben'), owner], rotation: afterBen });
    expect(decision.trace.owner).toEqual({ account: 'Globex', repId: 'cy', used: false, reason: 'no_slots' });
    expect(decision.repId).toBe('ana');
  });

  it('leaves the choice of a pooled team to the booking', () => {
    const decision = decide({ catalog, target: { team: 'pool' }, facts: {}, ownerNote: null, notes: [{ repId: 'ana', included: true }, outNote('ben')], rotation: null });
    expect(decision).toMatchObject({ mode: 'pooled', repId: null, turn: null, candidates: ['ana'], trace: { strategy: { pendingUntilBooking: true, chosen: null } } });
  });

  it('decides nobody when no member can take the lead', () => {
    const decision = decide({ catalog, target: { team: 'rr' }, facts: {}, ownerNote: null, notes: [outNote('ana'), outNote('ben'), outNote('cy')], rotation: afterBen });
    expect(decision).toMatchObject({ repId: null, candidates: [], turn: null, trace: { strategy: { chosen: null } } });
  });

  it('is a function of its input: the same input, the same decision, nothing changed', () => {
    const notes = Object.freeze([inNote('ana'), inNote('ben'), inNote('cy')]);
    const input = { catalog, target: { team: 'rr' }, facts: {}, ownerNote: null, notes, rotation: afterBen } as const;
    expect(decide(input)).toEqual(decide(input));
    expect(afterBen.lastIndex).toBe(1);
  });
});
