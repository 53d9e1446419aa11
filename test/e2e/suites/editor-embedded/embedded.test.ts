// No database configured: the project's migrations are replayed into the embedded PostgreSQL and
// the entities are compared with that. The fixture's one migration leaves post.authorId without
// its foreign key, so the same findings appear as against the real database.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticCode, schemaLens, waitFor, waitForActivation, waitForDiagnostics, workspaceUri } from '../../support';
import { migrationItems } from '../../support/migrationsTree';

interface ViewRow {
  label: string;
  description?: string;
  icon?: string;
  children: ViewRow[];
}

interface Api {
  status(): { text: string; tooltip: string; isError: boolean };
  engine(): Promise<{ databasesSnapshot(): ViewRow[] }>;
}

describe('editor: embedded database (migrations replayed)', () => {
  it('compares with the replayed migrations and says so in the status bar', async () => {
    await waitForActivation();
    const api = schemaLens().exports as Api;
    const status = await waitFor(() => `the embedded status (now: ${JSON.stringify(api.status())})`, () => /embedded/.test(api.status().text) && api.status(), { timeoutMs: 90_000 });
    assert.match(status.tooltip, /embedded database \(1 migration replayed\)/);

    const uri = workspaceUri('src/entities/post.entity.ts');
    await vscode.workspace.openTextDocument(uri);
    const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => diagnosticCode(x) === 'SL201'), { source: 'Schema Lens' });
    const missing = diagnostics.find((d) => diagnosticCode(d) === 'SL201')!;
    assert.match(missing.message, /does not exist in the embedded database|does not exist/);
  });

  it('says the same in every view: the Database view, the Migrations view and its migrations (issue 20, point 2)', async () => {
    const api = schemaLens().exports as Api;
    const engine = await api.engine();
    const databases = await waitFor(() => `the Database view to show the embedded database (now: ${JSON.stringify(engine.databasesSnapshot())})`,
      () => engine.databasesSnapshot().find((row) => row.description === 'embedded database · 1 migration replayed'));
    assert.equal(databases.icon, 'server-environment');
    const roots = (await vscode.commands.executeCommand<ViewRow[]>('schemaLens.migrations.treeSnapshot')) ?? [];
    assert.equal(roots[0]?.description, 'embedded database · 1 migration replayed', 'the Migrations view uses the same words');
    const migrations = await migrationItems();
    assert.deepEqual(migrations.map((item) => `${item.label} | ${item.description} | ${item.icon}`), ['Init | replayed in the embedded database | pass']);
    assert.doesNotMatch(JSON.stringify(roots), /not connected|status unknown/);
  });

  it("shows SL624 in a migration file whose down() does not undo its up() (issue 15), on its down()", async () => {
    const uri = workspaceUri('src/migrations/1700000100000-TitleIndex.ts');
    const text = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class TitleIndex1700000100000 implements MigrationInterface {
  name = 'TitleIndex1700000100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "IDX_post_title" ON "post" ("title")');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {}
}
`;
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => diagnosticCode(x) === 'SL624'), { source: 'Schema Lens', timeoutMs: 90_000 });
    const leftOver = diagnostics.find((d) => diagnosticCode(d) === 'SL624')!;
    assert.match(leftOver.message, /down\(\) leaves index IDX_post_title \("title"\) on table "post"/);
    assert.equal(leftOver.range.start.line, 9, 'on down()');
  });
});
