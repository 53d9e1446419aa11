// TypeORM as the runner uses it: the project's own typeorm package when it has one installed (else
// the one Schema Lens bundles), and the few shapes of it the runner touches.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface MigrationInstance {
  name?: string;
  transaction?: boolean;
  up(queryRunner: QueryRunnerLike): Promise<unknown>;
  down(queryRunner: QueryRunnerLike): Promise<unknown>;
}

export interface QueryRunnerLike {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
  connect(): Promise<unknown>;
  startTransaction(): Promise<void>;
  rollbackTransaction(): Promise<void>;
  release(): Promise<void>;
  isTransactionActive: boolean;
}

export interface TypeOrmDataSource {
  initialize(): Promise<unknown>;
  destroy(): Promise<void>;
  runMigrations(options: { transaction: 'all' | 'each' | 'none' }): Promise<Array<{ name: string }>>;
  undoLastMigration(options: { transaction: 'all' | 'each' | 'none' }): Promise<void>;
  createQueryRunner(): QueryRunnerLike;
}

export interface TypeOrmModule {
  DataSource: new (options: Record<string, unknown>) => TypeOrmDataSource;
}

/** The version in the package.json above a resolved module entry point (typeorm 1.x does not export its package.json). */
function packageVersion(entry: string, name: string): string | undefined {
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name) return manifest.version;
    } catch {
      // No package.json at this level: keep walking up.
    }
  }
  return undefined;
}

/** The project's own typeorm when it has one installed, else the one Schema Lens bundles. */
export function resolveTypeOrm(root: string): { typeorm: TypeOrmModule; version: string; source: 'project' | 'bundled' } {
  const projectRequire = createRequire(join(root, 'package.json'));
  let entry: string | undefined;
  try {
    entry = projectRequire.resolve('typeorm');
  } catch {
    // Not installed in the project: use ours.
  }
  if (entry) return { typeorm: projectRequire(entry) as TypeOrmModule, version: packageVersion(entry, 'typeorm') ?? 'unknown', source: 'project' };
  const typeorm = require('typeorm') as TypeOrmModule;
  let version = 'bundled';
  try {
    version = packageVersion(require.resolve('typeorm'), 'typeorm') ?? version;
  } catch {
    // Inside the esbuild bundle typeorm has no file of its own.
  }
  return { typeorm, version, source: 'bundled' };
}

/** TypeORM's logger prints migration failures to the console even with logging off. */
export const silentLogger = { logQuery() {}, logQueryError() {}, logQuerySlow() {}, logSchemaBuild() {}, logMigration() {}, log() {} };
