// The database stops answering while VS Code is open, then comes back (issue 18, point 5): the error
// is shown once, the last good findings stay (marked stale, not replaced by entity-only ones), and
// Schema Lens recovers by itself — no refresh, no reconnect — when the database answers again.
import assert from 'node:assert/strict';
import pg from 'pg';
import * as vscode from 'vscode';
import { connectAfterInit } from '../../support/sql';
import { diagnosticCode, e2ePostgresUrl, schemaLens, waitFor, waitForDiagnostics, workspaceUri } from '../../support';

interface Api {
  status(): { text: string; tooltip: string; isError: boolean };
  engine(): Promise<{ errorPopups: number; whenIdle(): Promise<void> }>;
}

/** Runs SQL on the server's maintenance database (the suite's own database is the one switched off). */
async function onServer(url: string, sql: string): Promise<void> {
  const target = new URL(url);
  target.pathname = '/postgres';
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('editor: the database goes away and comes back', () => {
  const url = e2ePostgresUrl()!;
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  const quoted = `"${database.replace(/"/g, '""')}"`;
  const uri = workspaceUri('src/entities/post.entity.ts');

  after(async () => {
    await onServer(url, `ALTER DATABASE ${quoted} ALLOW_CONNECTIONS true`).catch(() => undefined);
  });

  it('keeps the last good findings marked stale, shows the error once, and recovers by itself', async () => {
    await connectAfterInit(url);
    const api = schemaLens().exports as Api;
    const engine = await api.engine();
    await vscode.workspace.openTextDocument(uri);
    // SL201 (foreign key missing in the database) needs the database.
    await waitForDiagnostics(uri, (d) => d.some((x) => diagnosticCode(x) === 'SL201' && !x.message.startsWith('Stale')), { source: 'Schema Lens', timeoutMs: 60_000 });

    // The database stops taking connections; the user's refresh notices.
    await onServer(url, `ALTER DATABASE ${quoted} ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database.replace(/'/g, "''")}' AND pid <> pg_backend_pid()`);
    const popupsBefore = engine.errorPopups;
    await vscode.commands.executeCommand('schemaLens.refresh');
    const status = await waitFor(() => `an error status (now: ${JSON.stringify(api.status())})`, () => api.status().isError && api.status(), { timeoutMs: 30_000 });
    assert.match(status.tooltip, /showing the findings of the last good read, \d\d:\d\d, marked stale; retrying/);
    const stale = await waitForDiagnostics(uri, (d) => d.some((x) => diagnosticCode(x) === 'SL201' && x.message.startsWith('Stale: from the last good read')), { source: 'Schema Lens', timeoutMs: 30_000 });
    assert.ok(stale.some((d) => diagnosticCode(d) === 'SL201'), 'the database-backed finding is kept, not dropped');
    assert.equal(engine.errorPopups, popupsBefore + 1, 'the error the user asked about is shown once');

    // It comes back: the background retry reconnects without any command, and the marks go.
    await onServer(url, `ALTER DATABASE ${quoted} ALLOW_CONNECTIONS true`);
    await waitFor(() => `the status to recover by itself (now: ${JSON.stringify(api.status())})`, () => !api.status().isError && /database/.test(api.status().text), { timeoutMs: 60_000 });
    const fresh = await waitForDiagnostics(uri, (d) => d.some((x) => diagnosticCode(x) === 'SL201') && d.every((x) => !x.message.startsWith('Stale')), { source: 'Schema Lens', timeoutMs: 30_000 });
    assert.ok(fresh.some((d) => diagnosticCode(d) === 'SL201'));
    assert.equal(engine.errorPopups, popupsBefore + 1, 'background retries never pop up');
  });
});
