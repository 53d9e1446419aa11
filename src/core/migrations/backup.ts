// Backups taken before a revert can lose data, and their verified restore.
//
// The backup Schema Lens restores is its own snapshot: for each table, its columns, primary key,
// row count, a checksum of its data, and every row (as jsonb), gzipped into one file. Restoring puts
// the rows back into the tables as they are now (the schema comes back through migrations: revert,
// then `migrate` again re-adds a dropped column, then restore fills it), upserting by primary key so
// rows added since are kept, all in one transaction that is rolled back unless the row counts and
// checksums match the backup's. When a pg_dump at least as new as the server is on PATH, a
// custom-format dump of the same tables is written next to it, for a full manual pg_restore.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { type ConnectionSettings, type DataSourceConfig, describeConnection } from '../config';
import type { QualifiedName } from '../model/schema';
import { connectClient, requireConnection } from './connection';
import { CHECKSUM_TABLE } from '../model/bookkeeping';
import { readExecutedMigrations } from './history';

const execFileAsync = promisify(execFile);

export const DEFAULT_BACKUPS_FOLDER = '.schema-lens/backups';

export interface BackupTable extends QualifiedName {
  columns: Array<{ name: string; type: string }>;
  primaryKey: string[];
  rows: number;
  /** md5 over the sorted md5s of each row's values (jsonb), see tableChecksum. */
  checksum: string;
}

export interface BackupManifest {
  format: 'schema-lens-snapshot/1';
  createdAt: string;
  database: string;
  reason: string;
  /** Executed migrations (run order) when the backup was taken. */
  migrations: string[];
  tables: BackupTable[];
  /** A pg_dump custom-format file of the same tables, when a compatible pg_dump was found. */
  pgDumpFile?: string;
  /** Why there is no pg_dump file, when there is none. */
  pgDumpSkipped?: string;
}

export interface BackupResult {
  file: string;
  manifest: BackupManifest;
}

function tableSql(table: QualifiedName): string {
  return `${pg.escapeIdentifier(table.schema)}.${pg.escapeIdentifier(table.name)}`;
}

export function backupsFolder(root: string, setting?: string): string {
  return resolve(root, setting || DEFAULT_BACKUPS_FOLDER);
}

/** The user tables of a schema, without the migration bookkeeping tables (history is not data). */
async function schemaTables(client: pg.ClientBase, schema: string, skip: string[]): Promise<QualifiedName[]> {
  const result = await client.query(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
    [schema],
  );
  return result.rows.map((row) => ({ schema, name: String(row.relname) })).filter((table) => !skip.includes(table.name));
}

interface LiveColumn {
  name: string;
  type: string;
  /** Stored generated columns cannot be inserted into. */
  generated: boolean;
}

