// Bundles the two front ends: the VS Code extension (CommonJS, `vscode` external) and the CLI.
// `--production` minifies; source maps are always written so stack traces stay readable.
import * as esbuild from 'esbuild';

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
  logLevel: 'info',
  // Optional drivers that TypeORM and pg reference but never load for PostgreSQL.
  external: ['pg-native', 'pg-query-stream', 'mysql', 'mysql2', 'oracledb', 'sqlite3', 'better-sqlite3', 'sql.js',
    'mssql', 'mongodb', 'redis', 'ioredis', 'hdb-pool', '@sap/hana-client', '@sap/hana-client/extension/Stream',
    'react-native-sqlite-storage', 'typeorm-aurora-data-api-driver', '@google-cloud/spanner', 'nativescript-sqlite',
    'expo-sqlite', '@capacitor-community/sqlite', 'pg-cloudflare'],
};

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: [...common.external, 'vscode'] },
  // The extension's analysis engine (ts-morph, pg, the core): a separate file, required after activation.
  { ...common, entryPoints: ['src/extension/engine.ts'], outfile: 'dist/engine.js', external: [...common.external, 'vscode'] },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
