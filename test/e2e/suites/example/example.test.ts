// The quick start's example, opened in VS Code as a new user would (issue 20, point 5): a copy
// outside the repository, so it has no node_modules and TypeScript reports "Cannot find module
// 'typeorm'". Schema Lens still shows its two deliberate problems against the embedded database,
// and the Migrations view counts only Schema Lens' own state, not TypeScript's errors.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticCode, waitFor, waitForActivation, waitForDiagnostics, workspaceUri } from '../../support';
import { migrationItems } from '../../support/migrationsTree';

describe('example: the quick start project in the editor', () => {
  before(async () => {
    await waitForActivation();
  });

  it('shows SL102 and SL301 on the entities, compared with the replayed migration', async () => {
    const project = workspaceUri('src/entities/project.entity.ts');
    const task = workspaceUri('src/entities/task.entity.ts');
    await vscode.workspace.openTextDocument(project);
    await vscode.workspace.openTextDocument(task);
    const options = { source: 'Schema Lens', timeoutMs: 90_000 };
    assert.deepEqual((await waitForDiagnostics(project, (d) => d.length > 0, options)).map(diagnosticCode), ['SL102']);
    assert.deepEqual((await waitForDiagnostics(task, (d) => d.length > 0, options)).map(diagnosticCode), ['SL301']);
  });

  it('the Migrations view shows the migration as replayed, not coloured by TypeScript\'s problems in it', async () => {
    const [migration] = await waitFor('the migration replayed in the tree', async () => {
      const items = await migrationItems();
      return items.length === 1 && items[0]!.description === 'replayed in the embedded database' && items;
    }, { timeoutMs: 90_000 });
    assert.equal((migration as unknown as { decoratedByProblems: boolean }).decoratedByProblems, false);
  });
});
