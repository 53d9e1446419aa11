// With a migration not yet run on the database, `check` leads with it (issue 20, point 3): the
// first thing printed is the pending migration and what to run, and the findings it explains —
// those on the tables its up() changes — are listed under it, not as a wall of errors before it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const USER = `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  email!: string | null;
}
`;

const NOTE = `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('notes')
export class Note {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('text')
  body!: string;

  @Column('text', { nullable: true })
  colour!: string | null;
}
`;

function migration(className: string, up: string[], down: string[]): string {
  const calls = (statements: string[]) => statements.map((sql) => `    await queryRunner.query(\`${sql}\`);`).join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
${calls(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${calls(down)}
  }
}
`;
}

describe('check leads with the pending migration (real PostgreSQL)', function () {
  this.timeout(120_000);
  let root: string;
  let db: TestDatabase;
  let args: string[];

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'sl-pending-first-'));
    mkdirSync(join(root, 'migrations'));
    writeFileSync(join(root, 'user.entity.ts'), USER);
    writeFileSync(join(root, 'note.entity.ts'), NOTE);
    writeFileSync(join(root, 'migrations/1700000000000-Init.ts'), migration('Init1700000000000',
      ['CREATE TABLE "users" ("id" SERIAL NOT NULL, "name" text NOT NULL, CONSTRAINT "PK_users" PRIMARY KEY ("id"))', 'CREATE TABLE "notes" ("id" SERIAL NOT NULL, "body" text NOT NULL, CONSTRAINT "PK_notes" PRIMARY KEY ("id"))'],
      ['DROP TABLE "notes"', 'DROP TABLE "users"']));
    db = await createTestDatabase('pending_first');
    args = ['--root', root, '--db', db.url, '--entities', '*.entity.ts', '--migrations', 'migrations/*.ts'];
    assert.equal((await runCli(['migrate', ...args])).code, 0);
    // Written after the database ran Init: pending. It adds users.email; notes.colour stays missing.
    writeFileSync(join(root, 'migrations/1700000001000-AddEmail.ts'), migration('AddEmail1700000001000', ['ALTER TABLE "users" ADD "email" text'], ['ALTER TABLE "users" DROP COLUMN "email"']));
  });
  after(async () => {
    await db?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('prints the pending migration first, with the finding it explains under it', async () => {
    const run = await runCli(['check', ...args, '--fail-on', 'never']);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], '1 pending migration has not run on this database: run it first, then check again', run.stdout);
    assert.equal(lines[1], '    help: `schema-lens migrate` runs it (`schema-lens status` lists them)');
    assert.equal(lines[2], '  migrations/1700000001000-AddEmail.ts  AddEmail1700000001000 changes users; this finding is on that table:');
    assert.match(lines[3]!, /^ {4}user\.entity\.ts:\d+:\d+ {2}error {3}SL102 {2}Column users\.email/);
    // A finding on a table it does not change keeps its place, after the pending block.
    const rest = lines.slice(lines.indexOf('', 3));
    assert.ok(rest.some((line) => /^ {2}note\.entity\.ts:\d+:\d+ {2}error {3}SL102 {2}Column notes\.colour/.test(line)), run.stdout);
    // The pending migration is not listed a second time as an SL401 line.
    assert.doesNotMatch(run.stdout, /SL401/);
  });

  it('once it ran, the block is gone and so is the finding it explained', async () => {
    assert.equal((await runCli(['migrate', ...args])).code, 0);
    const run = await runCli(['check', ...args, '--fail-on', 'never']);
    assert.doesNotMatch(run.stdout, /pending migration/);
    assert.doesNotMatch(run.stdout, /users\.email/);
    assert.match(run.stdout, /notes\.colour/);
  });
});
