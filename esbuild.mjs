// Bundles the two front ends: the VS Code extension (CommonJS, `vscode` external) and the CLI.
// `--production` minifies; source maps are always written so stack traces stay readable.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  // A build says nothing unless something is wrong (`npm start` shows the check, not bundle sizes);
  // watch mode reports each rebuild.
  logLevel: watch ? 'info' : 'warning',
  // Optional drivers that TypeORM and pg reference but never load for PostgreSQL.
  external: ['pg-native', 'pg-query-stream', 'mysql', 'mysql2', 'oracledb', 'sqlite3', 'better-sqlite3', 'sql.js',
    'mssql', 'mongodb', 'redis', 'ioredis', 'hdb-pool', '@sap/hana-client', '@sap/hana-client/extension/Stream',
    'react-native-sqlite-storage', 'typeorm-aurora-data-api-driver', '@google-cloud/spanner', 'nativescript-sqlite',
    'expo-sqlite', '@capacitor-community/sqlite', 'pg-cloudflare'],
};

// ts-morph's half that carries the TypeScript compiler is most of each bundle's size; the engine,
// the shadow worker and the CLI all need it (entity parsing, migration transpiling). One copy,
// dist/ts-morph-common.js, that the three require from beside themselves.
const sharedTypescript = {
  name: 'shared-typescript',
  setup(build) {
    build.onResolve({ filter: /^@ts-morph\/common$/ }, () => ({ path: './ts-morph-common.js', external: true }));
  },
};

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: [...common.external, 'vscode'] },
  // The extension's analysis engine (ts-morph, pg, the core): a separate file, required after activation.
  { ...common, entryPoints: ['src/extension/engine.ts'], outfile: 'dist/engine.js', external: [...common.external, 'vscode'], plugins: [sharedTypescript] },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [sharedTypescript] },
  // The shadow database's own process (PGlite + the project's migrations), forked by ShadowDatabase.
  // PGlite's ESM build locates its files from import.meta.url, which a CJS bundle must supply.
  { ...common, entryPoints: ['src/core/shadow/worker.ts'], outfile: 'dist/shadow-worker.js', plugins: [sharedTypescript],
    define: { 'import.meta.url': 'importMetaUrl' }, banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" } },
  { ...common, entryPoints: ['node_modules/@ts-morph/common/dist/ts-morph-common.js'], outfile: 'dist/ts-morph-common.js' },
  // The ER diagram webview's script: runs in the webview (a browser), elkjs bundled in, nothing remote.
  { ...common, entryPoints: ['src/webview/erDiagram/main.ts'], outfile: 'dist/er-diagram.js', platform: 'browser', target: 'chrome120', format: 'iife', external: [] },
];

// PGlite finds its wasm and data files beside its own code, which is then the bundle; its contrib
// extensions go to dist/pglite-extensions/ (src/core/shadow/assets.ts looks there).
const pgliteDist = 'node_modules/@electric-sql/pglite/dist';
fs.mkdirSync('dist/pglite-extensions', { recursive: true });
for (const file of ['pglite.wasm', 'pglite.data', 'initdb.wasm']) fs.copyFileSync(`${pgliteDist}/${file}`, `dist/${file}`);
for (const file of fs.readdirSync(pgliteDist).filter((name) => name.endsWith('.tar.gz'))) {
  fs.copyFileSync(`${pgliteDist}/${file}`, `dist/pglite-extensions/${file}`);
}

// PostgreSQL's own SQL parser (libpg-query, the migration lint's) loads its wasm from beside its
// code, which is then the bundle.
fs.copyFileSync('node_modules/libpg-query/wasm/libpg-query.wasm', 'dist/libpg-query.wasm');

// The empty PostgreSQL cluster every cold replay starts from (dist/pglite-cluster.bin, ~1.5 MB),
// made by the worker bundle itself so it matches the PGlite files beside it; kept while intact.
// Without it the shadow runs initdb (2-4 s) once per cache directory.
const writeEmptyCluster = () => execFileSync(process.execPath, ['dist/shadow-worker.js', '--write-empty-cluster'], { stdio: ['ignore', watch ? 'inherit' : 'ignore', 'inherit'] });

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.rebuild()));
  writeEmptyCluster();
  for (const context of contexts) await context.watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  writeEmptyCluster();
}
