import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { accountSchema } from '../../shared/config.ts';
import type { Account } from '../lead/enrich.ts';

export type AccountsResult = { ok: true; accounts: Account[] } | { ok: false; problems: string[] };

/**
 * Named accounts from a CSV file with the columns `name,domains,owner`; several domains
 * in one cell are separated by `;`, `|` or spaces. Every bad row is reported with its
 * line number, the way `usher check` reports the YAML.
 */
export function readAccountsFile(path: string, repIds: ReadonlySet<string>): AccountsResult {
  const label = `accountsFile(${path})`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, problems: [`${label}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`] };
  }
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    return { ok: false, problems: [`${label}: not valid CSV: ${(error as Error).message}`] };
  }
  const header = rows.length > 0 ? Object.keys(rows[0]!) : [];
  const missing = ['name', 'domains', 'owner'].filter((column) => rows.length > 0 && !header.includes(column));
  if (missing.length > 0) return { ok: false, problems: [`${label}: missing column(s) ${missing.join(', ')} (expected name,domains,owner)`] };

  const problems: string[] = [];
  const accounts: Account[] = [];
  rows.forEach((row, i) => {
    const line = i + 2; // line 1 is the header
    const candidate = {
      name: row.name ?? '',
      domains: (row.domains ?? '').split(/[;|\s]+/).filter(Boolean).map((d) => d.toLowerCase()),
      owner: row.owner ?? '',
    };
    const parsed = accountSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${label} line ${line}.${issue.path.join('.')}: ${issue.message}`);
      return;
    }
    if (!repIds.has(parsed.data.owner)) {
      problems.push(`${label} line ${line}.owner: unknown rep "${parsed.data.owner}"`);
      return;
    }
    accounts.push(parsed.data);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, accounts };
}
