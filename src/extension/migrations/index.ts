// The migrations feature in the editor: the Migrations tree and its commands. Every command that
// runs migration code (run, revert, capture SQL, mark) refuses in an untrusted workspace: loading a
// migration executes the project's code.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { DataSourceConfig } from '../../core/config';
import {
  applyRenames,
  backupsFolder,
  captureMigrationSql,
  connectionUrl,
  describeRevertPlan,
  markMigration,
  MigrationCancelledError,
  migrationFromFindings,
  planMigrationFile,
  type ProjectMigrationStatus,
  type RenameCandidate,
  restoreBackup,
  runMigrations,
  type RunProgress,
  safeRevert,
} from '../../core/migrations';
import { generateFromDifferences } from '../../core/generate';
import { applyEntityEdits } from '../entityEdits';
import { SqlPreviews } from '../sqlPreview';
import { codeDiagnostic, rulesDocsRoot } from '../diagnostics';
import { spanToRange } from '../vscodeTypes';
import { type MigrationNode, type MigrationsComparison, MigrationsTree } from './tree';
import { messageOf } from '../../core/errors';

export interface MigrationServices {
  log: vscode.LogOutputChannel;
  dataSources(): Promise<DataSourceConfig[]>;
  /** A migration ran (or was reverted, or a backup restored): the database changed. */
  onDidChangeDatabase(): void;
  /** What the editor compares the data source with, for the tree to say it in the same words. */
  comparison(dataSource: DataSourceConfig): MigrationsComparison | undefined;
  noDataSource(): boolean;
  /** Each data source's migration status, as read for the tree (pending migrations explain findings). */
  onStatuses(loaded: Array<{ dataSource: DataSourceConfig; status: ProjectMigrationStatus }>): void;
}

/** What the engine may ask of the Migrations view after registering it. */
export interface MigrationsView {
  /** The comparison changed: draw the tree again in its words (nothing is re-read). */
  redraw(): void;
  /**
   * Reads every data source's migration status again, shown or not, so onStatuses hears what is
   * pending: the editor lints the pending migrations and leads diagnostics with them.
   */
  reload(): Promise<void>;
}

const UNTRUSTED =
  'Schema Lens does not run migrations in an untrusted workspace: running (or reverting, or capturing the SQL of) a migration executes the project\'s own code. Trust this workspace to use it.';

function backupsSetting(dataSource: DataSourceConfig): string | undefined {
  return vscode.workspace.getConfiguration('schemaLens', vscode.Uri.file(dataSource.root)).get<string>('backupsFolder');
}

function message(error: unknown): string {
  return messageOf(error);
}

