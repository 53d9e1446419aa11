// "Generate migration from the current differences": runs a check, then scaffolds one migration
// from the migration fixes of its findings (src/core/migrations/generate.ts), with the renames the
// user confirmed applied first. Orchestration: it sits above the check and the migrations code,
// and neither imports it.
import { runCheck } from './check';
import type { ConfigOverrides, DataSourceConfig } from './config';
import { type GeneratedMigration, migrationFromFindings, planMigrationFile } from './migrations/generate';
import { applyRenames, type RenameCandidate, renameCandidates } from './migrations/rename';
import type { Finding } from './rules/finding';

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
