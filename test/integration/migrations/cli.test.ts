import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, startCli } from '../support/cli';
import { waitFor } from '../support/wait';
import { createTestProject, type MigrationSpec, nameOf, type TestProject } from './project';

/**
 * An advisory lock the test holds: the migration below waits at it (inside its transaction, after
 * taking the migration lock) until the test lets it go. Whatever the machine's speed, the other
 * runner meets a held lock — no sleep decides it.
 */
const GATE = 4242;
const gated: MigrationSpec = {
  name: 'GatedCreate',
  timestamp: 1700000000000,
  up: ['CREATE TABLE "counter" ("id" SERIAL PRIMARY KEY, "note" text)', `SELECT pg_advisory_xact_lock(${GATE})`, `INSERT INTO "counter" ("note") VALUES ('ran')`],
  down: ['DROP TABLE "counter"'],
};

/** Whether a session waits at the gate, i.e. a runner is inside the gated migration. */
async function waitingAtGate(project: TestProject): Promise<boolean> {
  const [row] = await project.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = 0 AND objid = ${GATE} AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return Number(row!.n) > 0;
}

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
    project.write(gated);
    const gate = await project.db.connect();
    try {
      await gate.query('SELECT pg_advisory_lock($1)', [GATE]);
      const runners = [startCli(['migrate', ...common, '--json']), startCli(['migrate', ...common, '--json'])];
      // One is inside the migration; the other meets its lock and says it waits.
      await waitFor(() => waitingAtGate(project), `no migrate reached the migration:\n${runners.map((r) => r.stderr()).join('\n')}`);
      await waitFor(() => runners.some((r) => /waiting for another migration run to finish/.test(r.stderr())), `neither migrate said it waits:\n${runners.map((r) => r.stderr()).join('\n')}`);
      await gate.query('SELECT pg_advisory_unlock($1)', [GATE]);
      const [a, b] = await Promise.all(runners.map((r) => r.done));
      assert.equal(a!.code, 0, a!.stderr);
      assert.equal(b!.code, 0, b!.stderr);
      const executed = [JSON.parse(a!.stdout).executed, JSON.parse(b!.stdout).executed].sort((x, y) => y.length - x.length);
      assert.deepEqual(executed, [[nameOf(gated)], []]);
    } finally {
      await gate.end();
    }
    assert.deepEqual(await project.executedNames(), [nameOf(gated)]);
    assert.deepEqual(await project.query('SELECT note FROM counter'), [{ note: 'ran' }]);
  });

  it('a second runner with a short lock timeout refuses with a message and runs nothing', async () => {
    project.write(gated);
    const gate = await project.db.connect();
    try {
      await gate.query('SELECT pg_advisory_lock($1)', [GATE]);
      const first = startCli(['migrate', ...common]);
      // Start the second once the first holds the migration lock: it waits at the gate inside the migration.
      await waitFor(() => waitingAtGate(project), `the first migrate never reached the migration:\n${first.stderr()}`);
      const second = await runCli(['migrate', ...common, '--lock-timeout', '200']);
      assert.equal(second.code, 2, second.stderr);
      assert.match(second.stderr, /another migration run holds the lock/);
      await gate.query('SELECT pg_advisory_unlock($1)', [GATE]);
      const outcome = await first.done;
      assert.equal(outcome.code, 0, outcome.stderr);
    } finally {
      await gate.end();
    }
    assert.deepEqual(await project.executedNames(), [nameOf(gated)]);
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
    const pending = await runCli(['status', ...common, '--check', '--json']);
    assert.equal(pending.code, 1, pending.stderr);
    assert.deepEqual(JSON.parse(pending.stdout).migrations.map((m: { state: string }) => m.state), ['pending', 'pending']);
    assert.equal((await runCli(['migrate', ...common])).code, 0);
    const clean = await runCli(['status', ...common, '--check']);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /executed #2\s+Bio1700000001000/);

    const declined = await runCli(['revert', ...common]);
    assert.equal(declined.code, 2);
    assert.match(declined.stderr, /drops column user\.bio .*\(2 rows at stake\)[\s\S]*pass --yes/);
    assert.deepEqual(await project.executedNames(), [nameOf(users), nameOf(bio)]);

    const reverted = await runCli(['revert', ...common, '--yes', '--json']);
    assert.equal(reverted.code, 0, reverted.stderr);
    const output = JSON.parse(reverted.stdout);
    assert.deepEqual(output.reverted, [nameOf(bio)]);
    assert.ok(existsSync(join(project.root, output.backup)));
    assert.equal((await runCli(['migrate', ...common])).code, 0);
    const restored = await runCli(['restore', output.backup, ...common]);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, /restored public\.user: 2 rows, checksum verified/);
    assert.deepEqual(await project.query('SELECT bio FROM "user" ORDER BY id'), [{ bio: 'hi a' }, { bio: 'hi b' }]);
  });

  it('create writes an empty migration that status then lists as pending', async () => {
    const created = await runCli(['create', 'add things', ...common, '--json']);
    assert.equal(created.code, 0, created.stderr);
    const { file, className } = JSON.parse(created.stdout);
    assert.match(className, /^AddThings\d{13}$/);
    assert.ok(existsSync(join(project.root, file)));
    const status = await runCli(['status', ...common, '--json']);
    assert.deepEqual(JSON.parse(status.stdout).migrations.map((m: { name: string; state: string }) => [m.name, m.state]), [[className, 'pending']]);
  });
});
