import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTestProject, type MigrationSpec, nameOf, type TestProject } from './project';

const repo = resolve(__dirname, '../../..');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<Outcome> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'src/cli/main.ts'), ...args], { cwd: repo, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

const slow: MigrationSpec = {
  name: 'SlowCreate',
  timestamp: 1700000000000,
  up: ['CREATE TABLE "counter" ("id" SERIAL PRIMARY KEY, "note" text)', 'SELECT pg_sleep(3)', `INSERT INTO "counter" ("note") VALUES ('ran')`],
  down: ['DROP TABLE "counter"'],
};

describe('migrations CLI: status, migrate, revert, restore, concurrent runners (real PostgreSQL)', function () {
  this.timeout(180_000);
  let project: TestProject;
  let common: string[];
  beforeEach(async () => {
    project = await createTestProject('cli');
    common = ['--root', project.root, '--db', project.db.url, '--migrations', 'migrations/*.ts'];
  });
  afterEach(async () => {
    await project.dispose();
  });

  it('two concurrent migrate processes: the second waits for the first, nothing runs twice', async () => {
    project.write(slow);
    const [a, b] = await Promise.all([cli(['migrate', ...common, '--json']), cli(['migrate', ...common, '--json'])]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const executed = [JSON.parse(a.stdout).executed, JSON.parse(b.stdout).executed].sort((x, y) => y.length - x.length);
    assert.deepEqual(executed, [[nameOf(slow)], []]);
    assert.deepEqual(await project.executedNames(), [nameOf(slow)]);
    assert.deepEqual(await project.query('SELECT note FROM counter'), [{ note: 'ran' }]);
    // The waiting one said so.
    assert.match(a.stderr + b.stderr, /waiting for another migration run to finish/);
  });

  it('a second runner with a short lock timeout refuses with a message and runs nothing', async () => {
    project.write(slow);
    const first = cli(['migrate', ...common]);
    // Start the second once the first holds the lock (it is inside pg_sleep).
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [row] = await project.query<{ n: string }>(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
      if (Number(row!.n) > 0) break;
      assert.ok(Date.now() < deadline, 'the first migrate never took the lock');
      await new Promise((r) => setTimeout(r, 50));
    }
    const second = await cli(['migrate', ...common, '--lock-timeout', '200']);
    assert.equal(second.code, 2);
    assert.match(second.stderr, /another migration run holds the lock/);
    assert.equal((await first).code, 0);
    assert.deepEqual(await project.executedNames(), [nameOf(slow)]);
  });

  it('status --check exits 1 while something is pending and 0 after migrate; revert --yes backs up; restore verifies', async () => {
    const users: MigrationSpec = {
      name: 'Users',
      timestamp: 1700000000000,
      up: ['CREATE TABLE "user" ("id" SERIAL PRIMARY KEY, "name" text)', `INSERT INTO "user" ("name") VALUES ('a'), ('b')`],
      down: ['DROP TABLE "user"'],
    };
    const bio: MigrationSpec = { name: 'Bio', timestamp: 1700000001000, up: ['ALTER TABLE "user" ADD "bio" text', `UPDATE "user" SET "bio" = 'hi ' || "name"`], down: ['ALTER TABLE "user" DROP COLUMN "bio"'] };
    project.write(users);
    project.write(bio);
    const pending = await cli(['status', ...common, '--check', '--json']);
    assert.equal(pending.code, 1, pending.stderr);
    assert.deepEqual(JSON.parse(pending.stdout).migrations.map((m: { state: string }) => m.state), ['pending', 'pending']);
    assert.equal((await cli(['migrate', ...common])).code, 0);
    const clean = await cli(['status', ...common, '--check']);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /executed #2\s+Bio1700000001000/);

    const declined = await cli(['revert', ...common]);
    assert.equal(declined.code, 2);
    assert.match(declined.stderr, /drops column user\.bio .*\(2 rows at stake\)[\s\S]*pass --yes/);
    assert.deepEqual(await project.executedNames(), [nameOf(users), nameOf(bio)]);

    const reverted = await cli(['revert', ...common, '--yes', '--json']);
    assert.equal(reverted.code, 0, reverted.stderr);
    const output = JSON.parse(reverted.stdout);
    assert.deepEqual(output.reverted, [nameOf(bio)]);
    assert.ok(existsSync(join(project.root, output.backup)));
    assert.equal((await cli(['migrate', ...common])).code, 0);
    const restored = await cli(['restore', output.backup, ...common]);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, /restored public\.user: 2 rows, checksum verified/);
    assert.deepEqual(await project.query('SELECT bio FROM "user" ORDER BY id'), [{ bio: 'hi a' }, { bio: 'hi b' }]);
  });

  it('create writes an empty migration that status then lists as pending', async () => {
    const created = await cli(['create', 'add things', ...common, '--json']);
    assert.equal(created.code, 0, created.stderr);
    const { file, className } = JSON.parse(created.stdout);
    assert.match(className, /^AddThings\d{13}$/);
    assert.ok(existsSync(join(project.root, file)));
    const status = await cli(['status', ...common, '--json']);
    assert.deepEqual(JSON.parse(status.stdout).migrations.map((m: { name: string; state: string }) => [m.name, m.state]), [[className, 'pending']]);
  });
});
