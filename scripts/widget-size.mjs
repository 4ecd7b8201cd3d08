// Prints the gzip size of dist/widget.js and fails when it is over the budget (SPEC §8).
// `--split` also builds a source-mapped copy and prints what each part costs: the gzip
// bytes the bundle would lose without it (parts share a compression window, so these
// add up to less than the total).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUDGET = 15 * 1024;
const root = new URL('..', import.meta.url).pathname;
const gzip = (text) => gzipSync(text, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

let source;
try {
  source = readFileSync(join(root, 'dist', 'widget.js'));
} catch {
  console.error('dist/widget.js not found: run `npx vite build` first');
  process.exit(1);
}
const total = gzip(source);
console.log(`dist/widget.js: ${kb(source.length)} raw, ${kb(total)} gzip (budget ${kb(BUDGET)})`);

if (process.argv.includes('--split')) await printSplit();

if (total > BUDGET) {
  console.error(`over budget by ${total - BUDGET} bytes`);
  process.exit(1);
}

/** Which part of the bundle a source file belongs to. */
function partOf(file) {
  if (file.includes('node_modules/preact/')) return 'preact';
  if (file.includes('node_modules/@preact/signals')) return '@preact/signals';
  if (file.includes('node_modules/')) return 'other packages';
  // The generated module has no source map of its own; its code maps to its importer.
  if (file.endsWith('widget/schemas.ts')) return 'response shapes (generated)';
  if (file.endsWith('widget/validate.ts')) return 'response validator';
  if (file.endsWith('widget/messages.ts')) return 'messages (en, de, fr, es)';
  return 'widget code';
}

/** Decodes a source map's VLQ mappings into [line, column, source] segments. */
function* segments(mappings) {
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let sourceIndex = 0;
  const lines = mappings.split(';');
  for (let line = 0; line < lines.length; line++) {
    let column = 0;
    for (const segment of lines[line] ? lines[line].split(',') : []) {
      const values = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = digits.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >> 1) : value >> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length > 1) sourceIndex += values[1];
      yield { line, column, source: values.length > 1 ? sourceIndex : -1 };
    }
  }
}

async function printSplit() {
  const { build } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), 'usher-widget-size-'));
  try {
    await build({ root, logLevel: 'silent', build: { outDir, sourcemap: true, emptyOutDir: true } });
    const code = readFileSync(join(outDir, 'widget.js'), 'utf8');
    const map = JSON.parse(readFileSync(join(outDir, 'widget.js.map'), 'utf8'));
    const lines = code.split('\n');
    const owner = lines.map((text) => new Array(text.length).fill(''));
    const all = [...segments(map.mappings)];
    all.forEach((segment, i) => {
      const next = all[i + 1];
      const end = next && next.line === segment.line ? next.column : lines[segment.line].length;
      const part = segment.source < 0 ? '' : partOf(map.sources[segment.source]);
      for (let column = segment.column; column < end; column++) owner[segment.line][column] = part;
    });
    // The stylesheet is a string literal inside the widget code; give it its own line.
    lines.forEach((text, line) => {
      const start = text.indexOf(':host{');
      if (start >= 0) for (let column = start; column < text.indexOf("'", start) && column < text.length; column++) owner[line][column] = 'CSS';
    });
    const parts = [...new Set(owner.flat().filter(Boolean))];
    const without = (part) => lines.map((text, line) => [...text].filter((_, column) => owner[line][column] !== part).join('')).join('\n');
    const whole = gzip(code);
    for (const part of parts.sort()) console.log(`  ${part.padEnd(30)} ${kb(whole - gzip(without(part))).padStart(9)}`);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
