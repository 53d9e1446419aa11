// One data source of one workspace folder: its entity reader, the actual model it is compared
// with, and the latest findings. Re-analysis re-reads only the files that changed (unsaved
// buffers are handed to the reader as text) and runs the pure analysis again.
import { relative } from 'node:path';
import picomatch from 'picomatch';
import type * as vscode from 'vscode';
import { analyze } from '../core/analyze';
import { judgeHealth, type HealthResult } from '../core/health';
import { findFiles, readFileOrUndefined, type DataSourceConfig } from '../core/config/index';
import { EntityReader, readerOptions, type EntityReadResult } from '../core/entities/index';
import { migrationSuppressions } from '../core/lint';
import { lintMigrations, type MigrationFile, readMigrationFiles } from '../core/migrations';
import type { Finding } from '../core/rules';
import type { PendingMigration } from '../core/model/index';
import type { ActualModel } from './actualModel';
import type { SchemaLensSettings, SeverityOverride } from './settings';
import type { ConnectionState } from './statusModel';

export class Project {
  readonly key: string;
  readonly reader: EntityReader;
  entityFiles = new Set<string>();
  intended: EntityReadResult | undefined;
  actual: ActualModel | undefined;
  state: ConnectionState = { kind: 'starting' };
  findings: Finding[] = [];
  /** The project's migrations, read statically: for "last changed by migration …" on diagnostics. */
  migrations: MigrationFile[] = [];
  /** Migrations the connected database has not run (oldest first), with the tables they change. */
  pendingMigrations: PendingMigration[] = [];
  /** Names of the migrations the connected database has run; undefined when no history was read. */
  executedMigrations: ReadonlySet<string> | undefined;
  /**
   * SL624 (a down() that does not undo its up()) while a real database is the comparison, from the
   * migrations replayed on the embedded database beside it; with the embedded database as the
   * comparison they come in `actual.findings` instead.
   */
  downChecks: Finding[] = [];
  /** Bumped on each down() check, so a slow, superseded one cannot overwrite a newer one. */
  downCheckGeneration = 0;
  /** Files whose text changed since the last analysis; their text is fetched when analysing. */
  private readonly pending = new Set<string>();
  /**
   * Entity files' text on disk, for the fixes that edit an entity file that is not open (a fix is
   * computed when the finding is, often before the file is ever opened); dropped when it changes.
   */
  private readonly onDisk = new Map<string, string | undefined>();
  /**
   * The migration lint of the migration files in scope (open in the editor, from their unsaved text;
   * and, by the lint.migrations setting, those the database has not run, or all), with the
   * `schema-lens-ignore` comments of that text.
   */
  private readonly linted = new Map<string, { findings: Finding[]; suppressions: ReturnType<typeof migrationSuppressions> }>();
  /** Bumped on each lint of a file, so a slow, superseded lint cannot overwrite a newer one. */
  private readonly lintGeneration = new Map<string, number>();
  private readonly migrationGlob: (path: string) => boolean;
  /** How long the last analysis took: typing waits at least that long before the next one. */
  lastAnalysisMs = 0;
  /** Bumped on each actual-model load, so a slow, superseded load cannot overwrite a newer one. */
  loadGeneration = 0;

  constructor(readonly folder: vscode.WorkspaceFolder, readonly config: DataSourceConfig, readonly label: string) {
    this.key = `${config.root}#${config.name}`;
    const naming = typeof config.naming === 'string' ? config.naming : 'default';
    this.reader = new EntityReader(readerOptions(config, naming));
    this.migrationGlob = picomatch(config.migrationGlobs, { dot: true });
  }

  /** A file the data source's migration globs name. */
  isMigrationFile(file: string): boolean {
    const path = relative(this.config.root, file);
    return !path.startsWith('..') && this.migrationGlob(path);
  }

