import { randomBytes } from 'node:crypto';
import type { Config } from '../../shared/config.ts';
import type { Lead } from '../../shared/records.ts';
import { checkSlot } from '../availability/slot-check.ts';
import { NO_CALENDARS } from '../calendars/busy.ts';
import { buildCatalog, meetingOf, slotRules, type Catalog } from '../config/catalog.ts';
import { ApiError } from '../http/errors.ts';
import { distribution, type Distribution } from '../routing/distribution.ts';
import { choosePooled, isPooledTeamLead } from '../routing/pooled.ts';
import { migrate, openDb, seedLockRows } from '../store/db.ts';
import { createStore, type Store } from '../store/store.ts';
import { loadCalendars } from './calendars.ts';
import { submitLead } from './submit-lead.ts';
import { takeTurn } from './take-turn.ts';

const DAY = 86_400_000;

export type SimulationReport = {
  formId: string;
  rows: number;
  routed: number;
  disqualified: Record<string, number>;
  noCandidate: number[];
  rejected: { line: number; problem: string }[];
  direct: Record<string, number>;
  distribution: Distribution;
};

/** One past lead: its answers, the zone it came from and when it arrived. */
export type SimulationRow = { line: number; answers: Record<string, string>; timezone: string; at: number };

/**
 * Routes historical leads through the real submission flow against a throwaway
 * in-memory database: the live database is never opened. Pooled leads are assigned as
 * if the prospect took the earliest slot offered, through the same turn-taking. Reps'
 * calendars are not read: the past's busy times are gone, and today's say nothing about
 * who would have been free then.
 */
export async function simulate(config: Config, formId: string, rows: readonly SimulationRow[]): Promise<SimulationReport> {
  const catalog = buildCatalog(config);
  const db = openDb({ dataDir: '', memory: true });
  const store = createStore(db);
  try {
    await migrate(db);
    await seedLockRows(db, config.reps.map((r) => r.id), Object.keys(config.teams));
    const report: SimulationReport = {
      formId, rows: rows.length, routed: 0, disqualified: {}, noCandidate: [], rejected: [], direct: {},
      distribution: { teams: [], spread: 0 },
    };
    // Nothing simulated is kept: a secret of the run's own seals what would be.
    const secret = randomBytes(32).toString('base64url');
    for (const row of rows) {
      try {
        const result = await submitLead({ store, catalog, clock: () => row.at, calendars: NO_CALENDARS, openLeadsCap: 0, secret }, formId, { answers: row.answers, timezone: row.timezone });
        if (result.outcome === 'disqualified') {
          report.disqualified[result.lead.reason!] = (report.disqualified[result.lead.reason!] ?? 0) + 1;
        } else if (result.outcome === 'no_availability') {
          report.noCandidate.push(row.line);
        } else if (result.outcome === 'schedule') {
          // (`already_booked` cannot come: a simulation books nothing.)
          report.routed++;
          if (result.lead.mode === 'pooled') await assignAtFirstSlot(store, catalog, result.lead, result.slots[0]!.start, row.at);
          else if (result.lead.teamId === null) report.direct[result.lead.repId!] = (report.direct[result.lead.repId!] ?? 0) + 1;
        }
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        const detail = error.issues?.map((i) => `${i.path}: ${i.message}`).join('; ') ?? error.message;
        report.rejected.push({ line: row.line, problem: detail });
      }
    }
    report.distribution = distribution(catalog, await store.rotation.assignmentCounts(-Infinity, Infinity));
    return report;
  } finally {
    await store.destroy();
  }
}

/** A pooled lead takes its turn as if booked at `start`; no booking is written. */
async function assignAtFirstSlot(store: Store, catalog: Catalog, lead: Lead, start: number, now: number): Promise<void> {
  if (!isPooledTeamLead(catalog, lead)) return;
  const meeting = meetingOf(catalog, catalog.config.forms[lead.formId]!);
  const deps = { catalog, calendars: NO_CALENDARS };
  await store.atomically({ teams: [lead.teamId], reps: lead.candidateIds }, async (tx) => {
    const calendars = await loadCalendars(tx, deps, now, meeting, lead.candidateIds, start - DAY, start + DAY);
    const check = checkSlot(calendars, slotRules(meeting), start, now);
    if (check.state !== 'free') return;
    const choice = await takeTurn(tx, catalog, { teamId: lead.teamId, leadId: lead.id, at: now },
      (state) => choosePooled(catalog, lead, state, new Set(check.repIds), start));
    await tx.leads.recordPooledChoice(lead.id, choice.repId, choice.trace);
  });
}
