// A small entity workspace synchronised into a real PostgreSQL by real TypeORM, then checked the
// way `schema-lens check` does: static entity reader x read-only introspection -> analyze().
import 'reflect-metadata';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { analyze } from '../../../src/core/analyze';
import { connectReadOnly, introspect } from '../../../src/core/dialect/postgres/catalog';
import { readEntities, type EntityReadResult } from '../../../src/core/entities';
import type { Finding, Fix } from '../../../src/core/rules/finding';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

export interface CheckedWorkspace {
  db: TestDatabase;
  intended: EntityReadResult;
  files: string[];
  check(): Promise<Finding[]>;
  /** Runs statements one by one, as a migration's up() or down() would. */
  run(statements: string[]): Promise<void>;
  /** A single value from the database (e.g. a generated constraint name). */
  value(sql: string): Promise<string>;
  dispose(): Promise<void>;
}

/** `synchronize: false` leaves the database empty (for names TypeORM itself cannot quote). */
export async function synchronisedWorkspace(directory: string, label: string, setupSql = '', options: { synchronize?: boolean } = {}): Promise<CheckedWorkspace> {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.entity.ts'))
    .map((name) => join(directory, name))
    .sort();
  const db = await createTestDatabase(label);
  if (options.synchronize !== false) {
    const entities: Function[] = [];
    for (const file of files) {
      const module = (await import(file)) as Record<string, unknown>;
      entities.push(...Object.values(module).filter((value): value is Function => typeof value === 'function'));
    }
    const dataSource = new DataSource({ type: 'postgres', url: db.url, entities, synchronize: true, logging: false });
    await dataSource.initialize();
    await dataSource.destroy();
  }
  if (setupSql) await db.exec(setupSql);
  const intended = readEntities({ root: directory, naming: 'default', files });
  const run = async (statements: string[]): Promise<void> => {
    const client = await db.connect();
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.end();
    }
  };
  return {
    db,
    intended,
    files,
    async check() {
      const client = await connectReadOnly({ url: db.url }, { timeoutMs: 10_000 });
      try {
        const { model } = await introspect(client, { schemas: ['public'], statistics: true });
        return analyze({ intended, actual: model, actualSource: 'database', readSource: (file) => readFileSync(file, 'utf8') });
      } finally {
        await client.end();
      }
    },
    run,
    async value(sql) {
      const rows = await db.rows(sql);
      return String(Object.values(rows[0] ?? {})[0]);
    },
    dispose: () => db.drop(),
  };
}

export function migrationFix(finding: Finding): Extract<Fix, { kind: 'migration' }> {
  const fix = finding.fixes.find((candidate) => candidate.kind === 'migration');
  if (!fix || fix.kind !== 'migration') throw new Error(`${finding.code} has no migration fix`);
  return fix;
}

/** 0-based line of the first line in `file` containing `marker`. */
export function lineOf(file: string, marker: string): number {
  const line = readFileSync(file, 'utf8').split('\n').findIndex((text) => text.includes(marker));
  if (line < 0) throw new Error(`${marker} not in ${file}`);
  return line;
}
