// A folder with entity classes but no TypeORM data source and no migrations, with default settings
// (issue 20, point 6): the sidebar shows its welcome content (what Schema Lens looks for) instead of
// a "default" row, and the entities are checked on their own — not against an empty replay that
// would call every table missing.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticCode, schemaLens, waitFor, waitForActivation, waitForDiagnostics, workspaceUri } from '../../support';

interface Api {
  status(): { text: string; tooltip: string };
  engine(): Promise<{ noDataSource: boolean; databasesSnapshot(): unknown[]; whenIdle(): Promise<void> }>;
}

describe('welcome: no data source in the folder', () => {
  it('empties both views so their welcome content shows, and checks the entities alone', async () => {
    await waitForActivation();
    const api = schemaLens().exports as Api;
    const engine = await api.engine();
    await waitFor(() => `the status to say there is nothing to replay (now: ${JSON.stringify(api.status())})`, () => /no database and no migrations to replay/.test(api.status().tooltip));
    await engine.whenIdle();
    assert.equal(engine.noDataSource, true);
    assert.deepEqual(engine.databasesSnapshot(), []);
    assert.deepEqual(await vscode.commands.executeCommand('schemaLens.migrations.treeSnapshot'), []);

    // Entity-only findings (SL301 needs no database), and no "table missing" from an empty replay.
    const uri = workspaceUri('src/book.entity.ts');
    await vscode.workspace.openTextDocument(uri);
    const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => diagnosticCode(x) === 'SL301'), { source: 'Schema Lens' });
    assert.deepEqual(diagnostics.map((d) => diagnosticCode(d)), ['SL301']);
  });

  it('contributes the welcome content for this state', () => {
    const welcome = (schemaLens().packageJSON as { contributes: { viewsWelcome: Array<{ view: string; contents: string; when?: string }> } }).contributes.viewsWelcome;
    const shown = welcome.filter((entry) => entry.when === 'schemaLens.noDataSource');
    assert.deepEqual(shown.map((entry) => entry.view).sort(), ['schemaLens.databases', 'schemaLens.migrations']);
    assert.match(shown.find((entry) => entry.view === 'schemaLens.databases')!.contents, /No TypeORM data source found/);
  });
});
