import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { responseSchemas } from './scripts/response-schemas.ts';

/** Writes `widget.js.br` and `widget.js.gz` beside the bundle, so the server never compresses it on a request. */
function precompress(): Plugin {
  return {
    name: 'usher-precompress',
    writeBundle(options, bundle) {
      for (const [name, output] of Object.entries(bundle)) {
        if (output.type !== 'chunk') continue;
        const file = join(options.dir ?? 'dist', name);
        const code = Buffer.from(output.code);
        writeFileSync(`${file}.br`, brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(code, { level: 9 }));
      }
    },
  };
}

/**
 * Builds the embeddable widget as one classic script, `dist/widget.js`: an IIFE with its
 * CSS inlined (injected into the shadow root at run time), no chunks, plus its brotli
 * and gzip forms (`widget.js.br`, `widget.js.gz`) for the server to send as they are.
 * The same file configures vitest for the whole repository.
 */
export default defineConfig({
  // The widget checks responses against shapes generated from the zod schemas in shared/api.ts.
  plugins: [responseSchemas(), precompress()],
  esbuild: {
    // Classic JSX through Preact's `h` costs less than the automatic runtime's module.
    jsx: 'transform',
    jsxFactory: 'h',
    jsxFragment: 'Fragment',
    jsxInject: "import { h, Fragment } from 'preact'",
    // ASCII output: a classic script is decoded with the host page's charset, which may
    // not be UTF-8, so "…" must travel as \u2026.
    charset: 'ascii',
  },
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    modulePreload: false,
    // Terser with two passes packs the bundle about 2% tighter than esbuild's minifier,
    // the margin that lets the widget share the server's answer rules within budget.
    minify: 'terser',
    terserOptions: { compress: { passes: 2 }, format: { ascii_only: true } },
    rollupOptions: {
      input: 'widget/main.ts',
      // @preact/signals installs its per-component integration (and with it preact/hooks)
      // as a side effect of being imported. The widget renders from one signals effect
      // instead (widget/element.ts) and uses no hooks, so both are dropped unless
      // something is imported from them: about 2.4 KB gzip of a 15 KB budget.
      treeshake: {
        moduleSideEffects: (id) => !/[\\/]node_modules[\\/](@preact[\\/]signals|preact[\\/]hooks)[\\/]/.test(id),
      },
      output: {
        format: 'iife',
        entryFileNames: 'widget.js',
        inlineDynamicImports: true,
      },
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30000,
  },
});
