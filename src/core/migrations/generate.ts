// "Generate migration from the current differences": the migration fixes of the current findings,
// in one file, in the project's migration style. The same fixes the editor's quick fixes scaffold
// one at a time. A column type change is never DROP + ADD (TypeORM's generator loses the data that
// way): the rules emit ALTER COLUMN ... TYPE ... USING, and avoidDropAndAdd rewrites any pair that
// slips through, whatever produced it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { type ConfigOverrides, type DataSourceConfig, findFiles } from '../config';
import type { Finding } from '../rules/finding';
import { applyRenames, type RenameCandidate, renameCandidates } from './rename';
import { detectMigrationStyle, type MigrationStyle, scaffoldMigration } from './scaffold';

export interface CollectedMigration {
  up: string[];
  down: string[];
  /** The fix titles used, in order. */
  titles: string[];
}

/** The first migration fix of each finding; up in finding order, down in reverse; duplicates once. */
export function migrationFromFindings(findings: readonly Finding[]): CollectedMigration {
  const seen = new Set<string>();
  const fixes: Array<{ title: string; up: string[]; down: string[] }> = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((candidate) => candidate.kind === 'migration');
    if (!fix || fix.kind !== 'migration') continue;
    const key = JSON.stringify([fix.up, fix.down]);
    if (seen.has(key)) continue;
    seen.add(key);
    fixes.push(fix);
  }
  return {
    up: avoidDropAndAdd(fixes.flatMap((fix) => fix.up)),
    down: avoidDropAndAdd([...fixes].reverse().flatMap((fix) => fix.down)),
    titles: fixes.map((fix) => fix.title),
  };
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const TABLE = String.raw`${IDENT}(?:\s*\.\s*${IDENT})?`;
const dropColumn = new RegExp(`^ALTER\\s+TABLE\\s+(${TABLE})\\s+DROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?(${IDENT})\\s*;?\\s*$`, 'i');
const addColumn = new RegExp(`^ALTER\\s+TABLE\\s+(${TABLE})\\s+ADD\\s+(?:COLUMN\\s+)?(${IDENT})\\s+(.+?)\\s*;?\\s*$`, 'is');

function sameName(a: string, b: string): boolean {
  return a.replace(/\s+/g, '') === b.replace(/\s+/g, '');
}

/** Splits `type [NOT NULL] [DEFAULT expr]` of a simple ADD COLUMN; undefined for anything richer. */
function columnDefinition(definition: string): { type: string; notNull: boolean; default?: string } | undefined {
  const match = /^(.+?)(\s+NOT\s+NULL|\s+NULL)?(\s+DEFAULT\s+(.+?))?(\s+NOT\s+NULL|\s+NULL)?$/is.exec(definition.trim());
  if (!match) return undefined;
  const type = match[1]!.trim();
  if (/\b(PRIMARY|UNIQUE|REFERENCES|CHECK|GENERATED|CONSTRAINT|COLLATE)\b/i.test(type)) return undefined;
  return { type, notNull: /NOT/i.test(match[2] ?? match[5] ?? ''), default: match[4]?.trim() };
}

/** `DROP COLUMN c` followed by `ADD c ...` on the same table: the column's values are lost. */
export function findDropAndAdd(statements: string[]): Array<{ table: string; column: string }> {
  const pairs: Array<{ table: string; column: string }> = [];
  statements.forEach((statement, i) => {
    const drop = dropColumn.exec(statement);
    if (!drop) return;
    const readded = statements.slice(i + 1).some((later) => {
      const add = addColumn.exec(later);
      return add !== null && sameName(add[1]!, drop[1]!) && sameName(add[2]!, drop[2]!);
    });
    if (readded) pairs.push({ table: drop[1]!, column: drop[2]! });
  });
  return pairs;
}

/**
 * Rewrites `DROP COLUMN c` followed by `ADD c <type>` on the same table into an in-place
 * conversion that keeps the values: ALTER COLUMN c TYPE <type> USING c::<type>, with the ADD's
 * default and nullability.
 */
