// The Migrations view follows the connection the developer chose with "Connect to Database…",
// not only the one the DataSource declares (here it declares none).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { connectDatabase, e2ePostgresUrl, waitForActivation } from '../../support';
import { treeShows } from '../../support/migrationsTree';

describe('migrations: a connection chosen with Connect to Database…', () => {
  it('shows the migrations with their status unknown (no database) until the developer connects', async () => {
    await waitForActivation();
    await vscode.commands.executeCommand('schemaLens.migrations.refresh');
    await treeShows(['AddEmail | status unknown: no database · entity-only checks | circle-small', 'CreateUser | status unknown: no database · entity-only checks | circle-small']);
  });

  it('reads and runs them on the chosen database once connected, and forgets it on disconnect', async () => {
    const url = e2ePostgresUrl();
    assert.ok(url, 'the runner passes SCHEMA_LENS_E2E_PG_URL');
    await connectDatabase(url);
    await treeShows(['AddEmail | pending | circle-large-outline', 'CreateUser | pending | circle-large-outline']);
    await vscode.commands.executeCommand('schemaLens.migrations.runPending');
    await treeShows(['AddEmail | executed #2 | pass-filled', 'CreateUser | executed #1 | pass-filled']);
    await vscode.commands.executeCommand('schemaLens.disconnect', { dataSource: 'AppDataSource' });
    await treeShows(['AddEmail | status unknown: no database · entity-only checks | circle-small', 'CreateUser | status unknown: no database · entity-only checks | circle-small']);
  });
});
