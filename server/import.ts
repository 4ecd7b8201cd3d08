import { Presets, SingleBar } from 'cli-progress';
import type { Config } from '../shared/config.ts';
import type { ImportResult, ImportRow } from './flows/import-leads.ts';
import { readLeadsCsv } from './simulate.ts';

export { importLeads } from './flows/import-leads.ts';

/**
 * The rows of `usher import`'s CSV: one column per answer id and an optional `timezone`,
 * as `usher simulate` reads them. `submitted_at` is refused: an import routes its leads
 * now, and a file of past leads is for `usher simulate`.
 */
export function readImportCsv(text: string, config: Config, formId: string, now: number): ImportRow[] | string {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  if (/(^|,)\s*"?submitted_at"?\s*(,|$)/i.test(firstLine)) {
    return 'the submitted_at column is for usher simulate; an import routes its leads now (remove the column)';
  }
  const rows = readLeadsCsv(text, config, formId, now);
  if (typeof rows === 'string') return rows;
  return rows.sort((a, b) => a.line - b.line).map(({ line, answers, timezone }) => ({ line, answers, timezone }));
}

/** A progress bar on stderr (a line every few seconds when it is not a terminal). */
export function importProgress(total: number) {
  const bar = new SingleBar({
    format: 'importing [{bar}] {value}/{total} rows · {skipped} skipped',
    stream: process.stderr, hideCursor: true, noTTYOutput: true, notTTYSchedule: 2000, etaBuffer: 50,
  }, Presets.shades_classic);
  let skipped = 0;
  bar.start(total, 0, { skipped });
  return {
    row(result: ImportResult) {
      if (!result.ok) skipped++;
      bar.increment(1, { skipped });
    },
    stop: () => bar.stop(),
  };
}

/** What `usher import` prints when done: the counts, then every skipped row and why. */
export function formatImport(results: readonly ImportResult[], file: string, formId: string): string {
  const done = results.filter((r) => r.ok);
  const count = (outcome: string) => done.filter((r) => r.outcome === outcome).length;
  const skipped = results.filter((r): r is Extract<ImportResult, { ok: false }> => !r.ok);
  const lines = [
    `Imported ${done.length} of ${results.length} row(s) from ${file} on form "${formId}"`,
    `  to book: ${count('schedule')} · no availability: ${count('no_availability')} · disqualified: ${count('disqualified')} · already booked: ${count('already_booked')} · skipped: ${skipped.length}`,
  ];
  if (done.length > 0) lines.push('  emails and webhooks go out from usher serve; `--json` lists each lead with its booking link');
  if (skipped.length > 0) {
    lines.push('', 'Skipped (nothing was written for these rows):');
    for (const row of skipped) {
      const detail = row.issues?.map((i) => `${i.path}: ${i.message}`).join('; ') ?? row.problem;
      lines.push(`  line ${row.line}: ${detail}`);
    }
  }
  return lines.join('\n');
}
