import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Config } from '../shared/config.ts';
import type { Catalog } from './config/catalog.ts';
import type { SimulationReport, SimulationRow } from './flows/simulate.ts';

export { simulate, type SimulationReport } from './flows/simulate.ts';

type Row = SimulationRow;

/** Reads the CSV: one column per answer id, plus optional `timezone` and `submitted_at`. */
export function readLeadsCsv(text: string, config: Config, formId: string, now: number): Row[] | string {
  const form = config.forms[formId]!;
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, bom: true, relax_column_count: false });
  } catch (error) {
    return `not valid CSV: ${(error as Error).message}`;
  }
  const header = records[0]?.map((h) => h.toLowerCase());
  if (!header || header.length === 0) return 'the file is empty; the first line must name the columns';
  const questionIds = form.questions.map((q) => q.id);
  const unknown = header.filter((h) => !questionIds.includes(h) && h !== 'timezone' && h !== 'submitted_at');
  if (unknown.length > 0) return `unknown column(s) ${unknown.join(', ')}; expected answer ids of form "${formId}" (${questionIds.join(', ')}) and optionally timezone, submitted_at`;
  const missing = form.questions.filter((q) => q.required && !header.includes(q.id)).map((q) => q.id);
  if (missing.length > 0) return `missing column(s) for required question(s): ${missing.join(', ')}`;

  const rows: Row[] = [];
  for (const [i, record] of records.slice(1).entries()) {
    const line = i + 2;
    const value = (column: string) => record[header.indexOf(column)] ?? '';
    const answers = Object.fromEntries(questionIds.filter((id) => header.includes(id)).map((id) => [id, value(id)]));
    const submitted = header.includes('submitted_at') && value('submitted_at') !== '' ? Date.parse(value('submitted_at')) : now;
    if (Number.isNaN(submitted)) return `line ${line}: submitted_at "${value('submitted_at')}" is not a date (use ISO 8601, e.g. 2026-11-23T14:05:00Z)`;
    rows.push({ line, answers, timezone: header.includes('timezone') && value('timezone') ? value('timezone') : 'UTC', at: submitted });
  }
  // Replay in time order, as the leads arrived.
  return rows.sort((a, b) => a.at - b.at || a.line - b.line);
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)} pp`;

/** The report as the table `usher simulate` prints. */
export function formatReport(report: SimulationReport, catalog: Catalog, source: string): string {
  const lines: string[] = [];
  const disqualified = Object.values(report.disqualified).reduce((a, b) => a + b, 0);
  lines.push(`Simulated ${report.rows} lead(s) from ${source} on form "${report.formId}"`);
  lines.push(`  routed: ${report.routed} · disqualified: ${disqualified} · no candidate: ${report.noCandidate.length} · rejected rows: ${report.rejected.length}`);
  for (const team of report.distribution.teams) {
    lines.push('', `Team ${team.teamId} (${team.strategy}, ${team.leads} lead(s))`);
    lines.push(`  ${'rep'.padEnd(22)}${'leads'.padStart(7)}${'share'.padStart(9)}${'target'.padStart(9)}${'deviation'.padStart(12)}`);
    for (const rep of team.reps) {
      lines.push(`  ${rep.name.padEnd(22)}${String(rep.leads).padStart(7)}${pct(rep.share).padStart(9)}${pct(rep.targetShare).padStart(9)}${signed(rep.deviation).padStart(12)}`);
    }
  }
  const direct = Object.entries(report.direct);
  if (direct.length > 0) {
    lines.push('', 'Direct to a rep (account owner or rep route)');
    for (const [repId, count] of direct) lines.push(`  ${(catalog.reps.get(repId)?.name ?? repId).padEnd(22)}${String(count).padStart(7)}`);
  }
  lines.push('', 'Disqualified by reason');
  if (disqualified === 0) lines.push('  none');
  for (const [reason, count] of Object.entries(report.disqualified).sort((a, b) => b[1] - a[1])) {
    lines.push(`  ${reason.padEnd(22)}${String(count).padStart(7)}`);
  }
  lines.push('', `Leads with no candidate: ${report.noCandidate.length}${report.noCandidate.length ? ` (line ${report.noCandidate.slice(0, 20).join(', ')}${report.noCandidate.length > 20 ? ', …' : ''})` : ''}`);
  for (const rejected of report.rejected.slice(0, 20)) lines.push(`Rejected line ${rejected.line}: ${rejected.problem}`);
  lines.push(`Fairness spread: ${report.distribution.spread.toFixed(1)} pp (the largest deviation from a weighted share)`);
  return lines.join('\n');
}

export function readFileOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
