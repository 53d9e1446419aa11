import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentChecksum, readMigrationFiles, timestampOf } from '../../../src/core/migrations/discover';
import { scaffoldMigration } from '../../../src/core/migrations/scaffold';

describe('migrations/discover', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sl-discover-'));
  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('reads class, timestamp, name, transaction flag and static SQL', () => {
    const scaffolded = scaffoldMigration({ name: 'AddEmail', up: ['ALTER TABLE "user" ADD "email" text', "UPDATE \"user\" SET email = 'x'"], down: ['ALTER TABLE "user" DROP COLUMN "email"'], timestamp: 1700000000000 });
    const file = write(scaffolded.fileName, scaffolded.text.replace('implements MigrationInterface {', 'implements MigrationInterface {\n    transaction = false;'));
    const [read] = readMigrationFiles([file]);
    assert.equal(read!.className, 'AddEmail1700000000000');
    assert.equal(read!.name, 'AddEmail1700000000000');
    assert.equal(read!.timestamp, 1700000000000);
    assert.equal(read!.transaction, false);
    assert.deepEqual(read!.upSql, ['ALTER TABLE "user" ADD "email" text', "UPDATE \"user\" SET email = 'x'"]);
    assert.deepEqual(read!.downSql, ['ALTER TABLE "user" DROP COLUMN "email"']);
    assert.deepEqual(read!.problems, []);
    assert.equal(read!.span?.start.line, 2);
  });

  it('marks a method that builds SQL at run time or uses other query runner APIs as not static', () => {
    const file = write('1700000000001-Dynamic.ts', `import { MigrationInterface, QueryRunner, Table } from 'typeorm';
export class Dynamic1700000000001 implements MigrationInterface {
  name = 'RenamedDynamic1700000000001';
  async up(queryRunner: QueryRunner) {
    const t = process.env.TABLE;
    await queryRunner.query(\`DROP TABLE "\${t}"\`);
  }
  async down(qr: QueryRunner) {
    await qr.createTable(new Table({ name: 'user' }));
  }
}
`);
    const [read] = readMigrationFiles([file]);
    assert.equal(read!.name, 'RenamedDynamic1700000000001');
    assert.equal(read!.className, 'Dynamic1700000000001');
    assert.equal(read!.upSql, undefined);
    assert.equal(read!.downSql, undefined);
    assert.equal(read!.transaction, undefined);
    assert.deepEqual(read!.problems.map((p) => p.severity), ['info', 'info']);
    assert.match(read!.problems[1]!.message, /qr\.createTable/);
    assert.equal(read!.problems[0]!.span?.start.line, 5);
  });

  it('reports a class name without a 13-digit timestamp, a file without a migration class, an unreadable file', () => {
    const bad = write('bad.ts', `export class AddThing implements MigrationInterface { async up() {} async down() {} }`);
    const none = write('none.ts', `export const x = 1;`);
    const [a, b, c] = readMigrationFiles([bad, none, join(dir, 'does-not-exist.ts')]);
    assert.match(a!.problems[0]!.message, /13-digit timestamp/);
    assert.deepEqual(a!.upSql, []);
    assert.match(b!.problems[0]!.message, /no migration class/);
    assert.match(c!.problems[0]!.message, /cannot read/);
  });

  it('checksums content, ignoring line-ending style', () => {
    assert.equal(contentChecksum('a\r\nb\n'), contentChecksum('a\nb\n'));
    assert.notEqual(contentChecksum('a\nb\n'), contentChecksum('a\nc\n'));
    assert.equal(timestampOf('X1700000000000'), 1700000000000);
    assert.equal(timestampOf('X170000000000'), undefined);
  });

  it('re-reads a file whose content changed, and hands out frozen cached results no caller can poison', () => {
    const first = scaffoldMigration({ name: 'Cached', up: ['SELECT 1'], down: [], timestamp: 1700000000009 });
    const file = write(first.fileName, first.text);
    const [a] = readMigrationFiles([file]);
    assert.throws(() => a!.upSql!.push('mutated by a caller'), TypeError);
    assert.throws(() => ((a!.statements[0]!.span.start as { line: number }).line = 99), TypeError);
    assert.deepEqual(readMigrationFiles([file])[0]!.upSql, ['SELECT 1']);
    write(first.fileName, scaffoldMigration({ name: 'Cached', up: ['SELECT 2'], down: [], timestamp: 1700000000009 }).text);
    assert.deepEqual(readMigrationFiles([file])[0]!.upSql, ['SELECT 2']);
  });

  it('a file nested too deeply for the parser is a problem in its entry, not an exception (it threw RangeError)', () => {
    const deep = scaffoldMigration({ name: 'Deep', up: ['SELECT 1'], down: [], timestamp: 1700000000010 });
    const file = write(deep.fileName, deep.text.replace('queryRunner.query(', `queryRunner.query(${'() => '.repeat(5_000)}1, `));
    const fine = write(scaffoldMigration({ name: 'Fine', up: ['SELECT 1'], down: [], timestamp: 1700000000011 }).fileName, scaffoldMigration({ name: 'Fine', up: ['SELECT 1'], down: [], timestamp: 1700000000011 }).text);
    const [broken, after] = readMigrationFiles([file, fine]);
    assert.equal(broken!.problems.length, 1);
    assert.match(broken!.problems[0]!.message, /cannot read .*nested too deeply to parse/);
    assert.equal(broken!.problems[0]!.severity, 'error');
    assert.deepEqual(after!.upSql, ['SELECT 1'], 'the next file is read as usual');
  });

  it('reads a file of deeply nested values in time linear in its size (the ts-morph descendant walk grew with the cube of the depth)', () => {
    const spec = scaffoldMigration({ name: 'Nested', up: ['SELECT 1'], down: [], timestamp: 1700000000012 });
    const nested = Array.from({ length: 60 }, () => `${'['.repeat(300)}1${']'.repeat(300)}`).join(', ');
    const text = spec.text.replace('await queryRunner.query(', `const nested = [${nested}];\n        await queryRunner.query(`);
    // CPU time, not wall-clock (the machine is shared), of the fastest of three reads (each of changed
    // content, so none is a cache hit).
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const file = write(spec.fileName, `${text}\n// read ${i}`);
      const cpu = process.cpuUsage();
      const [read] = readMigrationFiles([file]);
      const used = process.cpuUsage(cpu);
      times.push((used.user + used.system) / 1000);
      assert.deepEqual(read!.upSql, ['SELECT 1']);
    }
    // About 50 ms now; over a second before.
    assert.ok(Math.min(...times) < 300, `fastest read took ${Math.round(Math.min(...times))} ms of CPU`);
  });
});