async function liveColumns(client: pg.ClientBase, table: QualifiedName): Promise<LiveColumn[] | undefined> {
  const result = await client.query(
    `SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attgenerated <> '' AS generated
       FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [tableSql(table)],
  );
  if (result.rows.length === 0) return undefined;
  return result.rows.map((row) => ({ name: String(row.attname), type: String(row.type), generated: row.generated === true }));
}

async function primaryKey(client: pg.ClientBase, table: QualifiedName): Promise<string[]> {
  const result = await client.query(
    `SELECT a.attname FROM pg_index i JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord) ON true
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = to_regclass($1) AND i.indisprimary ORDER BY k.ord`,
    [tableSql(table)],
  );
  return result.rows.map((row) => String(row.attname));
}

/**
 * Row count and checksum of the given columns' data, optionally only of the rows whose key is in
 * the `keysJson` rows. Row order does not matter: the per-row hashes are sorted.
 */
async function tableChecksum(
  client: pg.ClientBase,
  table: QualifiedName,
  columns: string[],
  keyFilter?: { key: string[]; rowsJson: string },
): Promise<{ rows: number; checksum: string }> {
  const values = columns.map((column) => pg.escapeIdentifier(column)).join(', ');
  const key = keyFilter?.key.map((column) => pg.escapeIdentifier(column)).join(', ');
  const where = keyFilter ? ` WHERE (${key}) IN (SELECT ${key} FROM jsonb_populate_recordset(NULL::${tableSql(table)}, $1::jsonb))` : '';
  const result = await client.query(
    `SELECT count(*) AS n, md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS sum
       FROM (SELECT md5(jsonb_build_array(${values})::text) AS h FROM ${tableSql(table)}${where}) s`,
    keyFilter ? [keyFilter.rowsJson] : [],
  );
  return { rows: Number(result.rows[0].n), checksum: String(result.rows[0].sum) };
}

export function pgDumpCompatible(pgDumpMajor: number, serverMajor: number): boolean {
  // pg_dump refuses servers newer than itself; an older server is fine.
  return serverMajor <= pgDumpMajor;
}

async function pgDumpMajor(): Promise<number | undefined> {
  try {
    const { stdout } = await execFileAsync('pg_dump', ['--version'], { timeout: 10_000 });
    const match = /(\d+)(?:\.\d+)?/.exec(stdout);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** libpq environment for pg_dump: the password goes in the environment, never on the command line. */
function libpqEnvironment(connection: ConnectionSettings): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (connection.url) {
    const url = new URL(connection.url);
    if (url.hostname) env.PGHOST = url.hostname;
    if (url.port) env.PGPORT = url.port;
    if (url.username) env.PGUSER = decodeURIComponent(url.username);
    if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (database) env.PGDATABASE = database;
  }
  if (connection.host) env.PGHOST = connection.host;
  if (connection.port) env.PGPORT = String(connection.port);
  if (connection.user) env.PGUSER = connection.user;
  if (connection.password) env.PGPASSWORD = connection.password;
  if (connection.database) env.PGDATABASE = connection.database;
  if (connection.ssl) env.PGSSLMODE = 'require';
  return env;
}

async function writePgDump(connection: ConnectionSettings, serverMajor: number, tables: QualifiedName[], file: string): Promise<{ file?: string; skipped?: string }> {
  const major = await pgDumpMajor();
  if (major === undefined) return { skipped: 'no pg_dump on PATH' };
  if (!pgDumpCompatible(major, serverMajor)) return { skipped: `pg_dump ${major} is older than the server (${serverMajor})` };
  try {
    const tableArgs = tables.flatMap((table) => ['--table', `${pg.escapeIdentifier(table.schema)}.${pg.escapeIdentifier(table.name)}`]);
    await execFileAsync('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, ...tableArgs], { env: libpqEnvironment(connection), timeout: 10 * 60_000 });
    return { file };
  } catch (error) {
    return { skipped: `pg_dump failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'backup';
}

/**
 * Backs up the given tables (undefined: every table of the data source's schema) into `folder`.
 * Tables that do not exist are skipped: there is nothing of them to lose.
 */
