// The database side of the editor: which database each data source is compared with (the user's
// choice, the setting, the DataSource, or the embedded replay), reading it with cancellable
// progress, and what the user sees when that fails. Passwords come from SecretStorage and are
// masked in the log before any connection is made.
import * as vscode from 'vscode';
import type { ConnectionSettings } from '../core/config/index';
import { ShadowDatabase } from '../core/shadow/index';
import type { Finding } from '../core/rules';
import { readDatabase, readShadow, replayCheckingDowns } from './actualModel';
import { planConnection, type ConnectionChoice, type ConnectionPlan } from './connectionPlan';
import { ConnectionStore } from './connectionStore';
import { passwordInUrl, withPassword } from './connectionUrl';
import type { EngineDependencies } from './engineApi';
import { errorMessage } from './log';
import { CancelledError, withDelayedProgress } from './progress';
import type { Project } from './project';
import type { SchemaLensSettings } from './settings';

export class ActualModelLoader {
  private readonly store: ConnectionStore;
  private shadow: ShadowDatabase | undefined;
  /** The last error logged per data source: a database that stays down is logged once, not per retry. */
  private readonly lastError = new Map<string, string>();
  /** Error popups shown: only a load the user asked for may show one. */
  errorPopups = 0;
  /** The background retry of each data source whose database stopped answering. */
  private readonly retries = new Map<string, { attempt: number; timer: NodeJS.Timeout }>();

  /** @param retry loads the project's actual model again (the engine's load, which re-analyses). */
  constructor(
    private readonly deps: Pick<EngineDependencies, 'context' | 'log' | 'masker'>,
    private readonly settings: (folder: vscode.WorkspaceFolder) => SchemaLensSettings,
    private readonly retry: (project: Project) => void,
  ) {
    this.store = new ConnectionStore(deps.context.workspaceState, deps.context.secrets, deps.masker);
  }

  /** Remembers the user's choice for a data source (a password only in SecretStorage). */
  async choose(project: Project, choice: ConnectionChoice, password?: string): Promise<void> {
    await this.store.setChoice(project.key, choice, password);
    if (choice.mode === 'database' && password === undefined) await this.store.forgetPassword(project.key);
    this.lastError.delete(project.key);
  }

  /** A refresh the user asked for reports errors again, even ones already logged. */
  forgetErrors(): void {
    this.lastError.clear();
  }

  /** The database connection in use for a data source, with its stored password; none when it is compared with the embedded database or nothing. */
  async connectionFor(project: Project): Promise<ConnectionSettings | undefined> {
    return this.databaseConnection(project, this.plan(project));
  }

  /**
   * Reads the actual model into `project.actual` and `project.state`. A load superseded by a newer
   * one for the same project leaves both alone and resolves to false. `starting` is called once
   * the state says so.
   */
  async load(project: Project, userInitiated: boolean, starting: () => void): Promise<boolean> {
    const settings = this.settings(project.folder);
    const plan = this.plan(project);
    const generation = ++project.loadGeneration;
    if (plan.kind === 'none') {
      project.actual = undefined;
      project.state = plan.state;
      this.deps.log.info(`${project.label}: ${plan.state.kind === 'restricted' ? 'restricted mode (untrusted workspace)' : 'no database'}: entity-only checks`);
      return true;
    }
    const previous = project.state;
    project.state = { kind: 'starting' };
    starting();
    const title = plan.kind === 'database' ? `Schema Lens: reading the database of ${project.label}` : `Schema Lens: replaying the migrations of ${project.label}`;
    try {
      const actual = await withDelayedProgress(title, async (token) => {
        const connection = await this.databaseConnection(project, plan);
        if (!connection) return readShadow(this.shadowDatabase(), project.config, token, project.intended?.model);
        return readDatabase(project.config, connection, settings.connectTimeoutMs, token, project.intended?.model);
      });
      if (generation !== project.loadGeneration) return false;
      project.actual = actual;
      project.state = actual.source === 'database' ? { kind: 'connected', description: actual.description } : { kind: 'embedded', migrations: actual.migrations };
      if (this.lastError.has(project.key)) this.deps.log.info(`${project.label}: the database answers again.`);
      this.lastError.delete(project.key);
      this.cancelRetry(project.key);
      this.retries.delete(project.key);
      this.deps.log.info(`${project.label}: compared with ${actual.source === 'database' ? actual.description : 'the embedded database'} (${actual.model.tables.length} tables)`);
      for (const problem of actual.problems) this.deps.log.warn(`${project.label}: ${problem.message}`);
    } catch (error) {
      if (generation !== project.loadGeneration) return false;
      if (error instanceof CancelledError) {
        project.actual = undefined;
        project.state = { kind: 'disconnected' };
        this.deps.log.info(`${project.label}: cancelled; entity-only checks.`);
      } else {
        // The same database read well before: keep that model (its findings show, marked stale)
        // rather than fall back to entity-only checks, and try again by itself until it answers.
        const kept = project.actual?.source === 'database' && plan.kind === 'database' ? project.actual : undefined;
        if (!kept) project.actual = undefined;
        const staleSince = kept ? (previous.kind === 'error' && previous.staleSince) || clockTime(new Date()) : undefined;
        this.failed(project, errorMessage(error), userInitiated, staleSince);
        if (plan.kind === 'database') this.scheduleRetry(project);
      }
    }
    return true;
  }

