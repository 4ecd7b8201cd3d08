import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time of any file under these paths. */
function newestMtime(paths: readonly string[]): number {
  let newest = 0;
  for (const path of paths) {
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info) continue;
    if (info.isDirectory()) newest = Math.max(newest, newestMtime(readdirSync(path).map((name) => join(path, name))));
    else newest = Math.max(newest, info.mtimeMs);
  }
  return newest;
}

/** Builds `dist/widget.js` with Vite when it is missing or older than its sources. */
export async function buildWidgetIfStale(root: string, log: (message: string) => void): Promise<void> {
  const output = join(root, 'dist', 'widget.js');
  const built = statSync(output, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = newestMtime(['widget', 'shared', 'scripts', 'vite.config.ts'].map((p) => join(root, p)));
  if (built >= sources) return;
  log('building widget.js');
  const { build } = await import('vite');
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}
