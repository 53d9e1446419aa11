// Where PGlite's runtime files are. From source (tests, tsx) they are in the installed package;
// in the bundles, esbuild.mjs copies pglite.wasm, initdb.wasm and pglite.data next to the bundle
// (PGlite looks for them beside its own code, which is then the bundle) and the contrib extension
// bundles into dist/pglite-extensions/. The saved empty cluster (cluster.ts) is made by the build
// into dist/ too; from source it is made on first use into node_modules/.cache/schema-lens.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';

export interface PgliteAssets {
  /** The directory holding pglite.wasm and pglite.data. */
  runtimeDir: string;
  /** The directory holding the contrib extension bundles (`uuid-ossp.tar.gz`, ...). */
  extensionsDir: string;
  /** Where the saved empty cluster of this build is looked for first. */
  clusterDir: string;
  /** Whether the shadow may save one there itself: never into the installed extension's files. */
  clusterDirWritable: boolean;
}

export function pgliteAssets(): PgliteAssets {
  if (existsSync(join(__dirname, 'pglite.wasm'))) {
    return { runtimeDir: __dirname, extensionsDir: join(__dirname, 'pglite-extensions'), clusterDir: __dirname, clusterDirWritable: false };
  }
  // createRequire, not require.resolve: the bundler must not try to resolve this path.
  const packageDir = dirname(createRequire(__filename).resolve('@electric-sql/pglite'));
  const modules = packageDir.lastIndexOf(`${sep}node_modules${sep}`);
  const clusterDir = modules >= 0 ? join(packageDir.slice(0, modules), 'node_modules', '.cache', 'schema-lens') : join(tmpdir(), 'schema-lens-pglite');
  return { runtimeDir: packageDir, extensionsDir: packageDir, clusterDir, clusterDirWritable: true };
}

/** The extensions this build can load, by the name CREATE EXTENSION uses. */
export function availableExtensions(assets: PgliteAssets): Set<string> {
  if (!existsSync(assets.extensionsDir)) return new Set();
  return new Set(readdirSync(assets.extensionsDir).filter((file) => file.endsWith('.tar.gz')).map((file) => file.slice(0, -'.tar.gz'.length)));
}

/**
 * Identifies the PGlite build: a saved data directory is only reopened by the build that wrote
 * it. The sizes of its two big files change with every release and cost one stat each.
 */
export function engineKey(assets: PgliteAssets): string {
  return ['pglite.wasm', 'pglite.data'].map((file) => statSync(join(assets.runtimeDir, file)).size).join('-');
}
