import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const ASSETS = join(ROOT, 'dist', 'admin', 'assets');
/** The console's budget: everything it loads, gzip level 9. */
const BUDGET = 40 * 1024;

describe('admin console bundle', () => {
  it(`is built and at most ${BUDGET / 1024} KB gzip in all`, () => {
    const built = statSync(ASSETS, { throwIfNoEntry: false })?.isDirectory() ?? false;
    expect(built, 'dist/admin is missing: run vite build -c vite.admin.config.ts').toBe(true);
    const files = readdirSync(ASSETS).filter((name) => /\.(js|css)$/.test(name));
    expect(files.length, 'dist/admin/assets has no script: run vite build -c vite.admin.config.ts').toBeGreaterThan(0);
    const sizes = files.map((name) => ({ name, gzip: gzipSync(readFileSync(join(ASSETS, name)), { level: 9 }).length }));
    const total = sizes.reduce((sum, file) => sum + file.gzip, 0);
    expect(total, `admin bundle is ${total} bytes gzip: ${sizes.map((s) => `${s.name} ${s.gzip}`).join(', ')}`).toBeLessThanOrEqual(BUDGET);
  });

  it('carries no zod and no server code (types only from shared/)', () => {
    for (const name of readdirSync(ASSETS).filter((n) => n.endsWith('.js'))) {
      const source = readFileSync(join(ASSETS, name), 'utf8');
      expect(source).not.toMatch(/ZodError|\$ZodType|zod/);
    }
  });
});