  /**
   * Retries a failed database read in the background, waiting longer each time (5 s doubling to
   * 1 min), so the editor recovers by itself when the database comes back. A newer load (a refresh,
   * a connect, a file change) supersedes it.
   */
  private scheduleRetry(project: Project): void {
    const attempt = (this.retries.get(project.key)?.attempt ?? 0) + 1;
    this.cancelRetry(project.key);
    const delayMs = Math.min(60_000, 5_000 * 2 ** (attempt - 1));
    const generation = project.loadGeneration;
    const timer = setTimeout(() => {
      if (project.loadGeneration !== generation) return;
      this.deps.log.info(`${project.label}: retrying the database (attempt ${attempt})`);
      this.retry(project);
    }, delayMs);
    timer.unref();
    this.retries.set(project.key, { attempt, timer });
  }

  private cancelRetry(key: string): void {
    const pending = this.retries.get(key);
    if (pending) clearTimeout(pending.timer);
  }

  /**
   * SL624 for a project compared with a real database: its migrations replayed, and each down()
   * checked, on the embedded database (never on the user's). Undefined when that is off (the
   * shadow.enabled setting, or an untrusted workspace: migrations are project code) or failed (logged).
   */
  async checkDowns(project: Project): Promise<Finding[] | undefined> {
    if (!this.settings(project.folder).shadowEnabled || !vscode.workspace.isTrusted) return undefined;
    const started = performance.now();
    try {
      const { migrationFiles, result } = await replayCheckingDowns(this.shadowDatabase(), project.config);
      const findings = result.findings.filter((finding) => finding.code === 'SL624');
      // The replay's own stops (SL450-SL452): the migrations after one were not checked; the database stays the comparison.
      const stop = result.findings.find((finding) => finding.category === 'migration');
      const stopped = stop ? `; the replay stopped at ${stop.file ?? 'a migration'} (${stop.code}: ${stop.message}), so the migrations after it were not checked` : '';
      this.deps.log.info(`${project.label}: down() of ${migrationFiles.length} migrations checked on the embedded database in ${Math.round(performance.now() - started)} ms${result.fromCache ? ' (cached)' : ''}: ${findings.length} SL624${stopped}`);
      return findings;
    } catch (error) {
      this.deps.log.warn(`${project.label}: the migrations' down() could not be checked on the embedded database: ${errorMessage(error)}`);
      return undefined;
    }
  }

  async dispose(): Promise<void> {
    for (const key of this.retries.keys()) this.cancelRetry(key);
    const shadow = this.shadow;
    this.shadow = undefined;
    // Deactivation must not hang on the embedded database: give it a few seconds, then move on.
    if (shadow) await Promise.race([shadow.dispose().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  }

  private failed(project: Project, message: string, userInitiated: boolean, staleSince?: string): void {
    project.state = { kind: 'error', message, ...(staleSince ? { staleSince } : {}) };
    // Logged once per distinct error; a popup only when the user asked for this connection.
    if (this.lastError.get(project.key) !== message) this.deps.log.error(`${project.label}: ${message}; showing entity-only findings.`);
    this.lastError.set(project.key, message);
    if (!userInitiated) return;
    this.errorPopups++;
    void vscode.window.showErrorMessage(`Schema Lens: ${project.label}: ${message}`, 'Connect…', 'Show Output').then((answer) => {
      if (answer === 'Connect…') void vscode.commands.executeCommand('schemaLens.connect', { dataSource: project.key });
      if (answer === 'Show Output') void vscode.commands.executeCommand('schemaLens.showOutput');
    });
  }

  private shadowDatabase(): ShadowDatabase {
    this.shadow ??= new ShadowDatabase({ cacheDir: vscode.Uri.joinPath(this.deps.context.globalStorageUri, 'shadow').fsPath });
    return this.shadow;
  }

  private plan(project: Project): ConnectionPlan {
    const settings = this.settings(project.folder);
    return planConnection({
      choice: this.store.choice(project.key),
      settingsUrl: settings.databaseUrl,
      discovered: project.config.connection,
      trusted: vscode.workspace.isTrusted,
      shadowEnabled: settings.shadowEnabled,
      migrationCount: project.migrations.length,
    });
  }

  /** The database connection a plan names, with the stored password added; its secrets masked in the log. */
  private async databaseConnection(project: Project, plan: ConnectionPlan): Promise<ConnectionSettings | undefined> {
    if (plan.kind !== 'database') return undefined;
    let connection = plan.connection;
    if (plan.needsSecret) {
      const password = await this.store.password(project.key);
      if (password !== undefined) connection = withPassword(connection, password);
    }
    this.deps.masker.add(connection.password);
    if (connection.url) this.deps.masker.add(passwordInUrl(connection.url));
    return connection;
  }
}

/** `14:02`: when a database stopped answering, as people read it. */
function clockTime(date: Date): string {
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}
