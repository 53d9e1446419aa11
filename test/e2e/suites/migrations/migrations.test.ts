// The Migrations tree and its commands in a real VS Code against a real PostgreSQL: states and
// icons as the view shows them, running from the palette and from a tree item, and the tree
// following file changes (an older migration from a merge, an edit of one that already ran).
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import * as vscode from 'vscode';
import { diagnosticCode, e2ePostgresUrl, waitFor, waitForActivation, waitForDiagnostics, workspaceRoot, workspaceUri } from '../../support';
import { migrationItems, treeShows } from '../../support/migrationsTree';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('migrations: the tree and its commands against PostgreSQL', () => {
  const url = e2ePostgresUrl();

  before(async () => {
    assert.ok(url, 'the runner passes SCHEMA_LENS_E2E_PG_URL');
    // The fixture's DataSource reads its URL from SCHEMA_LENS_E2E_PG_URL, which the extension host has.
    await waitForActivation();
    await vscode.commands.executeCommand('schemaLens.migrations.refresh');
  });

  it('lists both migrations as pending, newest first', async () => {
    const items = await treeShows(['AddEmail | pending | circle-large-outline', 'CreateUser | pending | circle-large-outline']);
    assert.deepEqual(items.map((item) => item.contextValue), ['migration.pending', 'migration.pending']);
  });

  it('leads the entity\'s diagnostic with the pending migration that changes its table, and offers to run it first (issue 20, point 3)', async () => {
    const uri = workspaceUri('src/entities/user.entity.ts');
    await vscode.workspace.openTextDocument(uri);
    const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => diagnosticCode(x) === 'SL101' && x.message.startsWith('Pending migration')), { source: 'Schema Lens', timeoutMs: 30_000 });
    const missing = diagnostics.find((d) => diagnosticCode(d) === 'SL101')!;
    const [cause, message] = missing.message.split('\n');
    assert.equal(cause, 'Pending migration CreateUser1700000000000 changes this table and has not run on this database: run it first, it is the likely cause.');
    assert.match(message!, /Table user .*does not exist/);
    assert.ok(missing.relatedInformation?.some((r) => r.location.uri.fsPath.endsWith('1700000000000-CreateUser.ts')), 'points at the migration');
    let titlesSeen: string[] = [];
    const actions = await waitFor(() => `the Run Pending Migrations quick fix (quick fixes now: ${titlesSeen.join(' | ')})`, async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, missing.range, vscode.CodeActionKind.QuickFix.value);
      titlesSeen = found.map((action) => action.title);
      return found.some((action) => action.title.startsWith('Run Pending Migrations')) && found;
    }, { timeoutMs: 20_000 });
    const titles = actions.map((action) => action.title);
    const run = actions.find((action) => action.title === 'Run Pending Migrations (CreateUser1700000000000 changes this table)');
    assert.ok(run, titles.join(' | '));
    assert.equal(run.command?.command, 'schemaLens.migrations.runPending');
    assert.equal(run.isPreferred, true, 'the preferred fix');
    assert.ok(titles.indexOf(run.title) < titles.findIndex((title) => title.startsWith('Create migration')), `offered before writing a migration: ${titles.join(' | ')}`);
  });

  it('Run Pending Migrations runs them and the tree shows their run order', async () => {
    await vscode.commands.executeCommand('schemaLens.migrations.runPending');
    await treeShows(['AddEmail | executed #2 | pass-filled', 'CreateUser | executed #1 | pass-filled']);
    assert.deepEqual(await query(url!, 'SELECT name FROM migrations ORDER BY id'), [{ name: 'CreateUser1700000000000' }, { name: 'AddEmail1700000001000' }]);
    assert.deepEqual(await query(url!, 'SELECT name, email FROM "user" ORDER BY id'), [{ name: 'ada', email: null }, { name: 'grace', email: null }]);
  });

  it('follows file changes: an older pending migration is out of order, an edited one is flagged', async () => {
    const older = join(workspaceRoot(), 'src/migrations/1700000000500-AddNameIndex.ts');
    writeFileSync(
      older,
      `import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddNameIndex1700000000500 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "IDX_user_name" ON "user" ("name")');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_user_name"');
  }
}
`,
    );
    appendFileSync(join(workspaceRoot(), 'src/migrations/1700000001000-AddEmail.ts'), '// edited after it ran\n');
    await treeShows([
      'AddEmail | executed #2 · edited after it ran | diff-modified',
      'AddNameIndex | pending · out of order | arrow-swap',
      'CreateUser | executed #1 | pass-filled',
    ]);
    const diagnostics = await waitForDiagnostics(workspaceUri('src/migrations/1700000000500-AddNameIndex.ts'), (list) => list.some((d) => diagnosticCode(d) === 'SL403'));
    assert.ok(diagnostics.some((d) => diagnosticCode(d) === 'SL401'));
  });

  it('Run up to This One runs the tree item it is given', async () => {
    const items = await migrationItems();
    const node = items.find((item) => item.label === 'AddNameIndex')?.node;
    assert.ok(node);
    await vscode.commands.executeCommand('schemaLens.migrations.runUpTo', node);
    await treeShows([
      'AddEmail | executed #2 · edited after it ran | diff-modified',
      'AddNameIndex | executed #3 | pass-filled',
      'CreateUser | executed #1 | pass-filled',
    ]);
    assert.deepEqual(await query(url!, `SELECT indexname FROM pg_indexes WHERE indexname = 'IDX_user_name'`), [{ indexname: 'IDX_user_name' }]);
  });

  it('Show SQL opens the static up() and down() SQL of a tree item', async () => {
    const node = (await migrationItems()).find((item) => item.label === 'CreateUser')?.node;
    assert.ok(node);
    await vscode.commands.executeCommand('schemaLens.migrations.showSql', node);
    const text = await waitFor('the SQL document', () => {
      const document = vscode.window.activeTextEditor?.document;
      return document?.languageId === 'sql' && document.getText().includes('CreateUser1700000000000') ? document.getText() : undefined;
    });
    assert.match(text, /-- up\(\)\nCREATE TABLE "user" .*;\nINSERT INTO "user"/s);
    assert.match(text, /-- down\(\)\nDROP TABLE "user";/);
    // A read-only preview (issue 20, point 8), not an Untitled editor that asks to be saved.
    const document = vscode.window.activeTextEditor!.document;
    assert.equal(document.uri.scheme, 'schema-lens-sql');
    assert.equal(document.isUntitled, false);
    // Its file system is registered read-only: the editor refuses typing and there is nothing to save.
    assert.equal(vscode.workspace.fs.isWritableFileSystem('schema-lens-sql'), false);
  });
});
