// Checks the e2e harness itself, so suites that rely on it fail for their own reasons only: the
// workspace is a throwaway copy, suite settings are applied, and the suite's PostgreSQL database is
// reachable from the extension host.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import pg from 'pg';
import * as vscode from 'vscode';
import { e2ePostgresUrl, schemaLens, waitFor, workspaceRoot } from '../../support';

describe('e2e harness', () => {
  it('opens a temporary copy of the suite workspace', () => {
    const root = workspaceRoot();
    assert.ok(existsSync(path.join(root, 'src/entities/author.entity.ts')), `fixture files missing in ${root}`);
    assert.ok(!root.startsWith(schemaLens().extensionPath), `workspace ${root} is inside the repository`);
    writeFileSync(path.join(root, 'scratch.txt'), 'tests may write here');
  });

  it('writes suite.json settings with the runner environment expanded', async () => {
    const value = await waitFor('the probe setting', () => vscode.workspace.getConfiguration('schemaLensE2e').get<string>('probe'));
    assert.equal(value, e2ePostgresUrl());
  });

  it('gives the suite a PostgreSQL database reachable from the extension host', async () => {
    const url = e2ePostgresUrl();
    assert.ok(url, 'SCHEMA_LENS_E2E_PG_URL is not set although suite.json asks for postgres');
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      const { rows } = await client.query<{ database: string }>('SELECT current_database() AS database');
      assert.equal(rows[0]?.database, new URL(url).pathname.slice(1));
    } finally {
      await client.end();
    }
  });
});
