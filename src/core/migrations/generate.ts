// One migration from many findings: the migration fixes of the given findings, in one file, in the
// project's migration style (the same fixes the editor's quick fixes scaffold one at a time). A
// column type change is never DROP + ADD (TypeORM's generator loses the data that way): the rules
// emit ALTER COLUMN ... TYPE ... USING, and avoidDropAndAdd rewrites any pair that slips through,
// whatever produced it. Running the check first is src/core/generate.ts's job.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { type DataSourceConfig, findFiles } from '../config';
import type { Finding, SourceEdit } from '../rules/finding';
import { postgres } from '../dialect';
import { detectMigrationStyle, type MigrationStyle, scaffoldMigration } from './scaffold';

export interface CollectedMigration {
  up: string[];
  down: string[];
  /** The fix titles used, in order. */
  titles: string[];
  /**
   * The entity edits that go with those fixes (e.g. `@Index()` beside the CREATE INDEX), so the
   * entities declare what the migration creates and TypeORM's own generator does not later propose
   * to drop it.
   */
  entityEdits: Array<{ title: string; edits: SourceEdit[] }>;
  /** false when a fix must run outside a transaction (CREATE INDEX CONCURRENTLY): then the whole migration does. */
  transaction?: false;
}

/** Enum types (SL106) are made before, and dropped after, the tables whose columns use them. */
const TYPES_FIRST = 'SL106';

/**
 * The first migration fix of each finding, with the finding's entity edit when it has one; up in
 * finding order (enum types first), down in reverse; duplicates once.
 */
export function migrationFromFindings(findings: readonly Finding[]): CollectedMigration {
  const seen = new Set<string>();
  const fixes: Array<{ title: string; up: string[]; down: string[]; transaction?: false }> = [];
  const entityEdits: CollectedMigration['entityEdits'] = [];
  const ordered = [...findings.filter((finding) => finding.code === TYPES_FIRST), ...findings.filter((finding) => finding.code !== TYPES_FIRST)];
  for (const finding of ordered) {
    const fix = finding.fixes.find((candidate) => candidate.kind === 'migration');
    if (!fix || fix.kind !== 'migration') continue;
    const key = JSON.stringify([fix.up, fix.down]);
    if (seen.has(key)) continue;
    seen.add(key);
    fixes.push(fix);
    const entityEdit = finding.fixes.find((candidate) => candidate.kind === 'source-edit');
    if (entityEdit?.kind === 'source-edit') entityEdits.push({ title: entityEdit.title, edits: entityEdit.edits });
  }
  return {
    up: postgres.migrationSql.avoidDropAndAdd(fixes.flatMap((fix) => fix.up)),
    down: postgres.migrationSql.avoidDropAndAdd([...fixes].reverse().flatMap((fix) => fix.down)),
    titles: fixes.map((fix) => fix.title),
    entityEdits,
    ...(fixes.some((fix) => fix.transaction === false) ? { transaction: false as const } : {}),
  };
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
  return detectMigrationStyle(texts, files);
}

export interface GeneratedMigration {
  /** Absolute path where the file should be written. */
  file: string;
  className: string;
  text: string;
  collected: MigrationStatements;
}

/** What a migration file is scaffolded from. */
export type MigrationStatements = Pick<CollectedMigration, 'up' | 'down' | 'titles' | 'transaction'>;

/** Scaffolds a migration with these statements into the data source's migrations folder (not written). */
export async function planMigrationFile(dataSource: DataSourceConfig, name: string, collected: MigrationStatements, timestamp?: number): Promise<GeneratedMigration> {
  const style = await projectMigrationStyle(dataSource);
  const scaffolded = scaffoldMigration({ name, up: collected.up, down: collected.down, timestamp, style, transaction: collected.transaction });
  return { file: join(migrationsFolder(dataSource), scaffolded.fileName), className: scaffolded.className, text: scaffolded.text, collected };
}
