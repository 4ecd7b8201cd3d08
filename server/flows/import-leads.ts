import type { IssueView } from '../http/errors.ts';
import { ApiError } from '../http/errors.ts';
import type { FlowDeps } from './deps.ts';
import { API_LEAD_TOKEN_DAYS, apiLeadResponse, type ApiLeadResponse } from './api-leads.ts';
import { submitLead } from './submit-lead.ts';

const DAY = 86_400_000;

export type ImportRow = { line: number; answers: Record<string, string>; timezone: string };

/** One row's fate: routed like `POST /api/leads`, or skipped with what was wrong. */
export type ImportResult =
  | ({ line: number; ok: true } & ApiLeadResponse)
  | { line: number; ok: false; code: string; problem: string; issues?: IssueView[] };

/**
 * `usher import leads.csv --form id` (SPEC §12): each row is a lead from anywhere, routed
 * now by the same qualify and route as the widget and the API, in its own transaction:
 * a row that is refused (an unknown option, a bad zone) writes nothing and the next one
 * goes on. `onRow` hears each result as it comes, for the progress bar.
 */
export async function importLeads(deps: FlowDeps, formId: string, rows: readonly ImportRow[], source: string, onRow: (result: ImportResult) => void): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const row of rows) {
    let result: ImportResult;
    try {
      const outcome = await submitLead({ ...deps, openLeadsCap: 0 }, formId, { answers: row.answers, timezone: row.timezone }, {
        source: { apiKey: 'import', name: source }, tokenValidMs: API_LEAD_TOKEN_DAYS * DAY,
      });
      result = { line: row.line, ok: true, ...apiLeadResponse(deps, outcome) };
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw error;
      // The file's own value beside each problem, so the row can be found and fixed.
      const issues = error.issues?.map((issue) => {
        const id = issue.path.startsWith('answers.') ? issue.path.slice('answers.'.length) : null;
        const given = id !== null && Object.hasOwn(row.answers, id) ? row.answers[id] : undefined;
        return given === undefined ? issue : { ...issue, message: `${issue.message} (got "${given.slice(0, 80)}")` };
      });
      result = { line: row.line, ok: false, code: error.code, problem: error.message, ...(issues ? { issues } : {}) };
    }
    results.push(result);
    onRow(result);
  }
  return results;
}
