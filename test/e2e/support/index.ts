// Helpers for e2e tests running inside the extension host (see test/e2e/README.md). They drive VS
// Code through its public API only, the way a user's actions would, and wait with timeouts instead
// of sleeping: every wait fails with a message saying what it was waiting for.
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'schema-lens.schema-lens';

/** The Schema Lens extension as VS Code loaded it (fails when it is not installed at all). */
export function schemaLens(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return extension;
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Polls `probe` until it returns something other than undefined/false and returns that value.
 * `what` names the condition in the timeout error (a function is called only then, for current state).
 */
export async function waitFor<T>(what: string | (() => string), probe: () => T | undefined | false | Promise<T | undefined | false>, options: WaitOptions = {}): Promise<T> {
  const { timeoutMs = 20_000, intervalMs = 100 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Waits until VS Code has activated the extension by itself (activation events; never forces it)
 * and fails when `activate()` threw: VS Code still reports such an extension as active, but
 * `activate()` on it rethrows the activation error.
 */
export async function waitForActivation(options: WaitOptions = {}): Promise<vscode.Extension<unknown>> {
  const extension = schemaLens();
  await waitFor('Schema Lens to be activated by its activation events', () => extension.isActive, { timeoutMs: 30_000, ...options });
  try {
    await extension.activate();
  } catch (error) {
    throw new Error(`Schema Lens failed to activate: ${error instanceof Error ? error.message : String(error)}`);
  }
  return extension;
}

/** Connects Schema Lens to the database (Connect to Database… with a URL) and fails unless it says connected. */
export async function connectDatabase(url: string): Promise<void> {
  const state = await vscode.commands.executeCommand<{ kind: string }>('schemaLens.connect', { url });
  if (state?.kind !== 'connected') throw new Error(`connect: ${JSON.stringify(state)}`);
}

/** Commands the manifest contributes (`contributes.commands[].command`). */
export function contributedCommands(): string[] {
  const commands = (schemaLens().packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? [];
  return commands.map((entry) => entry.command);
}

/** Absolute path of the (temporary copy of the) suite's workspace folder. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e suite was started without a workspace folder');
  return folder.uri.fsPath;
}

export function workspaceUri(relativePath: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), relativePath));
}

/** Opens a workspace file (path relative to the workspace root) in an editor. */
export async function openFile(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relativePath));
  return vscode.window.showTextDocument(document);
}

/** Replaces the whole text of an open document without saving: what typing does. */
export async function setDocumentText(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${document.uri.fsPath}`);
}

/**
 * Waits until the diagnostics of `uri` satisfy `accept` (default: at least one diagnostic) and
 * returns them. Pass `source` to look only at diagnostics with that source (e.g. 'Schema Lens').
 */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean = (diagnostics) => diagnostics.length > 0,
  options: WaitOptions & { source?: string } = {},
): Promise<vscode.Diagnostic[]> {
  const current = () => vscode.languages.getDiagnostics(uri).filter((d) => options.source === undefined || d.source === options.source);
  return waitFor(() => `diagnostics on ${uri.fsPath} to match (now: ${describeDiagnostics(current())})`, () => accept(current()) && current(), options);
}

/** A diagnostic's code, whether plain or linked to its docs page (`{ value, target }`). */
export function diagnosticCode(diagnostic: vscode.Diagnostic): string | undefined {
  return typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : diagnostic.code === undefined ? undefined : String(diagnostic.code);
}

export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return 'none';
  return diagnostics.map((d) => `${diagnosticCode(d) ?? '?'}@${d.range.start.line + 1}: ${d.message}`).join('; ');
}

/**
 * Connection URL of a fresh PostgreSQL database for this suite, when its suite.json asks for
 * `"postgres": true` (the runner starts embedded PostgreSQL); undefined otherwise.
 */
export function e2ePostgresUrl(): string | undefined {
  return process.env.SCHEMA_LENS_E2E_PG_URL || undefined;
}
