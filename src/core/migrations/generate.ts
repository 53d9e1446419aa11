// One migration from many findings: the migration fixes of the given findings, in one file, in the
// project's migration style (the same fixes the editor's quick fixes scaffold one at a time). A
// column type change is never DROP + ADD (TypeORM's generator loses the data that way): the rules
// emit ALTER COLUMN ... TYPE ... USING, and avoidDropAndAdd rewrites any pair that slips through,
// whatever produced it. Running the check first is src/core/generate.ts's job.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { type DataSourceConfig, findFiles } from '../config';
import type { Finding } from '../rules/finding';
import { postgres } from '../dialect';
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
    up: postgres.migrationSql.avoidDropAndAdd(fixes.flatMap((fix) => fix.up)),
    down: postgres.migrationSql.avoidDropAndAdd([...fixes].reverse().flatMap((fix) => fix.down)),
    titles: fixes.map((fix) => fix.title),
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
