// The contract between the light activation bundle (extension.ts) and the analysis engine
// (engine.ts, bundled separately as dist/engine.js and loaded after activation).
import type * as vscode from 'vscode';
import type { DataSourceConfig } from '../core/config/index';
import type { SecretMasker } from './secrets';
import type { StatusBar } from './statusBar';
import type { ConnectionState } from './statusModel';

export interface EngineDependencies {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  masker: SecretMasker;
  statusBar: StatusBar;
  /** Drops activation's placeholder commands, right before the engine registers the real ones. */
  releaseForwarders(): void;
}

export interface Engine {
  /** "Connect to Database…"; with { url, dataSource } it asks nothing. Resolves to the new state. */
  connect(argument?: unknown): Promise<ConnectionState | undefined>;
  disconnect(argument?: unknown): Promise<void>;
  /** Re-discover the project, reconnect, re-analyse. */
  refresh(): Promise<void>;
  /** Writes the migration and returns its path. */
  createMigration(request: unknown): Promise<string | undefined>;
  showDifferences(request: unknown): Promise<void>;
  /** "Show ER Diagram": opens (or reveals) the diagram panel. */
  showErDiagram(): Promise<void>;
  /** A diagram panel VS Code restored after a reload, with the state its webview saved. */
  restoreErDiagram(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  dataSources(): Promise<DataSourceConfig[]>;
  /** Someone changed the database (a migration ran): read it again. */
  databaseChanged(): void;
  /** How many error popups the engine has shown: only commands the user ran may show one. */
  readonly errorPopups: number;
  /** No TypeORM data source in the workspace: the views show their welcome content. */
  readonly noDataSource: boolean;
  /** The Database view as shown (label, description, icon, contextValue, children): for e2e tests. */
  databasesSnapshot(): unknown[];
  /** Resolves once no discovery, database read or debounced analysis is pending. */
  whenIdle(): Promise<void>;
  dispose(): Promise<void>;
}

export interface EngineModule {
  startEngine(dependencies: EngineDependencies): Promise<Engine>;
}
