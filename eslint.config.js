import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layers (README, "Layout"): shared ← pure domain (lead, routing, availability) ←
// store (the only Kysely) ← flows (the only transactions) ← routes + views. An import
// against the arrow is a lint error, so the boundaries hold without anyone remembering.
const database = ['kysely', 'kysely/*', 'better-sqlite3', 'pg'];
const io = ['node:fs', 'node:fs/*', 'node:net', 'node:http', 'node:https', 'node:child_process', 'hono', 'hono/*', 'nodemailer'];
const layer = (name) => [`**/${name}/*`, `../${name}/*`, `./${name}/*`];
const message = (why) => ({ message: why });

/** `no-restricted-imports` for a group of files: these module patterns, with the reason. */
const forbid = (files, groups) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: groups.map(({ group, why }) => ({ group, ...message(why) })) }],
  },
});

const pureDomain = ['server/lead/**', 'server/routing/**', 'server/availability/**'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'test/e2e/__screenshots__/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-control-regex': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  forbid(['server/**', 'shared/**', 'widget/**'], [
    { group: database, why: 'only server/store/ talks to the database; call a store operation or a flow' },
  ]),
  { files: ['server/store/**'], rules: { 'no-restricted-imports': 'off' } },
  forbid(pureDomain, [
    { group: database, why: 'the pure domain does no I/O: take the data as a parameter' },
    { group: [...layer('store'), ...layer('flows'), ...layer('http'), ...layer('delivery'), ...layer('routes'), ...layer('views')], why: 'the pure domain imports no store, flows, http, delivery, routes or views' },
    { group: [...io, '**/config/env.ts', '**/config/load.ts'], why: 'the pure domain does no I/O and reads no environment: take it as a parameter' },
  ]),
  {
    files: pureDomain,
    rules: {
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'the pure domain reads no clock: take `now` as a parameter' },
        { object: 'process', property: 'env', message: 'the pure domain reads no environment: take it as a parameter' },
      ],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'the pure domain does no I/O' }],
    },
  },
  forbid(['server/routes/**', 'server/views/**'], [
    { group: database, why: 'routes and views never touch the database' },
    { group: layer('store'), why: 'routes and views call flows (server/flows/), never the store' },
  ]),
  forbid(['server/flows/**'], [
    { group: database, why: 'flows use the store\'s named operations, not Kysely' },
    { group: [...layer('routes'), ...layer('views')], why: 'flows are below routes and views' },
  ]),
  // The console is a browser bundle of its own: preact, signals and shared/ types only.
  forbid(['admin/**'], [
    { group: ['**/server/**', '**/widget/**', 'luxon', 'zod', 'zod/*', ...database, ...io], why: 'the admin console runs in the browser and talks to the server only over /api/admin' },
  ]),
  forbid(['shared/**'], [
    { group: ['**/server/**', '**/widget/**', 'luxon', ...database, ...io], why: 'shared/ is used by both widget and server, so it imports neither' },
  ]),
);