export function avoidDropAndAdd(statements: string[]): string[] {
  const result = [...statements];
  for (let i = 0; i < result.length; i++) {
    const drop = dropColumn.exec(result[i]!);
    if (!drop) continue;
    for (let j = i + 1; j < result.length; j++) {
      const add = addColumn.exec(result[j]!);
      if (!add || !sameName(add[1]!, drop[1]!) || !sameName(add[2]!, drop[2]!)) continue;
      const definition = columnDefinition(add[3]!);
      if (!definition) break;
      const alter = `ALTER TABLE ${drop[1]} ALTER COLUMN ${drop[2]}`;
      // The old default may not convert to the new type: drop it first, set the new one after.
      const replacement = [
        `${alter} DROP DEFAULT`,
        `${alter} TYPE ${definition.type} USING ${drop[2]}::${definition.type}`,
        ...(definition.default ? [`${alter} SET DEFAULT ${definition.default}`] : []),
        `${alter} ${definition.notNull ? 'SET' : 'DROP'} NOT NULL`,
      ];
      result.splice(j, 1);
      result.splice(i, 1, ...replacement);
      i += replacement.length - 1;
      break;
    }
  }
  return result;
}

/** The folder new migrations go in: the static part of the first migrations glob. */
export function migrationsFolder(dataSource: DataSourceConfig): string {
  const base = dataSource.migrationGlobs[0] ? picomatch.scan(dataSource.migrationGlobs[0]).base : '';
  return join(dataSource.root, base && !base.includes('*') ? base : 'src/migrations');
}

/** The project's migration style, learnt from (up to 20 of) its existing migrations. */
export async function projectMigrationStyle(dataSource: DataSourceConfig): Promise<MigrationStyle> {
  const files = (await findFiles(dataSource.root, dataSource.migrationGlobs)).slice(-20);
  const texts = files.flatMap((file) => {
    try {
      return [readFileSync(file, 'utf8')];
    } catch {
      return [];
    }
  });
  return detectMigrationStyle(texts);
}

export interface GeneratedMigration {
  /** Absolute path where the file should be written. */
  file: string;
  className: string;
  text: string;
  collected: CollectedMigration;
}

/** Scaffolds a migration with these statements into the data source's migrations folder (not written). */
export async function planMigrationFile(dataSource: DataSourceConfig, name: string, collected: CollectedMigration, timestamp?: number): Promise<GeneratedMigration> {
  const style = await projectMigrationStyle(dataSource);
  const scaffolded = scaffoldMigration({ name, up: collected.up, down: collected.down, timestamp, style });
  return { file: join(migrationsFolder(dataSource), scaffolded.fileName), className: scaffolded.className, text: scaffolded.text, collected };
}

export interface GenerateOptions {
  root: string;
  overrides?: ConfigOverrides;
  timeoutMs?: number;
  name: string;
  timestamp?: number;
  /** Renames the user confirmed (`table.old=new`); any other candidate stays an ADD COLUMN. */
  renames?: Array<{ schema?: string; table: string; from: string; to: string }>;
}

/**
 * Runs a check and scaffolds one migration from its migration fixes (the caller writes the file).
 * No migration fixes: `migration` is undefined.
 */
export async function generateFromDifferences(options: GenerateOptions): Promise<{ migration?: GeneratedMigration; findings: Finding[]; dataSource: DataSourceConfig; source: string; renameCandidates: RenameCandidate[]; unmatchedRenames: GenerateOptions['renames'] }> {
  // Imported lazily: the check pulls in every reader and rule.
  const { runCheck } = await import('../check');
  const check = await runCheck({ root: options.root, overrides: options.overrides, timeoutMs: options.timeoutMs, shadow: 'auto' });
  const candidates = renameCandidates(check.findings);
  const renamed = applyRenames(check.findings, options.renames ?? []);
  const collected = migrationFromFindings(renamed.findings);
  const extra = { renameCandidates: candidates, unmatchedRenames: renamed.unmatched };
  if (collected.up.length === 0) return { findings: check.findings, dataSource: check.dataSource, source: check.source, ...extra };
  return {
    ...extra,
    migration: await planMigrationFile(check.dataSource, options.name, collected, options.timestamp),
    findings: check.findings,
    dataSource: check.dataSource,
    source: check.source,
  };
}
