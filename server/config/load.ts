import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { configSchema, type Config } from '../../shared/config.ts';
import { formatPath, formatProblem, type Problem } from './paths.ts';
import { checkReferences } from './references.ts';

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

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
  return { ok: true, config: parsed.data };
}

/** Reads a YAML or JSON config file. */
export function loadConfigFile(path: string): ConfigResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, problems: [`(file): cannot read ${path}${code === 'ENOENT' ? ': no such file' : `: ${code}`}`] };
  }
  return parseConfig(text, extname(path).toLowerCase() === '.json' ? 'json' : 'yaml');
}