export async function createBackup(options: { dataSource: DataSourceConfig; tables?: QualifiedName[]; folder: string; reason: string; timeoutMs?: number }): Promise<BackupResult> {
  const config = options.dataSource;
  const connection = requireConnection(config);
  const client = await connectClient(connection, options.timeoutMs);
  try {
    // One snapshot of every table: a repeatable-read, read-only transaction.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = options.tables ?? (await schemaTables(client, config.schema, [config.migrationsTableName, CHECKSUM_TABLE]));
    const manifestTables: BackupTable[] = [];
    const data: string[] = [];
    for (const table of tables) {
      const columns = await liveColumns(client, table);
      if (!columns) continue;
      const names = columns.map((column) => column.name);
      const rows = await client.query(`SELECT to_jsonb(t)::text AS r FROM ${tableSql(table)} t`);
      data.push(`[${rows.rows.map((row) => row.r as string).join(',')}]`);
      manifestTables.push({
        ...table,
        columns: columns.map(({ name, type }) => ({ name, type })),
        primaryKey: await primaryKey(client, table),
        ...(await tableChecksum(client, table, names)),
      });
    }
    const migrations = (await readExecutedMigrations(client, config)).map((row) => row.name);
    const serverMajor = Math.floor(Number((await client.query('SHOW server_version_num')).rows[0].server_version_num) / 10000);
    await client.query('COMMIT');

    mkdirSync(options.folder, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const base = join(options.folder, `${stamp}-${slug(options.reason)}`);
    const dump = manifestTables.length > 0 ? await writePgDump(connection, serverMajor, manifestTables, `${base}.dump`) : { skipped: 'no tables' };
    const manifest: BackupManifest = {
      format: 'schema-lens-snapshot/1',
      createdAt: new Date().toISOString(),
      database: describeConnection(connection),
      reason: options.reason,
      migrations,
      tables: manifestTables,
      pgDumpFile: dump.file,
      pgDumpSkipped: dump.skipped,
    };
    const file = `${base}.snapshot.json.gz`;
    writeFileSync(file, gzipSync(`${JSON.stringify(manifest)}\n${data.join('\n')}\n`));
    return { file, manifest };
  } finally {
    await client.end().catch(() => {});
  }
}

export function readBackup(file: string): { manifest: BackupManifest; rows: string[] } {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const [head, ...rest] = text.split('\n');
  const manifest = JSON.parse(head!) as BackupManifest;
  if (manifest.format !== 'schema-lens-snapshot/1') throw new Error(`${file} is not a Schema Lens backup`);
  return { manifest, rows: rest.slice(0, manifest.tables.length) };
}

/** Backups in the folder, newest first, with their manifests; unreadable files are skipped. */
export function listBackups(folder: string): BackupResult[] {
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith('.snapshot.json.gz'));
  } catch {
    return [];
  }
  const backups: BackupResult[] = [];
  for (const name of names.sort().reverse()) {
    try {
      backups.push({ file: join(folder, name), manifest: readBackup(join(folder, name)).manifest });
    } catch {
      // Not ours, or damaged: not offered for restore.
    }
  }
  return backups;
}

export interface RestoredTable extends QualifiedName {
  expectedRows: number;
  rows: number;
  expectedChecksum: string;
  checksum: string;
  ok: boolean;
}

export class RestoreError extends Error {}

/**
 * The order to restore tables in: each table after the tables it references (by index into the
 * list; `references` holds [referencing, referenced] pairs), else in the given order. Tables in a
 * reference cycle keep the given order among themselves.
 */
export function restoreOrder(count: number, references: Array<[number, number]>): number[] {
  const order: number[] = [];
  const placed = new Set<number>();
  while (order.length < count) {
    // The first table whose referenced tables are all placed; in a cycle, the first not yet placed.
    const ready = [...Array(count).keys()].find((table) => !placed.has(table) && references.every(([from, to]) => from !== table || to === table || placed.has(to)));
    const next = ready ?? [...Array(count).keys()].find((table) => !placed.has(table))!;
    placed.add(next);
    order.push(next);
  }
  return order;
}

/** Foreign keys between the backup's tables as they are now, as [referencing, referenced] indexes. */
async function referencesBetween(client: pg.ClientBase, tables: QualifiedName[]): Promise<Array<[number, number]>> {
  const result = await client.query(
    `SELECT t.i - 1 AS child, p.i - 1 AS parent
       FROM pg_constraint c
       JOIN unnest($1::text[]) WITH ORDINALITY t(name, i) ON to_regclass(t.name) = c.conrelid
       JOIN unnest($1::text[]) WITH ORDINALITY p(name, i) ON to_regclass(p.name) = c.confrelid
      WHERE c.contype = 'f'`,
    [tables.map(tableSql)],
  );
  return result.rows.map((row) => [Number(row.child), Number(row.parent)]);
}

