import { signal } from '@preact/signals';
import { request } from '../api/http.ts';
import { t } from '../i18n.ts';
import { CSV_LIMIT, csvProblem } from '../lib/format.ts';
import { buildQuery } from '../lib/query.ts';
import { resource } from './resource.ts';

/** One rep's line in a simulated team. */
export type SimulatedRep = {
  repId: string; name: string; weight: number; leads: number; credited: number; booked: number;
  held: number; noShow: number; share: number; targetShare: number; deviation: number;
};

/** `POST /api/admin/simulate`'s answer (server/flows/simulate.ts `SimulationReport`). */
export type SimulationReport = {
  formId: string;
  rows: number;
  routed: number;
  disqualified: Record<string, number>;
  noCandidate: number[];
  rejected: { line: number; problem: string }[];
  direct: Record<string, number>;
  distribution: { teams: { teamId: string; strategy: string; leads: number; reps: SimulatedRep[] }[]; spread: number };
};

export const simulation = resource<SimulationReport>();

/** Why the chosen file was refused before sending it. */
export const fileProblem = signal<string | null>(null);

/** Replays the CSV's leads through the form's routing (nothing is kept). */
export async function runSimulation(formId: string, file: File | null): Promise<void> {
  const problem = file ? csvProblem(file) : 'empty';
  fileProblem.value = problem === null ? null : problem === 'tooLarge' ? t('fileTooLarge', { kb: CSV_LIMIT / 1024 }) : t('fileMissing');
  if (problem !== null || !file) return;
  await simulation.load(async () => request<SimulationReport>(`/api/admin/simulate${buildQuery({ form: formId })}`, { csv: await file.text() }));
}
