// SQL for e2e suites that set up their own database: the static statements of a fixture migration,
// and a short-lived connection to run them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { workspaceRoot } from './index';

/** The `queryRunner.query('...')` statements of a migration's up() or down(), in order. */
export function migrationStatements(migrationText: string, method: 'up' | 'down'): string[] {
  const body = new RegExp(`async ${method}\\([^)]*\\)[^{]*\\{([\\s\\S]*?)\\n\\s*\\}`).exec(migrationText)?.[1] ?? '';
  return [...body.matchAll(/queryRunner\.query\('((?:[^'\\]|\\.)*)'\)/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
}

export async function runSql(url: string, sql: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of sql) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Runs the up() of a migration of the workspace (e.g. `src/migrations/1700000000000-Init.ts`) on the database. */
export async function runWorkspaceMigrationUp(url: string, relativePath: string): Promise<void> {
  await runSql(url, migrationStatements(readFileSync(join(workspaceRoot(), relativePath), 'utf8'), 'up'));
}