  /**
   * Lints migration files, each from its text in the editor when it is open (else from disk), with
   * the project's other migrations as history (what each column was before: SL609). Resolves to
   * whether any file's findings changed, i.e. whether to analyse again.
   */
  async lintMigrations(files: ReadonlyMap<string, string | undefined>, options: { thresholds?: SchemaLensSettings['lintThresholds']; executed?: ReadonlySet<string> } = {}): Promise<boolean> {
    if (files.size === 0) return false;
    const generations = new Map<string, number>();
    for (const file of files.keys()) {
      const generation = (this.lintGeneration.get(file) ?? 0) + 1;
      this.lintGeneration.set(file, generation);
      generations.set(file, generation);
    }
    // Each file's text once (the buffer, else the disk), for reading it, its fixes and its ignore comments.
    const texts = new Map<string, string>();
    for (const [file, text] of files) {
      const current = text ?? readFileOrUndefined(file);
      if (current !== undefined) texts.set(file, current);
    }
    const migrations = readMigrationFiles([...files.keys()], texts);
    const sizes = this.actual?.tableSizes;
    const findings = await lintMigrations(migrations, {
      schema: this.config.schema,
      transactionMode: this.config.migrationsTransactionMode,
      history: this.migrations,
      // Tables the database does not have (yet) have no size: their findings keep the rule's severity.
      ...(sizes ? { tableSizes: async () => sizes } : {}),
      ...(options.thresholds ? { thresholds: options.thresholds } : {}),
      ...(options.executed ? { executed: options.executed } : {}),
      readSource: (path) => texts.get(path),
    });
    const byFile = new Map<string, Finding[]>();
    for (const finding of findings) {
      if (!finding.file) continue;
      const list = byFile.get(finding.file);
      if (list) list.push(finding);
      else byFile.set(finding.file, [finding]);
    }
    let changed = false;
    for (const migration of migrations) {
      const file = migration.file;
      // A slower lint of an older text must not overwrite a newer one.
      if (this.lintGeneration.get(file) !== generations.get(file)) continue;
      const text = texts.get(file);
      this.linted.set(file, {
        findings: byFile.get(file) ?? [],
        suppressions: text === undefined ? [] : migrationSuppressions(new Map([[file, text]])),
      });
      changed = true;
    }
    return changed;
  }

  /** Drops a file's lint findings (closed and out of scope, or deleted); whether it had any. */
  forgetLint(file: string): boolean {
    this.lintGeneration.set(file, (this.lintGeneration.get(file) ?? 0) + 1);
    return this.linted.delete(file);
  }

  /** The migration files whose lint findings are shown. */
  lintedFiles(): string[] {
    return [...this.linted.keys()];
  }

  setEntityFiles(files: string[]): void {
    this.entityFiles = new Set(files);
    this.reader.setFiles(files);
  }

  async readMigrations(): Promise<void> {
    this.migrations = readMigrationFiles(await findFiles(this.config.root, this.config.migrationGlobs));
  }

  owns(file: string): boolean {
    return this.entityFiles.has(file);
  }

  /** Remember a change; the file is re-read at the next analyse(). */
  fileChanged(file: string): void {
    if (this.owns(file)) this.pending.add(file);
    this.onDisk.delete(file);
  }

  private sourceText(file: string, textOf: (file: string) => string | undefined): string | undefined {
    const open = textOf(file);
    if (open !== undefined) return open;
    if (!this.onDisk.has(file)) this.onDisk.set(file, readFileOrUndefined(file));
    return this.onDisk.get(file);
  }

  /**
   * @param textOf the unsaved text of an open document, undefined to read the file from disk
   *   (only the changed files are re-read: a keystroke costs one file, not the project)
   */
  analyse(severities: Record<string, SeverityOverride>, textOf: (file: string) => string | undefined): Finding[] {
    const started = performance.now();
    for (const file of this.pending) this.reader.updateFile(file, textOf(file));
    this.pending.clear();
    this.intended = this.reader.read();
    const linted = [...this.linted.values()];
    this.findings = analyze({
      intended: { model: this.intended.model, suppressions: [...this.intended.suppressions, ...linted.flatMap((l) => l.suppressions)] },
      actual: this.actual?.model,
      actualSource: this.actual?.source,
      severities,
      extraFindings: [...(this.actual?.findings ?? []), ...this.downChecks, ...linted.flatMap((l) => l.findings)],
      // Source-edit fixes are computed against the unsaved buffer, like the model, else the file on disk.
      readSource: (file) => this.sourceText(file, textOf),
      migrationsTransactionMode: this.config.migrationsTransactionMode,
    });
    this.lastAnalysisMs = performance.now() - started;
    return this.findings;
  }

  /**
   * The last health read judged against the entities as they are now (no database access): spans
   * and entity edits follow the buffer, and a recommendation the entity now declares is gone.
   */
  judgeHealth(read: HealthResult, severities: Record<string, SeverityOverride>, textOf: (file: string) => string | undefined): Finding[] {
    if (!this.intended) return read.findings;
    return judgeHealth(read, { intended: this.intended.model, suppressions: this.intended.suppressions, severities, readSource: (file) => this.sourceText(file, textOf), migrationsTransactionMode: this.config.migrationsTransactionMode });
  }
}
