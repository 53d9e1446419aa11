// The editor features against a real PostgreSQL: the database lacks the foreign key of
// Post.author (SL201) and the index of Post.category's foreign key (SL301). Diagnostics follow the
// unsaved buffer, a quick fix writes a migration, and running it clears the diagnostic.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { connectAfterInit, migrationStatements, runSql } from '../../support/sql';
import { diagnosticCode, e2ePostgresUrl, openFile, schemaLens, setDocumentText, waitFor, waitForDiagnostics, workspaceRoot, workspaceUri } from '../../support';

const source = 'Schema Lens';
const postFile = 'src/entities/post.entity.ts';

function codes(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map(diagnosticCode).filter((c): c is string => c !== undefined).sort();
}

function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `fixture has no line with ${needle}`);
  return line;
}

function rangeOf(diagnostic: vscode.Diagnostic): [number, number, number, number] {
  return [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character];
}

/** [line, start, line, end] of a decorator written on one line of the fixture. */
function decoratorRange(text: string, decorator: string): [number, number, number, number] {
  const line = lineOf(text, decorator);
  const start = text.split('\n')[line].indexOf(decorator);
  return [line, start, line, start + decorator.length];
}

/** The SQL strings in one method (`up` or `down`) of a migration file written in single quotes. */
/** Quick fixes at a range; retried while another provider (the TypeScript server, still loading) cancels the request. */
function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return waitFor('quick fixes', async () => {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
    return actions.length > 0 && actions;
  });
}

