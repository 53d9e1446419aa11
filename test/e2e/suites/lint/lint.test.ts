// The migration lint in the editor: a migration with an unsafe CREATE INDEX gets its diagnostic as
// it is typed (before any save), the quick fix writes the safe form into the file (CONCURRENTLY and
// `transaction = false` on the class), and the diagnostic goes.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticCode, describeDiagnostics, openFile, setDocumentText, waitFor, waitForActivation, waitForDiagnostics, workspaceUri } from '../../support';

const source = 'Schema Lens';
const file = 'src/migrations/1700000000001-AddPostTitleIndex.ts';

const migration = (statement: string) => `import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddPostTitleIndex1700000000001 implements MigrationInterface {
  name = 'AddPostTitleIndex1700000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    ${statement}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_post_title"');
  }
}
`;

const withCode = (code: string) => (diagnostics: vscode.Diagnostic[]) => diagnostics.filter((d) => diagnosticCode(d) === code);

/** Quick fixes at a range; retried while another provider (the TypeScript server, still loading) cancels the request. */
function quickFixes(uri: vscode.Uri, range: vscode.Range, title: RegExp): Promise<vscode.CodeAction> {
  return waitFor(`a quick fix titled ${title}`, async () => {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
    return actions.find((action) => title.test(action.title));
  });
}

describe('editor: migration lint', () => {
  const uri = () => workspaceUri(file);

  before(async () => {
    await waitForActivation();
    // A new migration file, as `migration:create` leaves it: nothing in up() yet.
    await vscode.workspace.fs.writeFile(uri(), Buffer.from(migration('// TODO')));
  });

  it('flags CREATE INDEX without CONCURRENTLY as it is typed, at the statement', async () => {
    const document = (await openFile(file)).document;
    await setDocumentText(document, migration(`await queryRunner.query('CREATE INDEX "IDX_post_title" ON "post" ("title")');`));
    assert.ok(document.isDirty, 'the text is typed, not saved');
    const diagnostics = await waitForDiagnostics(uri(), (d) => withCode('SL614')(d).length === 1, { source });
    const sl614 = withCode('SL614')(diagnostics)[0]!;
    assert.equal(sl614.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(sl614.message, /SHARE lock/);
    // The range is the statement inside the string, not the whole call.
    assert.equal(document.getText(sl614.range), 'CREATE INDEX "IDX_post_title" ON "post" ("title")');
    assert.equal(typeof sl614.code === 'object' && String(sl614.code.target), String(vscode.Uri.joinPath(vscode.extensions.getExtension('schema-lens.schema-lens')!.extensionUri, 'docs', 'rules', 'SL614.md')));
  });

  it('the quick fix writes CONCURRENTLY and transaction = false, and the diagnostic goes', async () => {
    const document = await vscode.workspace.openTextDocument(uri());
    const sl614 = withCode('SL614')(vscode.languages.getDiagnostics(uri()))[0]!;
    const fix = await quickFixes(uri(), sl614.range, /CONCURRENTLY/);
    assert.ok(fix.edit, 'the fix is an edit of the migration file');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const text = document.getText();
    assert.match(text, /queryRunner\.query\('CREATE INDEX CONCURRENTLY "IDX_post_title" ON "post" \("title"\)'\)/);
    assert.match(text, /\n {2}public transaction = false;\n/);
    // The fixture's DataSource keeps TypeORM's default migrationsTransactionMode ('all'), where the
    // class's flag is refused: the fix says so, and the lint then asks for mode 'each' (SL616).
    assert.match(fix.title, /migrationsTransactionMode: 'each'/);
    const after = await waitForDiagnostics(uri(), (d) => withCode('SL614')(d).length === 0 && withCode('SL616')(d).length === 1, { source });
    assert.match(withCode('SL616')(after)[0]!.message, /migrationsTransactionMode 'each'/, describeDiagnostics(after));
  });

  it('the foreign key fix adds NOT VALID here and writes the VALIDATE migration', async () => {
    const document = await vscode.workspace.openTextDocument(uri());
    const line = document.getText().split('\n').findIndex((l) => l.includes(`query('CREATE INDEX CONCURRENTLY`));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri(), new vscode.Position(line + 1, 0), `    await queryRunner.query('ALTER TABLE "post" ADD CONSTRAINT "FK_post_author" FOREIGN KEY ("authorId") REFERENCES "user"("id")');\n`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diagnostics = await waitFor(() => `SL604 on the foreign key (diagnostics: ${describeDiagnostics(vscode.languages.getDiagnostics(uri()))}; text:\n${document.getText()})`,
      () => withCode('SL604')(vscode.languages.getDiagnostics(uri())).length === 1 && vscode.languages.getDiagnostics(uri()));
    const sl604 = withCode('SL604')(diagnostics)[0]!;
    assert.equal(sl604.range.start.line, line + 1);
    const fix = await quickFixes(uri(), sl604.range, /NOT VALID/);
    assert.ok(fix.edit && fix.command, 'an edit of this migration and a command writing the next one');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const written = await vscode.commands.executeCommand<string>(fix.command.command, ...(fix.command.arguments ?? []));
    assert.match(document.getText(), /REFERENCES "user"\("id"\) NOT VALID'\)/);
    await waitForDiagnostics(uri(), (d) => withCode('SL604')(d).length === 0, { source });
    assert.ok(written, 'the follow-up migration was written');
    const next = (await vscode.workspace.fs.readFile(vscode.Uri.file(written))).toString();
    assert.match(next, /VALIDATE CONSTRAINT "FK_post_author"/);
  });
});
