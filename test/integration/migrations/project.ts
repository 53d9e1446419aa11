// A throwaway TypeORM project on disk for migration tests: a migrations folder of scaffolded
// migrations and the DataSourceConfig that points at it and at a fresh test database.
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueryResultRow } from 'pg';
import type { DataSourceConfig } from '../../../src/core/config';
import { scaffoldMigration } from '../../../src/core/migrations/scaffold';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

export interface MigrationSpec {
  name: string;
  timestamp: number;
  up: string[];
  down: string[];
  /** Adds `transaction = <value>` to the class. */
  transaction?: boolean;
}

export interface TestProject {
  root: string;
  db: TestDatabase;
  config(overrides?: Partial<DataSourceConfig>): DataSourceConfig;
  write(spec: MigrationSpec): string;
  remove(spec: MigrationSpec): void;
  fileOf(spec: MigrationSpec): string;
  query<T extends QueryResultRow = Record<string, unknown>>(sql: string, parameters?: unknown[]): Promise<T[]>;
  executedNames(): Promise<string[]>;
  dispose(): Promise<void>;
}

export function nameOf(spec: MigrationSpec): string {
  return `${spec.name}${spec.timestamp}`;
}

export async function createTestProject(label: string): Promise<TestProject> {
  const root = mkdtempSync(join(tmpdir(), `sl-mig-${label}-`));
  const db = await createTestDatabase(label);
  const fileOf = (spec: MigrationSpec): string => join(root, 'migrations', scaffoldMigration({ ...spec, transaction: undefined }).fileName);
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(root, 'migrations'));
  const project: TestProject = {
    root,
    db,
    config: (overrides) => ({
      name: 'default',
      root,
      entityGlobs: ['**/*.entity.ts'],
      migrationGlobs: ['migrations/*.ts'],
      migrationsTableName: 'migrations',
      migrationsTransactionMode: 'all',
      naming: 'default',
      schema: 'public',
      connection: { url: db.url },
      ...overrides,
    }),
    write(spec) {
      // The flag is written below, both ways (the scaffold itself only ever writes `transaction = false`).
      let { text } = scaffoldMigration({ ...spec, transaction: undefined });
      if (spec.transaction !== undefined) {
        text = text.replace('implements MigrationInterface {\n', `implements MigrationInterface {\n    transaction = ${spec.transaction};\n`);
      }
      writeFileSync(fileOf(spec), text);
      return fileOf(spec);
    },
    remove: (spec) => unlinkSync(fileOf(spec)),
    fileOf,
    query: (sql, parameters) => db.rows(sql, parameters),
    async executedNames() {
      const rows = await project.query<{ name: string }>('SELECT name FROM migrations ORDER BY id').catch(() => []);
      return rows.map((row) => row.name);
    },
    async dispose() {
      await db.drop();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return project;
}
