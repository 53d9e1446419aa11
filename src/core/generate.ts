// "Generate migration from the current differences": runs a check, then scaffolds one migration
// from the migration fixes of its findings (src/core/migrations/generate.ts), with the renames the
// user confirmed applied first. Orchestration: it sits above the check and the migrations code,
// and neither imports it.
import { runCheck } from './check';
import type { ConfigOverrides, DataSourceConfig } from './config';
import { readFileOrUndefined } from './config/files';
import { type CollectedMigration, type GeneratedMigration, migrationFromFindings, planMigrationFile } from './migrations/generate';
import { applyRenames, type RenameCandidate, renameCandidates } from './migrations/rename';
import type { Finding, SourceEdit } from './rules/finding';
import { applySourceEdits } from './rules/source-edit';

export interface GenerateOptions {
  root: string;
  overrides?: ConfigOverrides;
  timeoutMs?: number;
  name: string;
  timestamp?: number;
  /** Renames the user confirmed (`table.old=new`); any other candidate stays an ADD COLUMN. */
  renames?: Array<{ schema?: string; table: string; from: string; to: string }>;
}

/** An entity file as the migration's paired entity edits leave it (not written). */
export interface EntityFileEdit {
  file: string;
  text: string;
  /** The fixes applied to it, in order. */
  titles: string[];
}

export interface GenerateResult {
  migration?: GeneratedMigration;
  /** The entity edits that go with the migration, one per file (see CollectedMigration.entityEdits). */
  entityFiles: EntityFileEdit[];
  findings: Finding[];
  dataSource: DataSourceConfig;
  source: string;
  renameCandidates: RenameCandidate[];
  unmatchedRenames: GenerateOptions['renames'];
}

/** The collected entity edits applied to each file's current text; a file that cannot be read is left out. */
export function plannedEntityFiles(entityEdits: CollectedMigration['entityEdits']): EntityFileEdit[] {
  const byFile = new Map<string, { edits: SourceEdit[]; titles: string[] }>();
  for (const { title, edits } of entityEdits) {
    for (const file of new Set(edits.map((edit) => edit.file))) {
      const entry = byFile.get(file) ?? { edits: [], titles: [] };
      entry.edits.push(...edits.filter((edit) => edit.file === file));
      entry.titles.push(title);
      byFile.set(file, entry);
    }
  }
  return [...byFile].flatMap(([file, { edits, titles }]) => {
    const text = readFileOrUndefined(file);
    return text === undefined ? [] : [{ file, text: applySourceEdits(text, edits), titles }];
  });
}

/**
 * Runs a check and scaffolds one migration from its migration fixes, with the entity edits that go
 * with them (the caller writes the files). No migration fixes: `migration` is undefined.
 */
export async function generateFromDifferences(options: GenerateOptions): Promise<GenerateResult> {
  const check = await runCheck({ root: options.root, overrides: options.overrides, timeoutMs: options.timeoutMs, shadow: 'auto' });
  const candidates = renameCandidates(check.findings);
  const renamed = applyRenames(check.findings, options.renames ?? []);
  const collected = migrationFromFindings(renamed.findings);
  const extra = { renameCandidates: candidates, unmatchedRenames: renamed.unmatched };
  if (collected.up.length === 0) return { findings: check.findings, entityFiles: [], dataSource: check.dataSource, source: check.source, ...extra };
  return {
    ...extra,
    entityFiles: plannedEntityFiles(collected.entityEdits),
    migration: await planMigrationFile(check.dataSource, options.name, collected, options.timestamp),
    findings: check.findings,
    dataSource: check.dataSource,
    source: check.source,
  };
}