export function registerMigrations(context: vscode.ExtensionContext, services: MigrationServices): MigrationsView {
  const { log } = services;
  // Status problems (pending, edited after it ran, ...) as diagnostics on the migration files.
  const diagnostics = vscode.languages.createDiagnosticCollection('schema-lens-migrations');
  const docsRoot = rulesDocsRoot(context.extensionUri);
  const publish = (loaded: Array<{ dataSource: DataSourceConfig; status: ProjectMigrationStatus }>): void => {
    services.onStatuses(loaded);
    const statuses = loaded.map(({ status }) => status);
    diagnostics.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const finding of statuses.flatMap((status) => status.findings)) {
      const file = finding.span?.file ?? finding.file;
      if (!file || !/\.[cm]?[jt]s$/.test(file)) continue;
      const diagnostic = codeDiagnostic(finding, finding.span ? spanToRange(finding.span) : new vscode.Range(0, 0, 0, 0), docsRoot);
      byFile.set(file, [...(byFile.get(file) ?? []), diagnostic]);
    }
    for (const [file, list] of byFile) diagnostics.set(vscode.Uri.file(file), list);
  };
  const sqlPreviews = new SqlPreviews();
  const tree = new MigrationsTree(() => services.dataSources(), backupsSetting, log, publish, (dataSource) => services.comparison(dataSource), () => services.noDataSource());
  const view = vscode.window.createTreeView('schemaLens.migrations', { treeDataProvider: tree, showCollapseAll: true });

  // Refresh on migration file changes (debounced: a branch switch changes many at once).
  let timer: NodeJS.Timeout | undefined;
  const scheduleRefresh = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => tree.refresh(), 500);
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{ts,js}', false, false, false);
  const onFile = (uri: vscode.Uri): void => {
    if (/[\\/]migrations?[\\/]|migration/i.test(uri.fsPath) && !uri.fsPath.includes('node_modules')) scheduleRefresh();
  };
  watcher.onDidCreate(onFile);
  watcher.onDidChange(onFile);
  watcher.onDidDelete(onFile);

  const afterChange = (): void => {
    tree.refresh();
    services.onDidChangeDatabase();
  };

  /** The data source a command acts on: from the node, the only one, or a pick. */
  const chooseDataSource = async (node?: MigrationNode): Promise<DataSourceConfig | undefined> => {
    if (node) return node.dataSource;
    const all = await services.dataSources();
    if (all.length <= 1) return all[0];
    const picked = await vscode.window.showQuickPick(
      all.map((dataSource) => ({ label: dataSource.name, description: dataSource.root, dataSource })),
      { title: 'Schema Lens: which data source?' },
    );
    return picked?.dataSource;
  };

  const requireTrust = (): boolean => {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showErrorMessage(UNTRUSTED, 'Manage Workspace Trust').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return false;
  };

  const requireConnection = (dataSource: DataSourceConfig): boolean => {
    if (dataSource.connection) return true;
    void vscode.window.showErrorMessage(`Schema Lens: data source '${dataSource.name}' has no database connection.`, 'Connect to Database…').then((choice) => {
      if (choice) void vscode.commands.executeCommand('schemaLens.connect');
    });
    return false;
  };

  /** Runs work with a cancellable notification; progress events become its message. */
  const withRunProgress = <T>(title: string, work: (onProgress: (event: RunProgress) => void, isCancelled: () => boolean) => Promise<T>): Thenable<T> =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) =>
      work(
        (event) => {
          if (event.kind === 'waiting-for-lock') progress.report({ message: `waiting for another migration run (${event.holder})` });
          else if (event.kind === 'start') {
            progress.report({ message: `${event.direction === 'up' ? 'running' : 'reverting'} ${event.migration} (${event.index + 1}/${event.total})`, increment: event.total ? 100 / event.total : undefined });
            log.info(`${event.direction === 'up' ? 'running' : 'reverting'} ${event.migration}`);
          }
        },
        () => token.isCancellationRequested,
      ),
    );

  const report = (what: string, error: unknown): void => {
    log.error(`${what}: ${message(error)}`);
    if (error instanceof MigrationCancelledError) void vscode.window.showWarningMessage(`Schema Lens: ${message(error)}`);
    else void vscode.window.showErrorMessage(`Schema Lens: ${what} failed: ${message(error).split('\n')[0]}`, { detail: message(error), modal: false } as vscode.MessageOptions);
  };

  const run = async (node: MigrationNode | undefined, to?: string): Promise<void> => {
    if (!requireTrust()) return;
    const dataSource = await chooseDataSource(node);
    if (!dataSource || !requireConnection(dataSource)) return;
    try {
      const result = await withRunProgress('Schema Lens: running migrations', (onProgress, isCancelled) => runMigrations({ dataSource, to, onProgress, isCancelled }));
      log.info(`ran ${result.executed.length} migration(s) with typeorm ${result.typeormVersion}: ${result.executed.join(', ')}`);
      void vscode.window.showInformationMessage(result.executed.length ? `Schema Lens: ran ${result.executed.length} migration(s).` : 'Schema Lens: no pending migrations.');
    } catch (error) {
      report('running migrations', error);
    } finally {
      afterChange();
    }
  };

  const revert = async (node: MigrationNode | undefined, to?: string): Promise<void> => {
    if (!requireTrust()) return;
    const dataSource = await chooseDataSource(node);
    if (!dataSource || !requireConnection(dataSource)) return;
    try {
      const outcome = await withRunProgress('Schema Lens: reverting', (onProgress, isCancelled) =>
        safeRevert({
          dataSource,
          to,
          onProgress,
          isCancelled,
          backupsFolder: backupsFolder(dataSource.root, backupsSetting(dataSource)),
          confirm: async (plan) => {
            const title = `Revert ${plan.migrations.length} migration${plan.migrations.length === 1 ? '' : 's'}?`;
            const action = plan.needsBackup ? 'Back Up and Revert' : 'Revert';
            return (await vscode.window.showWarningMessage(title, { modal: true, detail: describeRevertPlan(plan) }, action)) === action;
          },
        }),
      );
      if (!outcome.result) return;
      log.info(`reverted ${outcome.result.reverted.join(', ') || 'nothing'}${outcome.backup ? `; backup ${outcome.backup.file}` : ''}`);
      void vscode.window.showInformationMessage(
        `Schema Lens: reverted ${outcome.result.reverted.join(', ') || 'nothing'}.${outcome.backup ? ' A backup was taken first (see Backups in the Migrations view).' : ''}`,
      );
    } catch (error) {
      report('reverting', error);
    } finally {
      afterChange();
    }
  };

  const showSql = async (node?: MigrationNode): Promise<void> => {
    if (node?.kind !== 'migration') return;
    const migration = node.status.migration;
    let up = migration?.upSql;
    let down = migration?.downSql;
    let note = '-- static SQL, read from the file';
    if (up === undefined || down === undefined) {
      if (!requireTrust() || !requireConnection(node.dataSource)) return;
      try {
        const [capturedUp, capturedDown] = await withRunProgress('Schema Lens: capturing SQL (rolled back)', async () => [
          up ?? (await captureMigrationSql({ dataSource: node.dataSource, name: node.status.name, direction: 'up' })),
          down ?? (await captureMigrationSql({ dataSource: node.dataSource, name: node.status.name, direction: 'down' })),
        ]);
        const unwrap = (value: string[] | { statements: string[]; error?: string }): string[] =>
          Array.isArray(value) ? value : [...value.statements, ...(value.error ? [`-- stopped: ${value.error}`] : [])];
        up = unwrap(capturedUp!);
        down = unwrap(capturedDown!);
        note = '-- captured by running the migration inside a transaction that was rolled back (run against the current database state)';
      } catch (error) {
        report('capturing SQL', error);
        return;
      }
    }
    const text = `-- ${node.status.name}\n${note}\n\n-- up()\n${up.map((s) => `${s};`).join('\n')}\n\n-- down()\n${down.map((s) => `${s};`).join('\n')}\n`;
    await sqlPreviews.show(node.status.name, text);
  };

  const askName = (prompt: string): Thenable<string | undefined> =>
    vscode.window.showInputBox({ title: 'Schema Lens', prompt, placeHolder: 'AddUserEmail', validateInput: (value) => (/[A-Za-z0-9]/.test(value) ? undefined : 'Letters or digits, please') });

  const writeAndOpen = async (file: string, text: string): Promise<void> => {
    if (existsSync(file)) throw new Error(`${file} already exists`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    await vscode.window.showTextDocument(vscode.Uri.file(file));
    tree.refresh();
  };

  const create = async (node?: MigrationNode): Promise<void> => {
    const dataSource = await chooseDataSource(node);
    if (!dataSource) return;
    const name = await askName('Name of the new, empty migration');
    if (!name) return;
    try {
      const planned = await planMigrationFile(dataSource, name, { up: [], down: [], titles: [] });
      await writeAndOpen(planned.file, planned.text);
    } catch (error) {
      report('creating a migration', error);
    }
  };

  const generate = async (node?: MigrationNode): Promise<void> => {
    const dataSource = await chooseDataSource(node);
    if (!dataSource) return;
    const name = await askName('Name of the migration that fixes the current differences');
    if (!name) return;
    try {
      const generated = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Schema Lens: comparing entities and database' }, () =>
        generateFromDifferences({
          root: dataSource.root,
          name,
          overrides: {
            entities: dataSource.entityGlobs,
            migrations: dataSource.migrationGlobs,
            schema: dataSource.schema,
            naming: typeof dataSource.naming === 'string' ? dataSource.naming : undefined,
            db: dataSource.connection ? connectionUrl(dataSource.connection) : undefined,
          },
        }),
      );
      if (!generated.migration) {
        void vscode.window.showInformationMessage('Schema Lens: no differences with a migration fix.');
        return;
      }
      // A renamed entity column looks like a missing column plus an unmapped one: ask, never guess.
      const confirmed: RenameCandidate[] = [];
      for (const candidate of generated.renameCandidates) {
        if (confirmed.some((done) => done.table === candidate.table && (done.from === candidate.from || done.to === candidate.to))) continue;
        const rename = `Rename ${candidate.table}.${candidate.from} to ${candidate.to} (keeps the data)`;
        const add = `Add ${candidate.to} as a new column`;
        const choice = await vscode.window.showQuickPick([rename, add], { title: `Schema Lens: is ${candidate.table}.${candidate.to} a rename of ${candidate.from}?`, ignoreFocusOut: true });
        if (choice === undefined) return;
        if (choice === rename) confirmed.push(candidate);
      }
      const collected = migrationFromFindings(applyRenames(generated.findings, confirmed).findings);
      const migration = confirmed.length === 0 ? generated.migration : await planMigrationFile(generated.dataSource, name, collected);
      await writeAndOpen(migration.file, migration.text);
      // The entity edits that go with it (@Index() beside a CREATE INDEX), so TypeORM's own
      // migration:generate does not later propose to undo the migration.
      const { skipped } = await applyEntityEdits(collected.entityEdits);
      if (skipped.length > 0) {
        void vscode.window.showWarningMessage(`Schema Lens: ${skipped.map((file) => vscode.workspace.asRelativePath(file)).join(', ')} has unsaved changes, so these entity edits were not made: ${collected.entityEdits.filter((fix) => fix.edits.some((edit) => skipped.includes(edit.file))).map((fix) => fix.title).join('; ')}.`);
      }
    } catch (error) {
      report('generating a migration', error);
    }
  };

  const mark = async (node: MigrationNode | undefined, applied: boolean): Promise<void> => {
    if (node?.kind !== 'migration' || !requireTrust() || !requireConnection(node.dataSource)) return;
    const action = applied ? 'Mark as Applied' : 'Mark as Not Applied';
    const detail = applied
      ? `${node.status.name} will be recorded in the migrations table without running it. Do this only when its changes are already in the database.`
      : `${node.status.name} will be removed from the migrations table without running down(). Do this only when its changes are not in the database.`;
    if ((await vscode.window.showWarningMessage(`${action}?`, { modal: true, detail }, action)) !== action) return;
    try {
      await markMigration({ dataSource: node.dataSource, name: node.status.name, applied });
      log.info(`${node.status.name} marked as ${applied ? 'applied' : 'not applied'}`);
    } catch (error) {
      report(action.toLowerCase(), error);
    } finally {
      afterChange();
    }
  };

  const restore = async (node?: MigrationNode): Promise<void> => {
    if (!requireTrust()) return;
    let dataSource: DataSourceConfig | undefined;
    let file: string | undefined;
    if (node?.kind === 'backup') {
      dataSource = node.dataSource;
      file = node.backup.file;
    } else {
      dataSource = await chooseDataSource(node);
      if (!dataSource) return;
      const picked = await vscode.window.showOpenDialog({
        title: 'Schema Lens: restore which backup?',
        defaultUri: vscode.Uri.file(backupsFolder(dataSource.root, backupsSetting(dataSource))),
        filters: { 'Schema Lens backups': ['gz'] },
        canSelectMany: false,
      });
      file = picked?.[0]?.fsPath;
    }
    if (!dataSource || !file || !requireConnection(dataSource)) return;
    const action = 'Restore';
    const detail = 'The backup\'s rows are written back into the tables as they are now (matched by primary key; rows added since stay). It is committed only if every table\'s row count and checksum match the backup.';
    if ((await vscode.window.showWarningMessage('Restore this backup?', { modal: true, detail }, action)) !== action) return;
    try {
      const restored = await restoreBackup({ dataSource, file });
      const summary = restored.tables.map((t) => `${t.name} (${t.rows} rows)`).join(', ');
      log.info(`restored ${file}: ${summary}`);
      void vscode.window.showInformationMessage(`Schema Lens: restored and verified ${summary || 'nothing'}.`);
    } catch (error) {
      report('restoring the backup', error);
    } finally {
      afterChange();
    }
  };

  const migrationName = (node?: MigrationNode): string | undefined => (node?.kind === 'migration' ? node.status.name : undefined);

  context.subscriptions.push(
    tree,
    view,
    diagnostics,
    sqlPreviews,
    vscode.workspace.registerFileSystemProvider(SqlPreviews.scheme, sqlPreviews, { isReadonly: true, isCaseSensitive: true }),
    // Not contributed: the tree as shown, for e2e tests.
    vscode.commands.registerCommand('schemaLens.migrations.treeSnapshot', () => tree.snapshot()),
    watcher,
    { dispose: () => timer && clearTimeout(timer) },
    vscode.commands.registerCommand('schemaLens.migrations.refresh', () => tree.refresh()),
    vscode.commands.registerCommand('schemaLens.migrations.runPending', (node?: MigrationNode) => run(node)),
    vscode.commands.registerCommand('schemaLens.migrations.runUpTo', (node?: MigrationNode) => run(node, migrationName(node))),
    vscode.commands.registerCommand('schemaLens.migrations.revertLast', (node?: MigrationNode) => revert(node)),
    vscode.commands.registerCommand('schemaLens.migrations.revertDownTo', (node?: MigrationNode) => revert(node, migrationName(node))),
    vscode.commands.registerCommand('schemaLens.migrations.showSql', (node?: MigrationNode) => showSql(node)),
    vscode.commands.registerCommand('schemaLens.migrations.create', (node?: MigrationNode) => create(node)),
    vscode.commands.registerCommand('schemaLens.migrations.generate', (node?: MigrationNode) => generate(node)),
    vscode.commands.registerCommand('schemaLens.migrations.markApplied', (node?: MigrationNode) => mark(node, true)),
    vscode.commands.registerCommand('schemaLens.migrations.markNotApplied', (node?: MigrationNode) => mark(node, false)),
    vscode.commands.registerCommand('schemaLens.migrations.restoreBackup', (node?: MigrationNode) => restore(node)),
  );
  return {
    redraw: () => tree.redraw(),
    reload: async () => {
      tree.refresh();
      await tree.nodes();
    },
  };
}
