// The analysis engine behind the editor features, in its own bundle (dist/engine.js) so that
// activation does not pay for loading ts-morph and pg. It discovers the data sources of every
// workspace folder, keeps one Project per data source, re-analyses as files change (debounced,
// one file re-read) and as the database changes, and feeds diagnostics, quick fixes, hovers,
// CodeLens, the status bar and the Database view. The database side (which database, reading
// it, its errors) is ActualModelLoader's; what a file event means is fileEvents'.
import { relative } from 'node:path';
import * as vscode from 'vscode';
import { discoverDataSources, type DataSourceConfig } from '../core/config/index';
import { findEntityFiles } from '../core/entities/index';
import { describeCoverage, describeDiscovery, readCoverage } from '../core/model/index';
import { pendingMigrations, type ProjectMigrationStatus } from '../core/migrations/index';
import { ActualModelLoader } from './actualLoader';
import { EntityCodeLensProvider, type ShowDifferencesRequest } from './codeLens';
import { QuickFixProvider } from './codeActions';
import { decideConnection, describeChoice, pickProject } from './connectCommand';
import { DatabasesView } from './databasesView';
import { KeyedDebouncer } from './debounce';
import { DiagnosticsPublisher, projectDiagnostics, rulesDocsRoot } from './diagnostics';
import type { Engine, EngineDependencies } from './engineApi';
import { fileEventActions, type FileEventKind } from './fileEvents';
import { ErDiagramPanel } from './erDiagram';
import { EntityHoverProvider } from './hover';
import type { HealthResult } from '../core/health';
import { healthDiagnostics } from './health/diagnostics';
import { type HealthControls, registerHealth } from './health/view';
import { type MigrationsView, registerMigrations } from './migrations/index';
import type { MigrationsComparison } from './migrations/tree';
import { findingsForTable } from './modelLookup';
import { isCreateMigrationRequest, writeMigration } from './migrationWriter';
import { migrationsToLint } from './lintScope';
import { Project } from './project';
import { discoveryKeys, readSettings, toOverrides, type SchemaLensSettings } from './settings';
import { type ConnectionState, noDataSourceFound } from './statusModel';
import { spanToRange } from './vscodeTypes';

const entitySelector: vscode.DocumentSelector = [{ scheme: 'file', language: 'typescript' }];
/** File events come in bursts (a branch switch, a generator): act once they have settled. */
const settleDelayMs = 1000;

