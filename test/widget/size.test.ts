import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

// SPEC §8. `npm test` builds the widget before vitest runs; `node scripts/widget-size.mjs
// --split` shows where the bytes go.
const BUDGET = 15 * 1024;
const bundle = join(ROOT, 'dist', 'widget.js');

describe('widget bundle', () => {
  it('exists (npm test builds it first; run `npx vite build` when running vitest alone)', () => {
    expect(statSync(bundle, { throwIfNoEntry: false })?.isFile()).toBe(true);
  });

  it('stays within 15 KB gzip', () => {
    const gzip = gzipSync(readFileSync(bundle), { level: 9 }).length;
    expect(gzip, `dist/widget.js is ${gzip} bytes gzip, over the ${BUDGET} byte budget by ${gzip - BUDGET}`).toBeLessThanOrEqual(BUDGET);
  });

  it('bundles neither zod nor preact/hooks, whose bytes the budget has no room for', () => {
    const source = readFileSync(bundle, 'utf8');
    expect(source).not.toMatch(/ZodError|\$ZodType/);
    expect(source).not.toMatch(/__H/); // preact/hooks keeps its state under `__H`
  });
});
