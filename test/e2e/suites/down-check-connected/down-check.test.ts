// SL624 with a real database connected: the comparison stays the database, and the migrations'
// down() are checked on the embedded database beside it (shadow.enabled, the default), never on the
// user's. A migration whose down() leaves its index behind gets SL624 on down() without being
// opened; once its down() drops the index, the finding goes.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticCode, e2ePostgresUrl, waitForDiagnostics, workspaceUri } from '../../support';
import { connectAfterInit, queryRows } from '../../support/sql';

const source = 'Schema Lens';
const file = 'src/migrations/1700000100000-TitleIndex.ts';
const migration = (down: string) => `import { MigrationInterface, QueryRunner } from 'typeorm';

export class TitleIndex1700000100000 implements MigrationInterface {
  name = 'TitleIndex1700000100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "IDX_post_title" ON "post" ("title")');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {${down}}
}
`;

describe('editor: SL624 (down() does not undo up()) with a database connected', () => {
  const url = e2ePostgresUrl();

  before(async () => {
    await connectAfterInit(url);
  });

  it('shows SL624 on the down() of a migration nobody opened, checked on the embedded database, not the connected one', async () => {
    await vscode.workspace.fs.writeFile(workspaceUri(file), Buffer.from(migration('')));
    const diagnostics = await waitForDiagnostics(workspaceUri(file), (d) => d.some((x) => diagnosticCode(x) === 'SL624'), { source, timeoutMs: 90_000 });
    const leftOver = diagnostics.find((d) => diagnosticCode(d) === 'SL624')!;
    assert.match(leftOver.message, /down\(\) leaves index IDX_post_title \("title"\) on table "post"/);
    assert.equal(leftOver.range.start.line, 9, 'on down()');
    // The connected database was only read: the migration never ran there.
    const ran = await queryRows(url!, `SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'IDX_post_title'`);
    assert.deepEqual(ran, [{ n: 0 }]);
    assert.equal(vscode.workspace.textDocuments.some((document) => document.uri.fsPath === workspaceUri(file).fsPath), false, 'not opened');
  });

  it('drops SL624 once down() undoes up()', async () => {
    await vscode.workspace.fs.writeFile(workspaceUri(file), Buffer.from(migration(`\n    await queryRunner.query('DROP INDEX "IDX_post_title"');\n  `)));
    await waitForDiagnostics(workspaceUri(file), (d) => !d.some((x) => diagnosticCode(x) === 'SL624'), { source, timeoutMs: 90_000 });
  });
});
