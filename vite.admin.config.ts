import { defineConfig } from 'vite';

/**
 * Builds the admin console (`admin/`): one module, `dist/admin/assets/admin-[hash].js`,
 * with its stylesheet inside (imported `?inline`), and `dist/admin/.vite/manifest.json`
 * for the server to find the hashed name under the key `admin/main.tsx`. Served under
 * `/admin/`. A file of its own, not vite.config.ts, so vitest never reads it and the
 * widget's build is left as it is.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/admin/',
  publicDir: false,
  esbuild: {
    // Classic JSX through Preact's `h`, as the widget: no automatic runtime module.
    jsx: 'transform',
    jsxFactory: 'h',
    jsxFragment: 'Fragment',
    jsxInject: "import { h, Fragment } from 'preact'",
  },
  build: {
    outDir: 'dist/admin',
    emptyOutDir: true,
    manifest: true,
    // One module and nothing to preload: the console loads no other chunk.
    modulePreload: false,
    minify: 'terser',
    terserOptions: { compress: { passes: 2 } },
    rollupOptions: {
      input: 'admin/main.tsx',
      output: {
        format: 'es',
        entryFileNames: 'assets/admin-[hash].js',
        chunkFileNames: 'assets/admin-[name]-[hash].js',
        assetFileNames: 'assets/admin-[hash][extname]',
      },
    },
  },
});
