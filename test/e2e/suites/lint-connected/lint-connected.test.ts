// The migration lint in the editor with a database connected: the same unsafe CREATE INDEX is
// information on the empty table and an error once the table is big (schemaLens.lint.bigTableRows:
// 10,000 in this suite's settings), the message naming its size. Closed migration files: the pending
// ones are linted without being opened, the ones that ran only under "all" (as information).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticCode, e2ePostgresUrl, openFile, setDocumentText, waitFor, waitForDiagnostics, workspaceUri } from '../../support';
import { connectAfterInit, runSql } from '../../support/sql';

const source = 'Schema Lens';
const file = 'src/migrations/1700000000001-AddPostTitleIndex.ts';
const text = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddPostTitleIndex1700000000001 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "IDX_post_title" ON "post" ("title")');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_post_title"');
  }
}
`;

const sl614 = (diagnostics: vscode.Diagnostic[]) => diagnostics.find((d) => diagnosticCode(d) === 'SL614');

describe('editor: migration lint with the table sizes of the connected database', () => {
  const url = e2ePostgresUrl();

  before(async () => {
    // The fixture's Init migration, run as written: "post" exists and is empty.
    await connectAfterInit(url);
  });

  it('is information on the empty table, an error on a big one', async () => {
    await vscode.workspace.fs.writeFile(workspaceUri(file), Buffer.from('// new migration\n'));
    const document = (await openFile(file)).document;
    await setDocumentText(document, text);
    const empty = sl614(await waitForDiagnostics(workspaceUri(file), (d) => sl614(d) !== undefined, { source }))!;
    assert.equal(empty.severity, vscode.DiagnosticSeverity.Information);
    assert.match(empty.message, /"post" is empty in the connected database/);

    await runSql(url!, ['INSERT INTO "post" ("title") SELECT \'t\' || n FROM generate_series(1, 20000) AS n', 'ANALYZE "post"']);
    await vscode.commands.executeCommand('schemaLens.refresh');
    const big = sl614(await waitForDiagnostics(workspaceUri(file), (d) => sl614(d)?.severity === vscode.DiagnosticSeverity.Error, { source, timeoutMs: 60_000 }))!;
    assert.match(big.message, /"post" has about 20,000 rows/);
  });
});

describe('editor: closed migration files in the Problems panel (schemaLens.lint.migrations)', () => {
  const init = workspaceUri('src/migrations/1700000000000-Init.ts');
  const pendingFile = 'src/migrations/1700000000002-AddPostBody.ts';
  // Init ran as TypeORM records it (runWorkspaceMigrationUp writes its migrations row); the new one below has not.
  const lintCodes = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === source && /^SL6\d\d$/.test(diagnosticCode(d) ?? ''));

  after(async () => {
    await vscode.workspace.getConfiguration('schemaLens').update('lint.migrations', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('lints a pending migration nobody opened, not the one that ran; "all" adds the one that ran, as information', async () => {
    await vscode.workspace.fs.writeFile(
      workspaceUri(pendingFile),
      Buffer.from(text.replace('AddPostTitleIndex1700000000001', 'AddPostBody1700000000002').replace(`'CREATE INDEX "IDX_post_title" ON "post" ("title")'`, `'ALTER TABLE "post" ADD "body" text NOT NULL'`)),
    );
    assert.ok(!vscode.workspace.textDocuments.some((document) => document.uri.fsPath === workspaceUri(pendingFile).fsPath), 'the pending migration is not open');
    await waitForDiagnostics(workspaceUri(pendingFile), (d) => d.some((one) => diagnosticCode(one) === 'SL603'), { source, timeoutMs: 60_000 });
    assert.deepEqual(lintCodes(init).map(diagnosticCode), [], 'Init ran: its lint is not shown under "pending"');

    await vscode.workspace.getConfiguration('schemaLens').update('lint.migrations', 'all', vscode.ConfigurationTarget.Workspace);
    const ran = await waitFor('lint diagnostics on Init under "all"', () => lintCodes(init).length > 0 && lintCodes(init), { timeoutMs: 60_000 });
    assert.ok(ran.every((d) => d.severity === vscode.DiagnosticSeverity.Information), `Init ran already: information only (${ran.map((d) => `${diagnosticCode(d)} ${d.severity}`).join(', ')})`);
  });
});
