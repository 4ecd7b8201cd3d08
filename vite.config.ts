import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { responseSchemas } from './scripts/response-schemas.ts';

/** Writes `.br` and `.gz` beside every script of the build, so the server never compresses one on a request. */
function precompress(): Plugin {
  return {
    name: 'usher-precompress',
    writeBundle(options, bundle) {
      for (const [name, output] of Object.entries(bundle)) {
        if (!name.endsWith('.js')) continue;
        const file = join(options.dir ?? 'dist', name);
        const code = Buffer.from(output.type === 'chunk' ? output.code : output.source);
        writeFileSync(`${file}.br`, brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(code, { level: 9 }));
      }
    },
  };
}

/**
 * `widget.js`, the one URL a host page names: a classic script of a few hundred bytes
 * that keeps its own `<script>` element for the widget (its `data-usher-locale`) and
 * imports the widget's first module. The modules have content hashes in their names,
 * so they are cached for good, while `widget.js` itself is revalidated. A failure to
 * load becomes an `usher:error` event, never an error in the host page.
 */
function loader(): Plugin {
  let modules = '';
  return {
    name: 'usher-loader',
    // Only in `vite build`: vitest runs this config's plugins too.
    apply: 'build',
    configResolved(config) {
      modules = resolve(config.root, config.build.outDir, 'widget');
    },
    buildStart() {
      // Last build's modules, whose hashed names nothing names any more.
      rmSync(modules, { recursive: true, force: true });
    },
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((output) => output.type === 'chunk' && output.isEntry);
      if (!entry) throw new Error('the widget build has no entry chunk');
      // import() takes the URL object as its text; only browsers with import() run this.
      const source = `(function(){var s=document.currentScript;window.__usherScript=s;`
        + `import(new URL(${JSON.stringify(entry.fileName)},s&&s.src||location.href)).catch(function(e){`
        + `dispatchEvent(new CustomEvent("usher:error",{detail:{code:"widget_error",message:String(e)}}))})})();\n`;
      this.emitFile({ type: 'asset', fileName: 'widget.js', source });
    },
  };
}

/**
 * Vite wraps each `import()` in a helper that adds `<link rel=modulepreload>` elements
 * to the host page's head and fires `vite:preloadError` on its window. The widget has
 * nothing to preload (`modulePreload: false`) and must not touch the page, so the
 * helper only runs the import (about 0.5 KB gzip less in the first module), and its calls
 * are replaced by the imports they wrap.
 */
function plainImports(): Plugin[] {
  const helper = '\0vite/preload-helper.js';
  return [{
    name: 'usher-plain-imports',
    apply: 'build',
    enforce: 'pre',
    load: (id) => (id === helper ? 'export const __vitePreload = (load) => load();' : undefined),
  }, {
    // And each call of it, once Vite has written them out, is the bare import.
    name: 'usher-plain-imports-calls',
    apply: 'build',
    enforce: 'post',
    renderChunk(code) {
      // `__vitePreload(() => import(…), deps)` is `(() => import(…))()`, which terser makes `import(…)`.
      const plain = code.replace(/__vitePreload\(([\s\S]+?),__VITE_IS_MODERN__\?__VITE_PRELOAD__:void 0\)/g, '($1)()');
      // Code only gets shorter within its lines: the source map still places it.
      return plain === code ? null : { code: plain, map: null };
    },
  }];
}

/**
 * Builds the embeddable widget: the loader `dist/widget.js`, and the modules it loads in
 * `dist/widget/` (the first, with the questions and the CSS inlined for the shadow root,
 * and the scheduler, fetched while the prospect types), each with brotli and gzip forms
 * for the server to send as they are.
 * The same file configures vitest for the whole repository.
 */
export default defineConfig({
  // The widget checks responses against shapes generated from the zod schemas in shared/api.ts.
  plugins: [responseSchemas(), plainImports(), loader(), precompress()],
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
      // The entry exports nothing: the loader only imports it for its effect.
      preserveEntrySignatures: false,
      output: {
        format: 'es',
        entryFileNames: 'widget/usher-[hash].js',
        chunkFileNames: 'widget/[name]-[hash].js',
      },
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30000,
  },
});
