import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { configSchema, type Config } from '../../shared/config.ts';
import { readAccountsFile } from './accounts-file.ts';
import { readSecret } from './env.ts';
import { formatPath, formatProblem, type Problem } from './paths.ts';
import { checkReferences } from './references.ts';
import { missingTranslations } from './translations.ts';

/**
 * A checked config, or every problem with it. `warnings` are `path: message` lines too,
 * for what works but is likely a mistake (a text missing in one locale): `usher check`
 * prints them and still exits 0.
 */
export type ConfigResult = { ok: true; config: Config; warnings: string[] } | { ok: false; problems: string[] };

/** Parses and checks config text; every problem comes back as a `path: message` line. */
export function parseConfig(text: string, format: 'yaml' | 'json' = 'yaml'): ConfigResult {
  let raw: unknown;
  if (format === 'json') {
    try {
      raw = JSON.parse(text);
    } catch (error) {
      return { ok: false, problems: [`(file): invalid JSON: ${(error as Error).message}`] };
    }
  } else {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      return { ok: false, problems: doc.errors.map((e) => `(file): ${e.message.split('\n')[0]}`) };
    }
    raw = doc.toJS();
  }
  const parsed = configSchema.safeParse(raw);
  const problems: Problem[] = parsed.success ? [] : parsed.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  problems.push(...checkReferences(raw));
  if (!parsed.success || problems.length > 0) return { ok: false, problems: problems.map(formatProblem) };
  return { ok: true, config: parsed.data, warnings: missingTranslations(parsed.data).map(formatProblem) };
}

/**
 * Calendar passwords the config names but the environment does not hold. A CalDAV
 * calendar without its password could never be read, so its rep would never be
 * offered: that is a config error at load, not a surprise at the first sync.
 */
export function missingSecrets(config: Config, secret: (name: string) => string | undefined): string[] {
  const problems: string[] = [];
  config.reps.forEach((rep, r) => rep.calendars.forEach((source, c) => {
    if (source.kind === 'caldav' && !secret(source.passwordEnv)) {
      problems.push(`reps[${r}].calendars[${c}].passwordEnv: the environment variable ${source.passwordEnv} is not set`);
    }
  }));
  return problems;
}

/**
 * Reads a YAML or JSON config file, and the accounts CSV it names (relative to the
 * config file), merged into `accounts`; then checks that the secrets it names are set.
 */
export function loadConfigFile(path: string, secret: (name: string) => string | undefined = readSecret): ConfigResult {
  const result = readConfigFile(path);
  if (!result.ok) return result;
  const missing = missingSecrets(result.config, secret);
  return missing.length > 0 ? { ok: false, problems: missing } : result;
}

function readConfigFile(path: string): ConfigResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, problems: [`(file): cannot read ${path}${code === 'ENOENT' ? ': no such file' : `: ${code}`}`] };
  }
  const result = parseConfig(text, extname(path).toLowerCase() === '.json' ? 'json' : 'yaml');
  if (!result.ok || !result.config.accountsFile) return result;
  const file = resolve(dirname(path), result.config.accountsFile);
  const accounts = readAccountsFile(file, new Set(result.config.reps.map((rep) => rep.id)));
  if (!accounts.ok) return accounts;
  return { ...result, config: { ...result.config, accounts: [...result.config.accounts, ...accounts.accounts] } };
}