describe('editor: diagnostics, quick fixes, hover and CodeLens against PostgreSQL', () => {
  const url = e2ePostgresUrl();
  let uri: vscode.Uri;
  let document: vscode.TextDocument;
  let original: string;

  before(async () => {
    // The database gets the fixture's own Init migration, recorded as run: authorId indexed without FK, categoryId with FK without index.
    await connectAfterInit(url);
    uri = workspaceUri(postFile);
    document = (await openFile(postFile)).document;
    original = document.getText();
  });

  it('shows the missing foreign key and the unindexed foreign key with code, docs link, range and message', async () => {
    const diagnostics = await waitForDiagnostics(uri, (d) => codes(d).includes('SL201') && codes(d).includes('SL301'), { source });
    assert.deepEqual(codes(diagnostics), ['SL201', 'SL301']);

    const missing = diagnostics.find((d) => diagnosticCode(d) === 'SL201')!;
    assert.equal(missing.severity, vscode.DiagnosticSeverity.Error);
    assert.match(missing.message, /authorId.*user.*does not exist in the database/);
    const target = (missing.code as { target: vscode.Uri }).target;
    assert.match(target.path, /docs\/rules\/SL201\.md$/);
    assert.ok(existsSync(target.fsPath), `the docs page ships with the extension: ${target.fsPath}`);
    // On the relation's decorator.
    assert.deepEqual(rangeOf(missing), decoratorRange(original, '@ManyToOne(() => User, (user) => user.posts)'));
    // Related information: the other end of the relation, and the migration that made the column.
    assert.deepEqual(missing.relatedInformation?.map((r) => [r.message, r.location.uri.fsPath]), [
      ['Post.author references User (public.user)', workspaceUri('src/entities/user.entity.ts').fsPath],
      ['last changed by migration Init1700000000000', workspaceUri('src/migrations/1700000000000-Init.ts').fsPath],
    ]);

    const unindexed = diagnostics.find((d) => diagnosticCode(d) === 'SL301')!;
    assert.equal(unindexed.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(unindexed.message, /no index starting with \(categoryId\)/);
    // The next step on its own line (issue 20, point 4).
    assert.match(unindexed.message, /\nfix: add @Index\(\) on the relation and create the index with a migration .*\(quick fix available\)$/);
    assert.deepEqual(rangeOf(unindexed), decoratorRange(original, '@ManyToOne(() => Category)'));
  });

  it('offers the entity edit for SL301 beside the migration before the file was ever edited', async () => {
    // The findings were made when the database was read, before the file was opened: the fix that
    // edits the entity reads it from disk, so it is there from the start (issue 20, point 1).
    const unindexed = (await waitForDiagnostics(uri, (d) => codes(d).includes('SL301'), { source })).find((d) => diagnosticCode(d) === 'SL301')!;
    const titles = (await quickFixes(uri, unindexed.range)).map((a) => a.title);
    assert.ok(titles.includes('Add @Index() to Post.category'), titles.join(' | '));
    assert.ok(titles.includes('Create migration: create an index on post(categoryId)'), `the migration too: ${titles.join(' | ')}`);
    assert.equal(document.getText(), original, 'nothing was edited');
  });

  it('keeps the password out of settings (it lives in SecretStorage)', () => {
    const password = new URL(url!).password;
    assert.ok(password, 'the test database URL has a password');
    const inspected = vscode.workspace.getConfiguration('schemaLens').inspect<string>('database.url');
    for (const value of [inspected?.globalValue, inspected?.workspaceValue, inspected?.workspaceFolderValue]) assert.ok(!value?.includes(password));
    const settingsFile = join(workspaceRoot(), '.vscode', 'settings.json');
    assert.ok(!existsSync(settingsFile) || !readFileSync(settingsFile, 'utf8').includes(password));
    // Nor in the output channel: VS Code writes it to the extension's log directory; the connection
    // above was logged there (with the password masked).
    const { logDirectory } = schemaLens().exports as { logDirectory: string };
    const logs = readdirSync(logDirectory, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
    assert.ok(logs.some((text) => /compared with|connected|Schema Lens activated/.test(text)), `the log is there: ${logDirectory}`);
    assert.ok(logs.every((text) => !text.includes(password)), 'no password in the output channel');
  });

  it('follows the unsaved buffer: declaring the index makes SL301 disappear without saving', async () => {
    const fixed = original.replace('  @ManyToOne(() => Category)', '  @Index()\n  @ManyToOne(() => Category)');
    await setDocumentText(document, fixed);
    const diagnostics = await waitForDiagnostics(uri, (d) => !codes(d).includes('SL301'), { source });
    // The entity now declares the index; the database does not have it yet: that is SL303's finding.
    assert.deepEqual(codes(diagnostics), ['SL201', 'SL303']);
    assert.equal(document.isDirty, true);
    assert.equal(readFileSync(uri.fsPath, 'utf8'), original, 'nothing was saved');

    await setDocumentText(document, original);
    await waitForDiagnostics(uri, (d) => codes(d).includes('SL301'), { source });
  });

  it('offers entity edits and ignore comments as quick fixes', async () => {
    const unindexed = (await waitForDiagnostics(uri, (d) => codes(d).includes('SL301'), { source })).find((d) => diagnosticCode(d) === 'SL301')!;
    const actions = await quickFixes(uri, unindexed.range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.some((t) => /^Create migration: create an index on .*post.*\(categoryId\)/i.test(t)), titles.join(' | '));
    assert.ok(titles.includes('Ignore SL301 on this line'), titles.join(' | '));
    assert.ok(titles.includes('Ignore SL301 for this class'), titles.join(' | '));
    assert.ok(titles.includes('Create migration for all differences in this entity (2)'), titles.join(' | '));

    // The entity edit: @Index() on the relation, with the import already there.
    const addIndex = actions.find((a) => a.title === 'Add @Index() to Post.category');
    assert.ok(addIndex?.edit, titles.join(' | '));
    assert.ok(await vscode.workspace.applyEdit(addIndex.edit));
    assert.match(document.getText(), /@Index\(\)\n\s*@ManyToOne\(\(\) => Category\)/);
    await waitForDiagnostics(uri, (d) => !codes(d).includes('SL301'), { source });
    await setDocumentText(document, original);
    await waitForDiagnostics(uri, (d) => codes(d).includes('SL301'), { source });

    const ignore = actions.find((a) => a.title === 'Ignore SL301 on this line')!;
    assert.ok(await vscode.workspace.applyEdit(ignore.edit!));
    assert.match(document.getText(), /\n {2}\/\/ schema-lens-ignore SL301\n {2}@ManyToOne\(\(\) => Category\)/);
    await waitForDiagnostics(uri, (d) => !codes(d).includes('SL301'), { source });
    await setDocumentText(document, original);
    await waitForDiagnostics(uri, (d) => codes(d).includes('SL301'), { source });
  });

  it('hovers the column as the database has it, and counts differences in a CodeLens', async () => {
    const position = new vscode.Position(lineOf(original, 'author!: User'), 4);
    const text = await waitFor('a Schema Lens hover', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
      const all = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
      return all.includes('Schema Lens') && all;
    });
    assert.match(text, /`authorId`.*`integer`, null/);
    assert.match(text, /no foreign key/);
    // The SQL its quick fix would run (SL201: the missing foreign key), previewed in the hover.
    assert.match(text, /\*\*SL201\*\* quick fix — .*\n\n```sql\nALTER TABLE (?:"public"\.)?"post" ADD CONSTRAINT "FK_\w+" FOREIGN KEY \("authorId"\) REFERENCES (?:"public"\.)?"user"\("id"\)/);

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.deepEqual(lenses.map((l) => l.command?.title), ['2 differences']);
    assert.equal(lenses[0].range.start.line, lineOf(original, '@Entity()'));
  });

  it('quick fix writes a migration in the project style; running it clears the diagnostic', async () => {
    const missing = (await waitForDiagnostics(uri, (d) => codes(d).includes('SL201'), { source })).find((d) => diagnosticCode(d) === 'SL201')!;
    const actions = await quickFixes(uri, missing.range);
    const create = actions.find((a) => a.title.startsWith('Create migration: add foreign key'));
    assert.ok(create?.command, `no migration fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(create.isPreferred, true);

    const file = await vscode.commands.executeCommand<string>(create.command.command, ...(create.command.arguments ?? []));
    assert.equal(dirname(file), join(workspaceRoot(), 'src', 'migrations'));
    assert.match(file, /[/\\]\d{13}-\w+\.ts$/);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^import \{ MigrationInterface, QueryRunner \} from 'typeorm';$/m);
    assert.match(text, /export class \w+\d{13} implements MigrationInterface \{/);
    const up = migrationStatements(text, 'up');
    const down = migrationStatements(text, 'down');
    assert.equal(up.length, 1);
    assert.match(up[0], /^ALTER TABLE "(public"\.")?post" ADD CONSTRAINT "\w+" FOREIGN KEY \("authorId"\) REFERENCES "(public"\.")?user"\("id"\)/);
    assert.match(down[0], /^ALTER TABLE "(public"\.")?post" DROP CONSTRAINT "\w+"/);
    await waitFor('the new migration to open in an editor', () => vscode.window.activeTextEditor?.document.uri.fsPath === file);

    await runSql(url!, up);
    await vscode.commands.executeCommand('schemaLens.refresh');
    const after = await waitForDiagnostics(uri, (d) => !codes(d).includes('SL201'), { source });
    assert.deepEqual(codes(after), ['SL301']);
  });
});
