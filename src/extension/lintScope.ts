// Which migration files the editor lints (setting schemaLens.lint.migrations): always the open ones,
// from their unsaved text; with 'pending' (the default) also those the connected database has not
// run — what the next deploy will do to it, shown in the Problems panel without opening them; with
// 'all' every migration file (the ones that already ran report information only). Pure.
import type { PendingMigration } from '../core/model/index';

export type LintScope = 'open' | 'pending' | 'all';

export const LINT_SCOPES: readonly LintScope[] = ['open', 'pending', 'all'];

/** The files to lint: each with its text in the editor, or undefined to read it from disk. */
export function migrationsToLint(scope: LintScope, open: ReadonlyMap<string, string>, migrationFiles: readonly string[], pending: readonly PendingMigration[]): Map<string, string | undefined> {
  const files = new Map<string, string | undefined>(open);
  const closed = scope === 'all' ? migrationFiles : scope === 'pending' ? pending.flatMap((migration) => (migration.file ? [migration.file] : [])) : [];
  for (const file of closed) if (!files.has(file)) files.set(file, undefined);
  return files;
}
