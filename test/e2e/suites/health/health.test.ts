// The Health view: once connected, Refresh Health reads the database's health (read-only) and lists
// its findings; a table the entity maps points at the entity.
import assert from 'node:assert/strict';
import pg from 'pg';
import * as vscode from 'vscode';
import { e2ePostgresUrl, waitForActivation } from '../../support';

interface HealthReport {
  dataSource: string;
  findings: string[];
  error?: string;
}

describe('health view', () => {
  it('lists nothing to read until a database is connected', async () => {
    await waitForActivation();
    const reports = await vscode.commands.executeCommand<HealthReport[]>('schemaLens.health.refresh');
    assert.deepEqual(reports, []);
  });

  it('reads the connected database once connected: a table without a primary key is SL501', async () => {
    const url = e2ePostgresUrl();
    assert.ok(url, 'the runner passes SCHEMA_LENS_E2E_PG_URL');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('CREATE TABLE audit_log (at timestamptz, message text)');
    } finally {
      await client.end();
    }
    const state = await vscode.commands.executeCommand<{ kind: string }>('schemaLens.connect', { url });
    assert.equal(state?.kind, 'connected', `connect: ${JSON.stringify(state)}`);
    const reports = await vscode.commands.executeCommand<HealthReport[]>('schemaLens.health.refresh');
    assert.equal(reports.length, 1, JSON.stringify(reports));
    assert.equal(reports[0]!.error, undefined);
    assert.ok(reports[0]!.findings.includes('SL501'), JSON.stringify(reports));
  });
});
