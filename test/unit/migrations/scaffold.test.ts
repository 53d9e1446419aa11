import assert from 'node:assert/strict';
import ts from 'typescript';
import {
  defaultMigrationStyle,
  detectMigrationStyle,
  migrationClassBaseName,
  scaffoldMigration,
} from '../../../src/core/migrations/scaffold';

/** The string values of every queryRunner.query(...) argument in a TypeScript text, as the compiler reads them. */
function queryArguments(text: string): string[] {
  const file = ts.createSourceFile('m.ts', text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.getText(file) === 'queryRunner.query') {
      const arg = node.arguments[0]!;
      assert.ok(ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg), `static literal: ${arg.getText(file)}`);
      found.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function syntaxErrors(text: string): string[] {
  const out = ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('migrations/scaffold', () => {
  const tricky = [
    'ALTER TABLE "user" ADD "email" character varying NOT NULL DEFAULT \'none\'',
    "COMMENT ON COLUMN \"user\".\"bio\" IS 'it''s `code` and ${not a substitution} \\ backslash'",
    'CREATE FUNCTION f() RETURNS int AS $$\nSELECT 1\n$$ LANGUAGE sql',
  ];

  it('writes the class TypeORM expects: name + 13-digit timestamp, name property, up/down per statement', () => {
    const result = scaffoldMigration({ name: 'add user email', up: [tricky[0]!], down: ['ALTER TABLE "user" DROP COLUMN "email"'], timestamp: 1700000000000 });
    assert.equal(result.className, 'AddUserEmail1700000000000');
    assert.equal(result.fileName, '1700000000000-AddUserEmail.ts');
    assert.match(result.text, /export class AddUserEmail1700000000000 implements MigrationInterface \{/);
    assert.match(result.text, /name = "AddUserEmail1700000000000";/);
    assert.match(result.text, /import \{ MigrationInterface, QueryRunner \} from "typeorm";/);
    assert.deepEqual(queryArguments(result.text), [tricky[0], 'ALTER TABLE "user" DROP COLUMN "email"']);
    assert.deepEqual(syntaxErrors(result.text), []);
  });

  for (const quote of ["'", '"', '`'] as const) {
    it(`escapes SQL exactly inside ${quote}-quoted literals`, () => {
      const result = scaffoldMigration({ name: 'Tricky', up: tricky, down: [...tricky].reverse(), timestamp: 1700000000001, style: { ...defaultMigrationStyle, quote } });
      assert.deepEqual(queryArguments(result.text), [...tricky, ...[...tricky].reverse()]);
      assert.deepEqual(syntaxErrors(result.text), []);
    });
  }

  it('writes empty up/down for an empty migration and defaults the timestamp to now', () => {
    const before = Date.now();
    const result = scaffoldMigration({ name: 'Empty', up: [], down: [] });
    const timestamp = Number(/Empty(\d{13})/.exec(result.className)![1]);
    assert.ok(timestamp >= before && timestamp <= Date.now());
    assert.deepEqual(queryArguments(result.text), []);
    assert.deepEqual(syntaxErrors(result.text), []);
  });

  it('refuses a timestamp that is not 13 digits', () => {
    assert.throws(() => scaffoldMigration({ name: 'X', up: [], down: [], timestamp: 170000000 }), /13 digits/);
  });

  it('makes class names valid identifiers', () => {
    assert.equal(migrationClassBaseName('add-user_email'), 'AddUserEmail');
    assert.equal(migrationClassBaseName('addUserEmail'), 'AddUserEmail');
    assert.equal(migrationClassBaseName('2fa codes'), 'Migration2faCodes');
    assert.equal(migrationClassBaseName('!!'), 'Migration');
  });

  it('detects the quote, indent and semicolons of existing migrations', () => {
    const existing = [
      "import { MigrationInterface, QueryRunner } from 'typeorm'\n\nexport class A1700000000000 implements MigrationInterface {\n  name = 'A1700000000000'\n\n  public async up(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.query('CREATE TABLE a (id int)')\n    await queryRunner.query('CREATE TABLE b (id int)')\n  }\n\n  public async down(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.query('DROP TABLE a')\n  }\n}\n",
    ];
    assert.deepEqual(detectMigrationStyle(existing), { ...defaultMigrationStyle, quote: "'", indent: '  ', semicolons: false });
    const scaffolded = scaffoldMigration({ name: 'B', up: ['SELECT 1'], down: [], timestamp: 1700000000002, style: detectMigrationStyle(existing) });
    assert.match(scaffolded.text, /\n  name = 'B1700000000002'\n/);
    assert.match(scaffolded.text, /\n    await queryRunner\.query\('SELECT 1'\)\n/);
    // Round trip: the scaffolded file has the style it was given.
    assert.deepEqual(detectMigrationStyle([scaffolded.text]), { ...defaultMigrationStyle, quote: "'", indent: '  ', semicolons: false });
  });

  it("uses TypeORM's own style when there is nothing to learn from", () => {
    assert.deepEqual(detectMigrationStyle([]), defaultMigrationStyle);
    assert.deepEqual(detectMigrationStyle([scaffoldMigration({ name: 'C', up: ['SELECT 1'], down: ['SELECT 2'], timestamp: 1700000000003 }).text]), defaultMigrationStyle);
  });

  it('names the file the way most existing migration files are named', () => {
    const named = (files: string[]) => scaffoldMigration({ name: 'add user email', up: [], down: [], timestamp: 1700000000004, style: detectMigrationStyle([], files) }).fileName;
    assert.equal(named([]), '1700000000004-AddUserEmail.ts', "TypeORM's own naming by default");
    assert.equal(named(['src/migrations/1690000000000-create-users.ts', 'src/migrations/1690000000001-add-posts.ts']), '1700000000004-add-user-email.ts');
    assert.equal(named(['1690000000000_create_users.ts', '1690000000001_add_posts.js', '1690000000002-Odd.ts']), '1700000000004_add_user_email.ts');
    assert.equal(named(['CreateUsers1690000000000.ts', 'AddPosts1690000000001.ts']), 'AddUserEmail1700000000004.ts');
    assert.equal(named(['createUsers.1690000000000.ts']), 'addUserEmail.1700000000004.ts');
    // Files without a 13-digit timestamp at either end say nothing.
    assert.equal(named(['index.ts', 'helpers/sql.ts']), '1700000000004-AddUserEmail.ts');
  });
});
