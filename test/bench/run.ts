import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * `npm run bench`: runs every `*.bench.ts` beside this file (or the ones named on the
 * command line), each a module whose default export runs and prints its own figures.
 */
const only = process.argv.slice(2);
const files = readdirSync(import.meta.dirname)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((o) => name.includes(o)))
  .sort();
for (const name of files) {
  console.log(`\n## ${name.replace('.bench.ts', '')}`);
  const module = (await import(pathToFileURL(join(import.meta.dirname, name)).href)) as { default: () => Promise<void> };
  await module.default();
}
