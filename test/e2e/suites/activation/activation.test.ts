// The packaged extension activates by itself on a workspace with entity files, registers every
// command its manifest contributes, and shows its view container.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { contributedCommands, schemaLens, waitForActivation } from '../../support';

describe('activation', () => {
  it('activates on a workspace with entity files (workspaceContains)', async () => {
    const extension = await waitForActivation();
    assert.equal(extension.isActive, true);
  });

  it('registers every command contributed in package.json', async () => {
    await waitForActivation();
    const contributed = contributedCommands();
    assert.ok(contributed.length > 0, 'the manifest contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((command) => !registered.has(command));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('has the Schema Lens view container with its views', async () => {
    await waitForActivation();
    // VS Code registers `workbench.view.extension.<container id>` for each contributed container
    // and `<view id>.focus` for each view; executing a command that does not exist rejects.
    await vscode.commands.executeCommand('workbench.view.extension.schemaLens');
    const views = (schemaLens().packageJSON as { contributes: { views: Record<string, { id: string }[]> } }).contributes.views.schemaLens ?? [];
    assert.ok(views.length > 0, 'the schemaLens container contributes no views');
    for (const view of views) await vscode.commands.executeCommand(`${view.id}.focus`);
  });
});
