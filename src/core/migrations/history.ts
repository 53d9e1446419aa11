// What the database remembers: TypeORM's migrations table (id, timestamp, name) and Schema Lens's
// own table of content checksums, written only when Schema Lens runs (or marks) a migration, so
// "edited after it ran" compares against the file as it was when it ran.
import pg from 'pg';
import { CHECKSUM_TABLE } from '../model/bookkeeping';

export interface ExecutedMigration {
  /** The migrations table's serial id: TypeORM's run order. */
  id: number;
  timestamp: number;
  name: string;
}

export interface HistoryTables {
  migrationsTableName: string;
  schema: string;
}


/** `"schema"."table"`; TypeORM also accepts a schema-qualified migrationsTableName (`a.b`). */
export function qualifiedTable(schema: string, table: string): string {
  const dot = table.indexOf('.');
  if (dot > 0) return `${pg.escapeIdentifier(table.slice(0, dot))}.${pg.escapeIdentifier(table.slice(dot + 1))}`;
  return `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`;
}

function splitQualified(schema: string, table: string): { schema: string; name: string } {
  const dot = table.indexOf('.');
  return dot > 0 ? { schema: table.slice(0, dot), name: table.slice(dot + 1) } : { schema, name: table };
}

async function tableExists(client: pg.ClientBase, schema: string, table: string): Promise<boolean> {
  const target = splitQualified(schema, table);
  const result = await client.query('SELECT to_regclass($1) IS NOT NULL AS present', [
    `${pg.escapeIdentifier(target.schema)}.${pg.escapeIdentifier(target.name)}`,
  ]);
  return result.rows[0].present === true;
}

/** The executed migrations in run order; empty when the table does not exist yet. */
export async function readExecutedMigrations(client: pg.ClientBase, tables: HistoryTables): Promise<ExecutedMigration[]> {
  if (!(await tableExists(client, tables.schema, tables.migrationsTableName))) return [];
  const result = await client.query(`SELECT "id", "timestamp", "name" FROM ${qualifiedTable(tables.schema, tables.migrationsTableName)} ORDER BY "id"`);
  return result.rows.map((row) => ({ id: Number(row.id), timestamp: Number(row.timestamp), name: String(row.name) }));
}

/** name -> checksum of the file when Schema Lens ran it; empty when Schema Lens never ran one. */
export async function readRecordedChecksums(client: pg.ClientBase, tables: HistoryTables): Promise<Map<string, string>> {
  if (!(await tableExists(client, tables.schema, CHECKSUM_TABLE))) return new Map();
  const result = await client.query(`SELECT "name", "checksum" FROM ${qualifiedTable(tables.schema, CHECKSUM_TABLE)}`);
  return new Map(result.rows.map((row) => [String(row.name), String(row.checksum)]));
}

/** TypeORM's migrations table, for marking a migration applied before TypeORM ever created it. */
export function createMigrationsTableSql(tables: HistoryTables): string {
  return `CREATE TABLE IF NOT EXISTS ${qualifiedTable(tables.schema, tables.migrationsTableName)} ("id" SERIAL NOT NULL PRIMARY KEY, "timestamp" bigint NOT NULL, "name" character varying NOT NULL)`;
}

export function createChecksumTableSql(schema: string): string {
  return `CREATE TABLE IF NOT EXISTS ${qualifiedTable(schema, CHECKSUM_TABLE)} ("name" character varying PRIMARY KEY, "checksum" character varying NOT NULL, "executed_at" timestamp with time zone NOT NULL DEFAULT now())`;
}

export function recordChecksumSql(schema: string): string {
  return `INSERT INTO ${qualifiedTable(schema, CHECKSUM_TABLE)} ("name", "checksum") VALUES ($1, $2) ON CONFLICT ("name") DO UPDATE SET "checksum" = EXCLUDED."checksum", "executed_at" = now()`;
}

export function forgetChecksumSql(schema: string): string {
  return `DELETE FROM ${qualifiedTable(schema, CHECKSUM_TABLE)} WHERE "name" = $1`;
}
