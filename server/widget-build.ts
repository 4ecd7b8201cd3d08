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

/** Builds `dist/widget.js` and the admin console (`dist/admin/`) with Vite when missing or older than their sources. */
export async function buildWidgetIfStale(root: string, log: (message: string) => void): Promise<void> {
  const builds = [
    { name: 'widget.js', output: join(root, 'dist', 'widget.js'), sources: ['widget', 'shared', 'scripts', 'vite.config.ts'], config: 'vite.config.ts' },
    { name: 'the admin console', output: join(root, 'dist', 'admin', '.vite', 'manifest.json'), sources: ['admin', 'shared', 'vite.admin.config.ts'], config: 'vite.admin.config.ts' },
  ];
  for (const target of builds) {
    const built = statSync(target.output, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (built >= newestMtime(target.sources.map((p) => join(root, p)))) continue;
    log(`building ${target.name}`);
    const { build } = await import('vite');
    await build({ root, configFile: join(root, target.config), logLevel: 'warn' });
  }
}
