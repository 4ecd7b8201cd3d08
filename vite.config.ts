import { defineConfig } from 'vitest/config';

/**
 * Builds the embeddable widget as one classic script, `dist/widget.js`: an IIFE with its
 * CSS inlined (injected into the shadow root at run time), no chunks, no other files.
 * The same file configures vitest for the whole repository.
 */
export default defineConfig({
  // ASCII output: a classic script is decoded with the host page's charset, which may
  // not be UTF-8, so "…" must travel as \u2026.
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact', charset: 'ascii' },
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    modulePreload: false,
    rollupOptions: {
      input: 'widget/main.ts',
      onwarn(warning, warn) {
        // zod ships comments Rollup cannot place; dropping them changes nothing.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
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
