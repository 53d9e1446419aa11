// Activation: wiring only. The analysis engine (ts-morph, pg, the core) lives in a second bundle,
// dist/engine.js, loaded right after activation returns, so activation itself stays cheap:
// an output channel, a status bar item and command registrations.
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Engine, EngineDependencies, EngineModule } from './engineApi';
import { maskingChannel } from './log';
import { SecretMasker } from './secrets';
import { StatusBar, statusActionsCommand } from './statusBar';
import type { StatusPresentation } from './statusModel';

/** What activate() returns: for tests and other extensions, never needed by users. */
export interface SchemaLensApi {
  engine(): Promise<Engine>;
  status(): StatusPresentation;
  /** Where VS Code writes this extension's log (the output channel). */
  logDirectory: string;
}

let engine: Promise<Engine> | undefined;
let forwarders: vscode.Disposable[] = [];

function releaseForwarders(): void {
  for (const forwarder of forwarders.splice(0)) forwarder.dispose();
}

function loadEngine(dependencies: EngineDependencies): Promise<Engine> {
  // A computed path, so the bundler leaves the require alone and the engine bundle loads on demand.
  const module = require(join(__dirname, 'engine.js')) as EngineModule;
  return module.startEngine(dependencies);
}

export function activate(context: vscode.ExtensionContext): SchemaLensApi {
  const started = Date.now();
  const masker = new SecretMasker();
  const channel = vscode.window.createOutputChannel('Schema Lens', { log: true });
  const log = maskingChannel(channel, masker);
  const statusBar = new StatusBar();
  context.subscriptions.push(channel, statusBar);

  const getEngine = (): Promise<Engine> => {
    engine ??= loadEngine({ context, log, masker, statusBar, releaseForwarders }).catch((error: unknown) => {
      log.error(`Schema Lens could not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      throw error;
    });
    return engine;
  };
  const withEngine = <A extends unknown[], R>(run: (e: Engine, ...args: A) => Promise<R> | R) =>
    async (...args: A): Promise<R> => run(await getEngine(), ...args);

  context.subscriptions.push(
    vscode.commands.registerCommand('schemaLens.showOutput', () => channel.show(true)),
    vscode.commands.registerCommand('schemaLens.connect', withEngine((e, options?: unknown) => e.connect(options))),
    vscode.commands.registerCommand('schemaLens.disconnect', withEngine((e, options?: unknown) => e.disconnect(options))),
    vscode.commands.registerCommand('schemaLens.refresh', withEngine((e) => e.refresh())),
    // Not contributed (no palette entry): used by the status bar, CodeLens and quick fixes.
    vscode.commands.registerCommand(statusActionsCommand, async () => {
      await statusBar.pickAction();
      return statusBar.current;
    }),
    vscode.commands.registerCommand('schemaLens.createMigration', withEngine((e, request: unknown) => e.createMigration(request))),
    vscode.commands.registerCommand('schemaLens.showDifferences', withEngine((e, request: unknown) => e.showDifferences(request))),
    vscode.commands.registerCommand('schemaLens.showErDiagram', withEngine((e) => e.showErDiagram())),
    // An ER diagram open before a reload comes back with its state (the view type is erDiagram.ts's).
    vscode.window.registerWebviewPanelSerializer('schemaLens.erDiagram', {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => (await getEngine()).restoreErDiagram(panel, state),
    }),
  );

  // Commands contributed by features that live in the engine bundle (the migrations view) exist
  // from activation on: until the engine has loaded, a forwarder waits for it. The engine disposes
  // the forwarders and registers the real commands in the same tick, so nothing falls in between.
  const own = new Set(['schemaLens.showOutput', 'schemaLens.connect', 'schemaLens.disconnect', 'schemaLens.refresh', 'schemaLens.showErDiagram']);
  const contributed = ((context.extension.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? [])
    .map((entry) => entry.command).filter((id) => !own.has(id));
  forwarders = contributed.map((id) => vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    await getEngine();
    return vscode.commands.executeCommand(id, ...args);
  }));

  // Start reading the project once activation has returned.
  setTimeout(() => void getEngine().catch(() => undefined), 0);
  log.info(`Schema Lens activated in ${Date.now() - started} ms`);
  return { engine: getEngine, status: () => statusBar.current, logDirectory: context.logUri.fsPath };
}

export function deactivate(): Promise<void> | undefined {
  releaseForwarders();
  const running = engine;
  engine = undefined;
  return running?.then((e) => e.dispose(), () => undefined);
}
