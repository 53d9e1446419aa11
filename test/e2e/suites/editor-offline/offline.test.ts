// The configured database is down when VS Code starts: the status bar says so (once, no popup),
// and the entity-only findings are still shown.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticCode, schemaLens, waitFor, waitForActivation, waitForDiagnostics, workspaceUri } from '../../support';

interface ViewRow {
  label: string;
  description?: string;
  icon?: string;
  contextValue?: string;
  children: ViewRow[];
}

interface Api {
  status(): { text: string; tooltip: string; isError: boolean; actions: string[] };
  engine(): Promise<{ errorPopups: number; whenIdle(): Promise<void>; databasesSnapshot(): ViewRow[] }>;
}

describe('editor: database down at startup', () => {
  it('shows the error in the status bar and keeps entity-only diagnostics', async () => {
    await waitForActivation();
    const api = schemaLens().exports as Api;
    const status = await waitFor(() => `an error status (now: ${JSON.stringify(api.status())})`, () => api.status().isError && api.status());
    assert.match(status.text, /\$\(error\) Schema Lens/);
    assert.match(status.tooltip, /database error: .*entity-only checks meanwhile/);
    assert.doesNotMatch(status.tooltip, /password/i);
    assert.deepEqual(status.actions.slice(0, 2), ['refresh', 'connect']);

    await vscode.workspace.openTextDocument(workspaceUri('src/entities/post.entity.ts'));
    // SL301 needs no database; SL201 (missing foreign key) does, so it must not appear.
    const diagnostics = await waitForDiagnostics(workspaceUri('src/entities/post.entity.ts'), (d) => d.length > 0, { source: 'Schema Lens' });
    const found = diagnostics.map((d) => String(diagnosticCode(d)));
    assert.deepEqual(found, ['SL301']);
  });

  it('never pops up an error for background work, once for a command the user ran', async () => {
    const api = schemaLens().exports as Api;
    const engine = await api.engine();
    // Background work that reads the database again: a changed entity on disk, a changed database.
    const document = await vscode.workspace.openTextDocument(workspaceUri('src/entities/post.entity.ts'));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), '// typing\n');
    await vscode.workspace.applyEdit(edit);
    await engine.whenIdle();
    assert.equal(engine.errorPopups, 0);
    assert.ok(api.status().isError);

    await vscode.commands.executeCommand('schemaLens.refresh');
    await engine.whenIdle();
    assert.equal(engine.errorPopups, 1, 'the refresh the user asked for reports its failure once');
    assert.ok(api.status().isError);
  });

  it('the Database view shows the whole error and a Retry; CodeLens says not checked, never all clear (issue 20, point 6)', async () => {
    const api = schemaLens().exports as Api;
    const engine = await api.engine();
    const [row] = engine.databasesSnapshot();
    assert.ok(row, 'the failing data source is listed');
    assert.equal(row.description, 'database unreachable');
    assert.equal(row.contextValue, 'database.error', 'the row carries the inline Retry button');
    const lines = row.children.filter((child) => child.label !== 'Retry').map((child) => child.label);
    assert.ok(lines.length > 0 && lines.every((line) => line.length <= 48), JSON.stringify(lines));
    assert.match(lines.join(' '), /ECONNREFUSED|refused|connect/i);
    assert.deepEqual(row.children.at(-1), { label: 'Retry', description: undefined, icon: 'refresh', contextValue: undefined, children: [] });

    const uri = workspaceUri('src/entities/post.entity.ts');
    const lenses = await waitFor('CodeLens on post.entity.ts', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return found.length > 0 && found;
    });
    assert.deepEqual(lenses.map((lens) => lens.command?.title), ['not checked: database unreachable · 1 entity-only finding']);
  });
});