class SchemaLensEngine implements Engine {
  private projects: Project[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly publisher = new DiagnosticsPublisher('schemaLens');
  /** Health findings on the entities: read on Refresh Health, the view's first showing and a connect; never while typing. */
  private readonly healthPublisher = new DiagnosticsPublisher('schemaLens.health');
  /** Each project's last health read, judged again on every analysis. */
  private readonly healthReads = new Map<string, HealthResult>();
  private health: HealthControls | undefined;
  private readonly actuals: ActualModelLoader;
  // A slow analysis (a huge project) must not run back to back while the user types: wait at
  // least as long as the last one took (capped), never less than the setting.
  private readonly analysisDebounce = new KeyedDebouncer<string>((key) =>
    Math.max(this.debounceMs, Math.min(2000, this.projects.find((p) => p.key === key)?.lastAnalysisMs ?? 0)));
  private readonly slowDebounce = new KeyedDebouncer<string>(() => settleDelayMs);
  private readonly codeLens: EntityCodeLensProvider;
  private readonly databasesView: DatabasesView;
  private migrationsView: MigrationsView | undefined;
  private readonly erDiagram: ErDiagramPanel;
  private readonly docsRoot: vscode.Uri;
  private readonly busy = new Set<Promise<unknown>>();
  private discovery: Promise<void> = Promise.resolve();
  private discoveryGeneration = 0;
  private debounceMs = 50;
  private codeLensEnabled = true;
  private readonly log: vscode.LogOutputChannel;

  constructor(private readonly deps: EngineDependencies) {
    this.log = deps.log;
    this.actuals = new ActualModelLoader(deps, (folder) => this.settings(folder), (project) => void this.track(this.loadActual(project, false)));
    this.docsRoot = rulesDocsRoot(deps.context.extensionUri);
    this.codeLens = new EntityCodeLensProvider((file) => this.projectsFor(file), () => this.codeLensEnabled);
    this.databasesView = new DatabasesView(() => this.projects);
    this.erDiagram = new ErDiagramPanel(deps.context.extensionUri, () => this.projects, this.log);
    this.readWindowSettings();
  }

  start(): void {
    const watcher = vscode.workspace.createFileSystemWatcher('**/{*.ts,.env,.env.*,ormconfig.json,ormconfig.js}');
    this.disposables.push(
      this.publisher, this.healthPublisher, this.codeLens, this.databasesView, this.erDiagram, watcher,
      vscode.languages.registerCodeActionsProvider(entitySelector, new QuickFixProvider({ projectsFor: (f) => this.projectsForFixes(f), entries: (f) => [...this.publisher.entries(f), ...this.healthPublisher.entries(f)] }), QuickFixProvider.metadata),
      vscode.languages.registerHoverProvider(entitySelector, new EntityHoverProvider((file) => this.projectsFor(file))),
      vscode.languages.registerCodeLensProvider(entitySelector, this.codeLens),
      vscode.window.registerTreeDataProvider('schemaLens.databases', this.databasesView),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.documentChanged(event.document.uri);
      }),
      // An opened migration is linted (a closed one's findings go: documentChanged below).
      vscode.workspace.onDidOpenTextDocument((document) => this.migrationChanged(document.uri)),
      // A dirty buffer closed without saving: the disk text counts again.
      vscode.workspace.onDidCloseTextDocument((document) => this.documentChanged(document.uri)),
      watcher.onDidChange((uri) => this.fileEvent(uri, 'change')),
      watcher.onDidCreate((uri) => this.fileEvent(uri, 'create')),
      watcher.onDidDelete((uri) => this.fileEvent(uri, 'delete')),
      vscode.workspace.onDidChangeConfiguration((event) => this.configurationChanged(event)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rediscover(false)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.log.info('Workspace trusted: connecting and replaying migrations where configured.');
        this.track(Promise.all(this.projects.map((p) => this.loadActual(p, false))));
      }),
    );
    this.deps.releaseForwarders();
    this.migrationsView = registerMigrations(this.deps.context, {
      log: this.log,
      dataSources: () => this.dataSources(),
      onDidChangeDatabase: () => this.databaseChanged(),
      comparison: (dataSource) => this.comparison(dataSource),
      noDataSource: () => noDataSourceFound(this.projects),
      onStatuses: (loaded) => void this.track(this.pendingMigrationsRead(loaded)),
    });
    this.health = registerHealth(this.deps.context, {
      log: this.log,
      dataSources: () => this.dataSources(),
      settings: (dataSource) => this.settings(vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dataSource.root))),
      entities: (dataSource) => {
        const intended = this.projectOf(dataSource)?.intended;
        return intended && { intended: intended.model, suppressions: intended.suppressions };
      },
      onRead: (dataSource, result) => this.healthRead(dataSource, result),
    });
    this.rediscover(false);
  }

  // ---- projects ----------------------------------------------------------------------------

  private settings(folder: vscode.WorkspaceFolder | undefined): SchemaLensSettings {
    return readSettings(vscode.workspace.getConfiguration('schemaLens', folder?.uri));
  }

  private readWindowSettings(): void {
    const settings = this.settings(undefined);
    this.debounceMs = settings.debounceMs;
    this.codeLensEnabled = settings.codeLensEnabled;
  }

  private projectOf(dataSource: DataSourceConfig): Project | undefined {
    return this.projects.find((p) => p.config.root === dataSource.root && p.config.name === dataSource.name);
  }

  private projectsFor(file: string): Project[] {
    return this.projects.filter((p) => p.owns(file));
  }

  /** Quick fixes are offered in entity files and, for the migration lint, in migration files. */
  private projectsForFixes(file: string): Project[] {
    return this.projects.filter((p) => p.owns(file) || p.isMigrationFile(file));
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.busy.add(work);
    void work.finally(() => this.busy.delete(work)).catch(() => undefined);
    return work;
  }

  /**
   * Re-reads the project. `this.discovery` settles as soon as the data sources are known (commands
   * wait for that, not for a slow database or replay); the returned promise when all is read.
   */
  private rediscover(userInitiated: boolean): Promise<void> {
    let projectsKnown = (): void => undefined;
    this.discovery = new Promise<void>((resolve) => { projectsKnown = resolve; });
    return this.track(this.discover(userInitiated, projectsKnown).catch((error: unknown) => {
      this.log.error(`Reading the project failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }).finally(projectsKnown));
  }

  private async discover(userInitiated: boolean, projectsKnown: () => void): Promise<void> {
    const generation = ++this.discoveryGeneration;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const found: Project[] = [];
    for (const folder of folders) {
      const started = Date.now();
      const { dataSources, problems } = await discoverDataSources(folder.uri.fsPath, toOverrides(this.settings(folder)));
      for (const problem of problems) this.log.warn(`${folder.name}: ${problem.message}`);
      // Each data source's entity files (its globs, forFeature lists, the user's globs or a decorator scan).
      const entityFiles = await findEntityFiles(dataSources);
      for (const problem of entityFiles.problems) this.log.warn(`${folder.name}: ${problem.message}`);
      for (const [index, dataSource] of dataSources.entries()) {
        const label = folders.length > 1 ? `${folder.name} / ${dataSource.name}` : dataSource.name;
        // An unchanged data source keeps its reader: a refresh must not re-read a big project cold.
        const project = this.projects.find((p) => p.label === label && p.folder.uri.toString() === folder.uri.toString() && JSON.stringify(p.config) === JSON.stringify(dataSource))
          ?? new Project(folder, dataSource, label);
        project.setEntityFiles(entityFiles.groups[index]!.files);
        this.log.info(`${label}: ${describeDiscovery(entityFiles.discovery[index]!)}`);
        await project.readMigrations();
        if (typeof dataSource.naming === 'object') this.log.warn(`${label}: naming strategy ${dataSource.naming.unknown} is not known; assuming TypeORM's default naming.`);
        this.log.info(`${label}: ${project.entityFiles.size} entity files${dataSource.file ? ` (config: ${relative(folder.uri.fsPath, dataSource.file)})` : ''}, found in ${Date.now() - started} ms`);
        found.push(project);
      }
    }
    if (generation !== this.discoveryGeneration) return;
    for (const old of this.projects) {
      if (found.some((p) => p.key === old.key)) continue;
      this.publisher.remove(old.key);
      this.forgetHealth(old.key);
    }
    this.projects = found;
    for (const document of vscode.workspace.textDocuments) {
      if (document.isDirty) for (const project of this.projectsFor(document.uri.fsPath)) project.fileChanged(document.uri.fsPath);
    }
    // Entity-only findings at once; database-backed ones follow when the database has been read.
    for (const project of found) this.analyse(project);
    for (const document of vscode.workspace.textDocuments) this.migrationChanged(document.uri);
    this.updateStatus();
    projectsKnown();
    await Promise.all(found.map((project) => this.loadActual(project, userInitiated)));
  }

  private textOf(file: string): string | undefined {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
    return document && !document.isClosed ? document.getText() : undefined;
  }

  private analyse(project: Project): void {
    if (!this.projects.includes(project)) return;
    const started = performance.now();
    try {
      project.analyse(this.settings(project.folder).severity, (file) => this.textOf(file));
    } catch (error) {
      this.log.error(`${project.label}: analysis failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return;
    }
    this.publisher.publish(project.key, projectDiagnostics(project, this.docsRoot));
    this.judgeHealth(project);
    this.codeLens.refresh();
    this.erDiagram.update();
    this.showStatus();
    const elapsed = performance.now() - started;
    // Slow analyses are worth knowing about (and reporting); fast ones only at trace level.
    (elapsed > 200 ? this.log.info : this.log.trace).call(this.log, `${project.label}: ${project.findings.length} findings in ${elapsed.toFixed(1)} ms`);
  }

  // ---- health ------------------------------------------------------------------------------

  private healthRead(dataSource: DataSourceConfig, result: HealthResult | undefined): void {
    const project = this.projectOf(dataSource);
    if (!project) return;
    if (!result) {
      this.forgetHealth(project.key);
      return;
    }
    this.healthReads.set(project.key, result);
    this.judgeHealth(project);
  }

  /** The project's last health read judged against its entities now: the view and the diagnostics follow. */
  private judgeHealth(project: Project): void {
    const read = this.healthReads.get(project.key);
    if (!read) return;
    try {
      read.findings = project.judgeHealth(read, this.settings(project.folder).severity, (file) => this.textOf(file));
    } catch (error) {
      this.log.error(`${project.label}: judging the health read failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return;
    }
    this.healthPublisher.publish(project.key, healthDiagnostics(project.key, read.findings, this.docsRoot));
    this.health?.tree.redraw();
  }

  private forgetHealth(projectKey: string): void {
    this.healthReads.delete(projectKey);
    this.healthPublisher.remove(projectKey);
  }

  /** The status bar: each data source's connection, and how much of its entities was read statically. */
  private showStatus(): void {
    this.deps.statusBar.update(this.projects.map((p) => ({ label: p.label, state: p.state, coverage: p.intended && describeCoverage(readCoverage(p.intended.model)) })));
  }

  private updateStatus(): void {
    this.showStatus();
    this.databasesView.refresh();
    this.migrationsView?.redraw();
    void vscode.commands.executeCommand('setContext', 'schemaLens.connected', this.projects.some((p) => p.actual !== undefined));
    void vscode.commands.executeCommand('setContext', 'schemaLens.noDataSource', this.noDataSource);
  }

  /** No TypeORM data source anywhere in the workspace (the views' welcome content says what is looked for). */
  get noDataSource(): boolean {
    return noDataSourceFound(this.projects);
  }

  /** The Database view as shown: for e2e tests. */
  databasesSnapshot(): unknown[] {
    return this.databasesView.snapshot();
  }

  /**
   * The migrations the database has not run, with the tables they change: the likely cause of the
   * findings on those tables, which their diagnostics then lead with (issue 20, point 3).
   */
  private async pendingMigrationsRead(loaded: Array<{ dataSource: DataSourceConfig; status: ProjectMigrationStatus }>): Promise<void> {
    for (const { dataSource, status } of loaded) {
      const project = this.projectOf(dataSource);
      if (!project) continue;
      project.pendingMigrations = await pendingMigrations(status, dataSource.schema);
      project.executedMigrations = status.connected ? new Set(status.migrations.filter((migration) => migration.state === 'executed').map((migration) => migration.name)) : undefined;
      this.publisher.publish(project.key, projectDiagnostics(project, this.docsRoot));
      // What is pending decides which closed migration files are linted.
      await this.relintMigrations(project);
    }
  }

  /** What the project of a data source is compared with, for the Migrations view. */
  private comparison(dataSource: DataSourceConfig): MigrationsComparison | undefined {
    const project = this.projectOf(dataSource);
    if (!project) return undefined;
    // The replay's own stops (SL450-SL452, category 'migration'), not a down() that does not undo its up() (SL624, 'lint').
    const stops = project.actual?.source === 'shadow' ? project.actual.findings.flatMap((finding) => (finding.file && finding.category === 'migration' ? [finding.file] : [])) : [];
    return { state: project.state, replayFailures: stops };
  }

  // ---- the actual model --------------------------------------------------------------------

  get errorPopups(): number {
    return this.actuals.errorPopups;
  }

  private async loadActual(project: Project, userInitiated: boolean): Promise<void> {
    if (!await this.actuals.load(project, userInitiated, () => this.updateStatus())) return;
    if (project.actual?.source !== 'database') project.downChecks = [];
    this.analyse(project);
    this.updateStatus();
    // The table sizes came with the read: migrations are linted again with them.
    await this.relintWithStatus(project);
    // In the background, after the database's findings show: the replay beside it takes longer.
    if (project.actual?.source === 'database') void this.track(this.checkDowns(project));
  }

  /** SL624 while a real database is the comparison: the migrations' down() checked on the embedded database. */
  private async checkDowns(project: Project): Promise<void> {
    const generation = ++project.downCheckGeneration;
    const findings = await this.actuals.checkDowns(project);
    if (findings === undefined || generation !== project.downCheckGeneration || project.actual?.source !== 'database') return;
    project.downChecks = findings;
    this.analyse(project);
  }

  // ---- events ------------------------------------------------------------------------------

  private documentChanged(uri: vscode.Uri): void {
    if (uri.scheme !== 'file') return;
    for (const project of this.projectsFor(uri.fsPath)) {
      project.fileChanged(uri.fsPath);
      this.analysisDebounce.trigger(project.key, () => this.analyse(project));
    }
    this.migrationChanged(uri);
  }

  /** A migration file opened, edited or closed: lint its text as it stands in the editor (debounced like typing). */
  private migrationChanged(uri: vscode.Uri): void {
    if (uri.scheme !== 'file') return;
    const file = uri.fsPath;
    for (const project of this.projects) {
      if (!project.isMigrationFile(file)) continue;
      this.analysisDebounce.trigger(`lint:${project.key}:${file}`, () => void this.track(this.lintMigration(project, file)));
    }
  }

  /** One migration file opened, edited or closed: linted from its text, from disk when closed but in scope, else forgotten. */
  private async lintMigration(project: Project, file: string): Promise<void> {
    // Typing: the file's own buffer is all it takes (no look at the other open documents).
    const text = this.textOf(file);
    const changed = text !== undefined || this.migrationsToLint(project).has(file) ? await this.lint(project, new Map([[file, text]])) : project.forgetLint(file);
    if (changed) this.analyse(project);
  }

  /**
   * With a database: which migrations it has not run is read again (whether the Migrations view is
   * shown or not), and that read relints them (pendingMigrationsRead). Without one: relinted now.
   */
  private async relintWithStatus(project: Project): Promise<void> {
    if (project.actual?.source === 'database' && this.migrationsView) await this.migrationsView.reload();
    else await this.relintMigrations(project);
  }

  /** Every migration file in scope linted again (table sizes, pending migrations, files or settings changed); the rest forgotten. */
  private async relintMigrations(project: Project): Promise<void> {
    const wanted = this.migrationsToLint(project);
    let changed = false;
    for (const file of project.lintedFiles()) if (!wanted.has(file)) changed = project.forgetLint(file) || changed;
    changed = (await this.lint(project, wanted)) || changed;
    if (changed) this.analyse(project);
  }

  private migrationsToLint(project: Project): Map<string, string | undefined> {
    const open = new Map<string, string>();
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme === 'file' && !document.isClosed && project.isMigrationFile(document.uri.fsPath)) open.set(document.uri.fsPath, document.getText());
    }
    const files = project.migrations.map((migration) => migration.file);
    return migrationsToLint(this.settings(project.folder).lintMigrations, open, files, project.pendingMigrations);
  }

  /** Lints migration files; whether findings changed (a failure is logged, never thrown). */
  private async lint(project: Project, files: ReadonlyMap<string, string | undefined>): Promise<boolean> {
    try {
      return await project.lintMigrations(files, { thresholds: this.settings(project.folder).lintThresholds, executed: project.executedMigrations });
    } catch (error) {
      this.log.error(`${project.label}: linting ${files.size === 1 ? vscode.workspace.asRelativePath([...files.keys()][0]!) : `${files.size} migrations`} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return false;
    }
  }

  private fileEvent(uri: vscode.Uri, kind: FileEventKind): void {
    const file = uri.fsPath;
    const hasOpenBuffer = this.textOf(file) !== undefined;
    for (const project of this.projects) {
      const actions = fileEventActions(project, file, kind, hasOpenBuffer);
      if (actions.includes('rediscover')) {
        this.slowDebounce.trigger('rediscover', () => void this.rediscover(false));
        return;
      }
      // A new or edited migration: re-read them all, and replay them when that is the comparison.
      if (actions.includes('migrations')) this.slowDebounce.trigger(`migrations:${project.key}`, () => void this.track(this.migrationsChanged(project)));
      if (actions.includes('entity')) this.documentChanged(uri);
      if (actions.includes('entityFiles')) this.slowDebounce.trigger(`files:${project.key}`, () => void this.track(this.refreshEntityFiles(project)));
    }
  }

  private async migrationsChanged(project: Project): Promise<void> {
    await project.readMigrations();
    await this.relintWithStatus(project);
    // Replayed again when that is the comparison, or when the first migration appeared.
    const nothingToReplay = project.state.kind === 'disconnected' && project.state.reason === 'no-migrations';
    if (project.actual?.source === 'shadow' || (nothingToReplay && project.migrations.length > 0)) await this.loadActual(project, false);
    else {
      this.analyse(project);
      if (project.actual?.source === 'database') void this.track(this.checkDowns(project));
    }
  }

  private async refreshEntityFiles(project: Project): Promise<void> {
    // The folder's data sources together: which one a file is depends on the others' globs.
    const together = this.projects.filter((p) => p.folder.uri.toString() === project.folder.uri.toString());
    const entityFiles = await findEntityFiles(together.map((p) => p.config));
    together.forEach((p, index) => p.setEntityFiles(entityFiles.groups[index]!.files));
    for (const p of together) this.analyse(p);
  }

  private configurationChanged(event: vscode.ConfigurationChangeEvent): void {
    if (!event.affectsConfiguration('schemaLens')) return;
    this.readWindowSettings();
    if (event.affectsConfiguration('schemaLens.database')) this.migrationsConnectionChanged();
    if (discoveryKeys.some((key) => event.affectsConfiguration(`schemaLens.${key}`))) {
      void this.rediscover(false);
    } else {
      for (const project of this.projects) {
        if (event.affectsConfiguration('schemaLens.lint', project.folder.uri)) void this.track(this.relintMigrations(project).then(() => this.analyse(project)));
        else this.analyse(project);
      }
      this.codeLens.refresh();
    }
  }

  // ---- commands ----------------------------------------------------------------------------

  async connect(argument?: unknown): Promise<ConnectionState | undefined> {
    await this.discovery;
    const decision = await decideConnection(this.projects, argument, vscode.workspace.isTrusted);
    if (!decision) return undefined;
    const { project, choice, password } = decision;
    await this.actuals.choose(project, choice, password);
    this.log.info(`${project.label}: using ${describeChoice(choice)}`);
    await this.track(this.loadActual(project, true));
    this.migrationsConnectionChanged();
    // A connect is the user's one-off choice of database: read its health now (in the background),
    // so its findings are on the entities without opening the view. Not on the automatic connect
    // at start-up: opening a window must not cost every database database-wide statistics queries.
    if (project.state.kind === 'connected' && this.health) void this.track(this.health.refresh());
    else this.forgetHealth(project.key);
    return project.state;
  }

  async disconnect(argument?: unknown): Promise<void> {
    await this.discovery;
    const wanted = typeof argument === 'object' && argument !== null && typeof (argument as { dataSource?: unknown }).dataSource === 'string'
      ? (argument as { dataSource: string }).dataSource : undefined;
    const project = await pickProject(this.projects.filter((p) => p.actual !== undefined || wanted !== undefined), wanted, 'Schema Lens: Disconnect');
    if (!project) return;
    await this.actuals.choose(project, { mode: 'off' });
    await this.track(this.loadActual(project, false));
    this.forgetHealth(project.key);
    this.health?.tree.forget(project.config);
    this.migrationsConnectionChanged();
  }

  /** The Migrations tree reads through `dataSources()`: let it re-read with the new connection. */
  private migrationsConnectionChanged(): void {
    void vscode.commands.executeCommand('schemaLens.migrations.refresh');
  }

  async refresh(): Promise<void> {
    this.actuals.forgetErrors();
    await this.rediscover(true);
  }

  databaseChanged(): void {
    this.track(Promise.all(this.projects.map((project) => this.loadActual(project, false))));
  }

  /**
   * The data sources as the migration commands must use them: with the connection in use (the
   * user's choice, the setting, or the DataSource, with the stored password), not merely the one
   * the project declares; none when the project is compared with the embedded database or nothing.
   */
  async dataSources(): Promise<DataSourceConfig[]> {
    await this.discovery;
    return Promise.all(this.projects.map(async (p) => ({ ...p.config, connection: await this.actuals.connectionFor(p) })));
  }

  async createMigration(request: unknown): Promise<string | undefined> {
    if (!isCreateMigrationRequest(request)) throw new Error('schemaLens.createMigration needs { projectKey, name, up, down }');
    await this.discovery;
    const project = this.projects.find((p) => p.key === request.projectKey);
    if (!project) throw new Error(`No data source ${request.projectKey}`);
    const uri = await writeMigration(project, request);
    this.log.info(`${project.label}: wrote ${vscode.workspace.asRelativePath(uri)}`);
    // The new migration changes what the diagnostics relate to, and an embedded comparison itself.
    void this.track(this.migrationsChanged(project));
    return uri.fsPath;
  }

  async showDifferences(request: unknown): Promise<void> {
    const r = request as ShowDifferencesRequest;
    const project = this.projects.find((p) => p.key === r?.projectKey);
    if (!project) return;
    const findings = findingsForTable(project.findings, r.schema, r.table);
    if (findings.length === 0) {
      void vscode.window.showInformationMessage(`Schema Lens: ${r.schema}.${r.table} is in sync.`);
      return;
    }
    const icon = { error: '$(error)', warning: '$(warning)', info: '$(info)' } as const;
    const picked = await vscode.window.showQuickPick(
      findings.map((finding) => ({ label: `${icon[finding.severity]} ${finding.code}`, description: finding.message, finding })),
      { title: `${r.schema}.${r.table}: ${findings.length} difference${findings.length === 1 ? '' : 's'}`, matchOnDescription: true },
    );
    const span = picked?.finding.span;
    if (span) await vscode.window.showTextDocument(vscode.Uri.file(span.file), { selection: spanToRange(span) });
  }

  async showErDiagram(): Promise<void> {
    await this.discovery;
    this.erDiagram.show();
  }

  async restoreErDiagram(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    await this.discovery;
    this.erDiagram.restore(panel, state);
  }

  async whenIdle(): Promise<void> {
    for (;;) {
      if (this.busy.size > 0) {
        await Promise.allSettled([...this.busy]);
      } else if (this.analysisDebounce.hasPending() || this.slowDebounce.hasPending()) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      } else {
        return;
      }
    }
  }

  async dispose(): Promise<void> {
    this.analysisDebounce.dispose();
    this.slowDebounce.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    await this.actuals.dispose();
  }
}

export async function startEngine(deps: EngineDependencies): Promise<Engine> {
  const engine = new SchemaLensEngine(deps);
  engine.start();
  return engine;
}