/**
 * Puts the backup's rows back, in one transaction, referenced tables before the tables that
 * reference them, and commits only when every table's restored rows have the backup's count and
 * checksum.
 */
export async function restoreBackup(options: { dataSource: DataSourceConfig; file: string; timeoutMs?: number }): Promise<{ tables: RestoredTable[] }> {
  const { manifest, rows } = readBackup(options.file);
  const client = await connectClient(requireConnection(options.dataSource), options.timeoutMs);
  try {
    await client.query('BEGIN');
    const restored: RestoredTable[] = [];
    // Referenced tables first: a referencing row is checked against its parent as it is inserted.
    for (const index of restoreOrder(manifest.tables.length, await referencesBetween(client, manifest.tables))) {
      const table = manifest.tables[index]!;
      const rowsJson = rows[index] ?? '[]';
      const live = await liveColumns(client, table);
      if (!live) throw new RestoreError(`table ${table.schema}.${table.name} does not exist now: run the migrations that create it (schema-lens migrate), then restore`);
      const missing = table.columns.filter((column) => !live.some((candidate) => candidate.name === column.name));
      if (missing.length > 0) {
        throw new RestoreError(
          `table ${table.name} has no column ${missing.map((c) => c.name).join(', ')} now (the backup has them): run the migrations that create them (schema-lens migrate), then restore`,
        );
      }
      const insertable = table.columns.map((c) => c.name).filter((name) => !live.find((column) => column.name === name)!.generated);
      const cols = insertable.map((name) => pg.escapeIdentifier(name)).join(', ');
      const key = table.primaryKey.length > 0 && (await primaryKey(client, table)).join('\n') === table.primaryKey.join('\n') ? table.primaryKey : undefined;
      const source = `SELECT ${cols} FROM jsonb_populate_recordset(NULL::${tableSql(table)}, $1::jsonb)`;
      if (key) {
        const updates = insertable.filter((name) => !key.includes(name)).map((name) => `${pg.escapeIdentifier(name)} = EXCLUDED.${pg.escapeIdentifier(name)}`);
        await client.query(
          `INSERT INTO ${tableSql(table)} (${cols}) OVERRIDING SYSTEM VALUE ${source} ON CONFLICT (${key.map((c) => pg.escapeIdentifier(c)).join(', ')}) DO ${updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
          [rowsJson],
        );
      } else {
        // Without a key, rows cannot be matched: the table's contents become the backup's.
        await client.query(`DELETE FROM ${tableSql(table)}`);
        await client.query(`INSERT INTO ${tableSql(table)} (${cols}) OVERRIDING SYSTEM VALUE ${source}`, [rowsJson]);
      }
      // Explicit ids leave serial/identity sequences behind; move them past the restored values.
      for (const column of table.columns) {
        const sequence = (await client.query('SELECT pg_get_serial_sequence($1, $2) AS s', [tableSql(table), column.name])).rows[0].s as string | null;
        if (!sequence) continue;
        await client.query(`SELECT setval($1, greatest((SELECT max(${pg.escapeIdentifier(column.name)}) FROM ${tableSql(table)}), 1))`, [sequence]);
      }
      const now = await tableChecksum(client, table, table.columns.map((c) => c.name), key ? { key, rowsJson } : undefined);
      restored.push({
        schema: table.schema,
        name: table.name,
        expectedRows: table.rows,
        rows: now.rows,
        expectedChecksum: table.checksum,
        checksum: now.checksum,
        ok: now.rows === table.rows && now.checksum === table.checksum,
      });
    }
    const failed = restored.filter((table) => !table.ok);
    if (failed.length > 0) {
      await client.query('ROLLBACK');
      throw new RestoreError(
        `restore did not verify, nothing was changed: ${failed.map((t) => `${t.name}: ${t.rows}/${t.expectedRows} rows, checksum ${t.checksum === t.expectedChecksum ? 'equal' : 'differs'}`).join('; ')}`,
      );
    }
    await client.query('COMMIT');
    return { tables: restored };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}
