// SQL for e2e suites that set up their own database: the static statements of a fixture migration,
// and a short-lived connection to run them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { connectDatabase, waitForActivation, workspaceRoot } from './index';

/** The `queryRunner.query('...')` statements of a migration's up() or down(), in order. */
export function migrationStatements(migrationText: string, method: 'up' | 'down'): string[] {
  const body = new RegExp(`async ${method}\\([^)]*\\)[^{]*\\{([\\s\\S]*?)\\n\\s*\\}`).exec(migrationText)?.[1] ?? '';
  return [...body.matchAll(/queryRunner\.query\('((?:[^'\\]|\\.)*)'\)/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
}

/** The rows of one query on the suite's database. */
export async function queryRows<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
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

/**
 * Runs a migration of the workspace (e.g. `src/migrations/1700000000000-Init.ts`) on the database as
 * TypeORM does: its up() statements, then its row in the migrations table, so it is not pending.
 */
export async function runWorkspaceMigrationUp(url: string, relativePath: string): Promise<void> {
  const text = readFileSync(join(workspaceRoot(), relativePath), 'utf8');
  const className = /export class (\w+)/.exec(text)?.[1] ?? '';
  const name = /\bname\s*=\s*'([^']+)'/.exec(text)?.[1] ?? className;
  await runSql(url, [
    ...migrationStatements(text, 'up'),
    'CREATE TABLE IF NOT EXISTS "migrations" ("id" SERIAL NOT NULL, "timestamp" bigint NOT NULL, "name" character varying NOT NULL, CONSTRAINT "PK_8c82d7f526340ab734260ea46be" PRIMARY KEY ("id"))',
    `INSERT INTO "migrations" ("timestamp", "name") VALUES (${Number(name.slice(-13))}, '${name}')`,
  ]);
}

/**
 * The editor workspace's start for a connected suite: its Init migration run on the suite's database
 * (recorded as run), the extension active, and the database connected.
 */
export async function connectAfterInit(url: string | undefined): Promise<void> {
  if (!url) throw new Error('the runner passes SCHEMA_LENS_E2E_PG_URL');
  await runWorkspaceMigrationUp(url, 'src/migrations/1700000000000-Init.ts');
  await waitForActivation();
  await connectDatabase(url);
}
