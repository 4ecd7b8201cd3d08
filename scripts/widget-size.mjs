// Prints the gzip size of dist/widget.js and fails when it is over the budget (SPEC §8).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 15 * 1024;
const file = new URL('../dist/widget.js', import.meta.url);

let source;
try {
  source = readFileSync(file);
} catch {
  console.error('dist/widget.js not found: run `npx vite build` first');
  process.exit(1);
}
const gzip = gzipSync(source, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
console.log(`dist/widget.js: ${kb(source.length)} raw, ${kb(gzip)} gzip (budget ${kb(BUDGET)})`);
if (gzip > BUDGET) {
  console.error(`over budget by ${gzip - BUDGET} bytes`);
  process.exit(1);
}
