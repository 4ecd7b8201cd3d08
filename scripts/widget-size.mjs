// Prints the gzip sizes of the widget's scripts and fails when they are over budget
// (SPEC §8, "Budget v2"): the first load (the loader dist/widget.js and the module it
// imports) at most 12 KB, and everything one prospect can load at most 20 KB: the first
// load, the scheduler and the largest of the language modules (a prospect loads one). `--split` also builds a
// source-mapped copy and prints what each part of the first module costs: the gzip bytes
// it would lose without it (parts share a compression window, so these add up to less).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const FIRST_BUDGET = 12 * 1024;
export const ALL_BUDGET = 20 * 1024;
const root = new URL('..', import.meta.url).pathname;
const gzip = (text) => gzipSync(text, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

/** The loader, the module it imports first, and every other module, by name with gzip sizes. */
export function widgetScripts(dist = join(root, 'dist')) {
  const loader = readFileSync(join(dist, 'widget.js'), 'utf8');
  const entry = /import\(new URL\("widget\/([^"]+)"/.exec(loader)?.[1];
  if (!entry) throw new Error('dist/widget.js names no module to import');
  const modules = readdirSync(join(dist, 'widget')).filter((name) => name.endsWith('.js')).map((name) => {
    const code = readFileSync(join(dist, 'widget', name));
    return { name, raw: code.length, gzip: gzip(code), first: name === entry };
  });
  const loaderGzip = gzip(loader);
  const first = loaderGzip + modules.filter((m) => m.first).reduce((sum, m) => sum + m.gzip, 0);
  const language = (m) => /^[a-z]{2}-[\w-]{8}\.js$/.test(m.name);
  const largestLanguage = Math.max(0, ...modules.filter(language).map((m) => m.gzip));
  const all = loaderGzip + modules.filter((m) => !language(m)).reduce((sum, m) => sum + m.gzip, 0) + largestLanguage;
  return { loader: { raw: loader.length, gzip: loaderGzip }, modules, first, all, entry };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let scripts;
  try {
    scripts = widgetScripts();
  } catch (error) {
    console.error(`${error.message}: run \`npx vite build\` first`);
    process.exit(1);
  }
  console.log(`  widget.js (loader)            ${kb(scripts.loader.raw)} raw, ${kb(scripts.loader.gzip)} gzip`);
  for (const m of scripts.modules) console.log(`  widget/${m.name.padEnd(22)} ${kb(m.raw)} raw, ${kb(m.gzip)} gzip${m.first ? '  (first)' : ''}`);
  console.log(`  first load ${kb(scripts.first)} (budget ${kb(FIRST_BUDGET)}); all one prospect loads ${kb(scripts.all)} (budget ${kb(ALL_BUDGET)})`);
  if (process.argv.includes('--split')) await printSplit();
  if (scripts.first > FIRST_BUDGET || scripts.all > ALL_BUDGET) {
    console.error('over budget');
    process.exit(1);
  }
}

/** Which part of the bundle a source file belongs to. */
function partOf(file) {
  if (file.includes('node_modules/preact/')) return 'preact';
  if (file.includes('node_modules/@preact/signals')) return '@preact/signals';
  if (file.includes('node_modules/')) return 'other packages';
  // The generated module has no source map of its own; its code maps to its importer.
  if (file.endsWith('widget/schemas.ts')) return 'response shapes (generated)';
  if (file.endsWith('widget/validate.ts')) return 'response validator';
  if (/widget\/messages/.test(file)) return 'messages';
  if (file.includes('/shared/')) return `shared/${file.split('/shared/')[1]}`;
  if (file.includes('/widget/')) return `widget/${file.split('/widget/')[1]}`;
  return 'other';
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
    const { entry } = widgetScripts(outDir);
    const code = readFileSync(join(outDir, 'widget', entry), 'utf8');
    const map = JSON.parse(readFileSync(join(outDir, 'widget', `${entry}.map`), 'utf8'));
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
