// Safe revert: say what each down() will destroy (with the rows at stake) before anything runs,
// back up what can be lost, and only then revert, checking nobody changed the plan meanwhile.
import { findFiles } from '../config';
import type { QualifiedName } from '../model/schema';
import { type BackupResult, createBackup } from './backup';
import { connectClient, requireConnection } from './connection';
import { readMigrationFiles } from './discover';
import { readExecutedMigrations } from './history';
import { postgres, type RiskItem } from '../dialect';
import { captureMigrationSql } from './capture';
import { revertMigrations, revertPlan, type RevertResult, type RunnerOptions } from './runner';

export interface RevertPlanItem {
  name: string;
  file?: string;
  /** The statements down() runs, when known. */
  sql?: string[];
  sqlSource: 'static' | 'captured' | 'unavailable';
  /** Why the SQL is unavailable (capture failed, file missing). */
  note?: string;
  risks: RiskItem[];
  unrecognised: string[];
}

export interface RevertPlan {
  /** Newest first, the order they will be reverted in. */
  migrations: RevertPlanItem[];
  risks: RiskItem[];
  /** Some SQL could not be read or recognised: the backup covers the whole schema. */
  unsure: boolean;
  /** A backup is taken when data can be lost (or we are unsure). */
  needsBackup: boolean;
  /** What the backup covers; undefined = every table of the schema. */
  backupTables?: QualifiedName[];
}

const LOSSY: ReadonlySet<RiskItem['kind']> = new Set(['drop-table', 'drop-column', 'type-change', 'truncate', 'delete', 'update', 'drop-type', 'cascade']);

/** Reads (or captures) each down() that the revert would run and weighs it against the database. */
export async function planRevert(options: RunnerOptions & { to?: string }): Promise<RevertPlan> {
  const config = options.dataSource;
  const files = options.files ?? (await findFiles(config.root, config.migrationGlobs));
  const byName = new Map(readMigrationFiles(files).map((file) => [file.name, file]));
  const client = await connectClient(requireConnection(config), options.timeoutMs);
  try {
    const planned = revertPlan(await readExecutedMigrations(client, config), options.to);
    const migrations: RevertPlanItem[] = [];
    for (const row of planned) {
      const file = byName.get(row.name);
      let item: RevertPlanItem;
      if (!file) {
        item = { name: row.name, sqlSource: 'unavailable', note: 'no migration file has this name', risks: [], unrecognised: [] };
      } else if (file.downSql) {
        item = { name: row.name, file: file.file, sql: file.downSql, sqlSource: 'static', risks: [], unrecognised: [] };
      } else {
        const captured = await captureMigrationSql({ ...options, files, name: row.name, direction: 'down' });
        item = captured.error
          ? { name: row.name, file: file.file, sql: captured.statements, sqlSource: 'unavailable', note: `capturing its SQL failed: ${captured.error}`, risks: [], unrecognised: [] }
          : { name: row.name, file: file.file, sql: captured.statements, sqlSource: 'captured', risks: [], unrecognised: [] };
      }
      const analysed = postgres.migrationSql.analyseStatements(item.sql ?? [], config.schema);
      item.risks = analysed.items;
      item.unrecognised = analysed.unrecognised;
      migrations.push(item);
    }
    const risks = migrations.flatMap((item) => item.risks);
    await postgres.migrationSql.countRowsAtStake(client, risks);
    const unsure = migrations.some((item) => item.sqlSource === 'unavailable' || item.unrecognised.length > 0) || risks.some((risk) => risk.kind === 'cascade');
    // Nothing to back up where the database says nothing is at stake (an empty table, a widening type change).
    const lossy = risks.some((risk) => LOSSY.has(risk.kind) && risk.rowsAtStake !== 0);
    return { migrations, risks, unsure, needsBackup: unsure || lossy, backupTables: unsure ? undefined : tablesAtRisk(risks) };
  } finally {
    await client.end().catch(() => {});
  }
}

/** A few lines for a confirmation dialog or the terminal. */
export function describeRevertPlan(plan: RevertPlan): string {
  const lines: string[] = [];
  for (const item of plan.migrations) {
    lines.push(`${item.name}${item.sqlSource === 'captured' ? ' (SQL captured in a rolled-back transaction)' : ''}`);
    if (item.note) lines.push(`  ! ${item.note}`);
    for (const risk of item.risks) lines.push(`  - ${risk.detail}${risk.rowsAtStake !== undefined ? ` (${risk.rowsAtStake} row${risk.rowsAtStake === 1 ? '' : 's'} at stake)` : ''}`);
    for (const statement of item.unrecognised) lines.push(`  ? not understood: ${statement.length > 120 ? `${statement.slice(0, 117)}...` : statement}`);
    if (item.risks.length === 0 && item.unrecognised.length === 0 && !item.note) lines.push('  no data at risk');
  }
  if (plan.needsBackup) {
    lines.push(plan.backupTables ? `A backup of ${plan.backupTables.map((t) => t.name).join(', ') || 'nothing'} is taken first.` : 'A backup of every table is taken first (some SQL could not be analysed).');
  }
  return lines.join('\n');
}

export interface SafeRevertResult {
  plan: RevertPlan;
  backup?: BackupResult;
  /** Undefined when the user declined. */
  result?: RevertResult;
}

/**
 * Plans, asks `confirm` (the dialog or --yes), backs up, then reverts exactly the confirmed
 * migrations: if someone ran or reverted a migration meanwhile, nothing is reverted.
 */
export async function safeRevert(
  options: RunnerOptions & { to?: string; backupsFolder: string; confirm(plan: RevertPlan): Promise<boolean> },
): Promise<SafeRevertResult> {
  const plan = await planRevert(options);
  if (plan.migrations.length === 0) return { plan, result: { reverted: [], typeormVersion: '' } };
  if (!(await options.confirm(plan))) return { plan };
  const backup = plan.needsBackup
    ? await createBackup({
        dataSource: options.dataSource,
        timeoutMs: options.timeoutMs,
        tables: plan.backupTables,
        folder: options.backupsFolder,
        reason: `before reverting ${plan.migrations.map((m) => m.name).join(' ')}`,
      })
    : undefined;
  const result = await revertMigrations({ ...options, expected: plan.migrations.map((m) => m.name) });
  return { plan, backup, result };
}

/** The tables whose data a backup must hold before these risks are taken. */
export function tablesAtRisk(items: RiskItem[]): QualifiedName[] {
  const seen = new Map<string, QualifiedName>();
  for (const item of items) {
    if (item.table && item.kind !== 'set-not-null' && item.kind !== 'add-unique' && item.rowsAtStake !== 0) seen.set(`${item.table.schema}.${item.table.name}`, item.table);
  }
  return [...seen.values()];
}
