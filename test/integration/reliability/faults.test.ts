// Database faults on a real PostgreSQL, through the CLI binary run with
// --unhandled-rejections=strict: a server down at start (and back), refused, a wrong password, TLS
// required, a lock that makes the catalog reads wait (slow server, the timeout hit) and a backend
// terminated while it waits. `check`, `status` and `health` exit 2 with one line naming the fault, within the
// configured timeout, and never die of an unhandled rejection; the commands that write honour
// --timeout while connecting.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import type pg from 'pg';
import { type CliRun, startCli } from '../support/cli';
import { freePort } from '../support/postgres';
import { waitFor } from '../support/wait';
import { ownServer, type OwnServer } from './servers';
import { runInProcess, secretProject, SECRET, type SecretProject } from './support';

const STRICT = { NODE_OPTIONS: '--unhandled-rejections=strict' };

/** Exit 2, one line `schema-lens <command>: ...` matching `pattern`, no stack, no password. */
function assertFault(run: CliRun, command: string, pattern: RegExp): void {
  const lines = run.stderr.split('\n').filter((line) => line.trim() && !/^schema-lens: (warning|info): /.test(line));
  assert.equal(run.code, 2, `exit code of ${command}; stderr:\n${run.stderr}`);
  assert.ok(!/Unhandled|^\s+at /m.test(run.stderr), `no crash:\n${run.stderr}`);
  const line = lines.find((candidate) => candidate.startsWith(`schema-lens ${command}: `) || candidate.startsWith('schema-lens: error: '));
  assert.ok(line, `a line naming the fault:\n${run.stderr}`);
  assert.match(run.stderr, pattern);
  assert.ok(!run.stderr.includes(SECRET), 'never the password');
}

function cli(args: string[]): Promise<CliRun> {
  return startCli(args, STRICT).done;
}

describe('database faults: a clear error, exit 2, within the timeout', function () {
  this.timeout(240_000);
  let project: SecretProject;

  let backupFile: string;

  before(async () => {
    project = await secretProject('faults');
    // The example's schema, so the catalog reads meet its CHECK constraint and migrations table.
    const migrated = await runInProcess(['migrate', '--root', project.root, '--db', project.url]);
    assert.equal(migrated.code, 0, migrated.stderr);
    const backup = await runInProcess(['backup', '--root', project.root, '--db', project.url, '--json']);
    assert.equal(backup.code, 0, backup.stderr);
    backupFile = JSON.parse(backup.stdout).file;
  });
  after(async () => {
    await project?.dispose();
  });

  it('status: a configured database that rejects the password exits 2, the files still listed (it exited 0)', async () => {
    const run = await cli(['status', '--root', project.root, '--db', project.wrongUrl]);
    assertFault(run, 'status', /authentication failed/);
    assert.match(run.stdout, /InitialSchema1700000000000/);
    const json = await cli(['status', '--root', project.root, '--db', project.wrongUrl, '--json']);
    assert.equal(json.code, 2, json.stderr);
    assert.equal(JSON.parse(json.stdout).connected, false);
  });

  it('check, status and health: wrong password and refused port', async () => {
    const refused = project.url.replace(/:\d+\//, `:${await freePort()}/`);
    for (const command of ['check', 'status', 'health']) {
      assertFault(await cli([command, '--root', project.root, '--db', project.wrongUrl]), command, /authentication failed.*\[28P01\]/);
      assertFault(await cli([command, '--root', project.root, '--db', refused, '--timeout', '2000']), command, /connection refused/);
    }
  });

  it('migrate, revert, backup and restore stop connecting at --timeout (they waited 10 s)', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `postgres://app:pw@127.0.0.1:${(silent.address() as { port: number }).port}/app`;
    try {
      for (const command of [['migrate'], ['revert', '--yes'], ['backup'], ['restore', backupFile]]) {
        const run = await runInProcess([...command, '--root', project.root, '--db', url, '--timeout', '1000']);
        assert.equal(run.code, 2, `${command[0]}: ${run.stderr}`);
        assert.match(run.stderr, /timeout/i, command[0]);
        // Well under the 10 s it waited before, with room for a loaded machine.
        assert.ok(run.ms < 1_000 + 4_000, `${command[0]} took ${run.ms} ms with --timeout 1000`);
      }
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  describe('a catalog read that waits on a lock', () => {
    let locker: pg.Client;
    beforeEach(async () => {
      // What a migration's ALTER TABLE holds: the catalog reads that print the CHECK of tasks, and the
      // history read of the migrations table, wait for it.
      locker = await project.db.connect();
      await locker.query('BEGIN; LOCK TABLE tasks, migrations IN ACCESS EXCLUSIVE MODE');
    });
    afterEach(async () => {
      await locker.query('ROLLBACK').catch(() => {});
      await locker.end();
    });

    it('check, status and health time out at --timeout (slow server: lock_timeout / statement_timeout)', async () => {
      for (const command of ['check', 'status', 'health']) {
        const started = Date.now();
        const run = await runInProcess([command, '--root', project.root, '--db', project.url, '--timeout', '1500']);
        const ms = Date.now() - started;
        assert.equal(run.code, 2, `${command}: ${run.stderr}`);
        assert.match(run.stderr, /timed out|statement timeout|lock timeout/, command);
        assert.ok(ms >= 1_400 && ms < 1_500 + 4_000, `${command} took ${ms} ms with --timeout 1500`);
      }
    });

    it('check, status and health: the backend terminated while it waits is "connection lost", at once', async () => {
      for (const command of ['check', 'status', 'health']) {
        const running = startCli([command, '--root', project.root, '--db', project.url, '--timeout', '60000'], STRICT);
        let pid: number | undefined;
        await waitFor(async () => {
          // From a connection of its own: inside the locker's transaction pg_stat_activity is a snapshot.
          const rows = await project.db.rows<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'schema-lens' AND wait_event_type = 'Lock'");
          pid = rows[0]?.pid;
          return pid !== undefined;
        }, `${command} to wait on the lock:\n${running.stderr()}`);
        const terminatedAt = Date.now();
        await locker.query('SELECT pg_terminate_backend($1)', [pid]);
        const run = await running.done;
        assertFault(run, command, /connection lost|terminat/i);
        // Far sooner than the 60 s timeout: the loss itself is the answer.
        assert.ok(Date.now() - terminatedAt < 15_000, `${command} took ${Date.now() - terminatedAt} ms after the termination`);
      }
    });
  });

  describe('a server of its own', () => {
    let server: OwnServer | undefined;
    afterEach(async () => {
      await server?.dispose();
      server = undefined;
    });

    it('down at start: refused; once it is up, the same command succeeds', async () => {
      server = await ownServer();
      for (const command of ['check', 'status', 'health']) assertFault(await cli([command, '--root', project.root, '--db', server.url, '--timeout', '3000']), command, /connection refused/);
      await server.start();
      const check = await cli(['check', '--root', project.root, '--db', server.url, '--timeout', '10000']);
      assert.equal(check.code, 1, `findings (its database is empty), not a fault:\n${check.stderr}`);
      const status = await cli(['status', '--root', project.root, '--db', server.url, '--json']);
      assert.equal(status.code, 0, status.stderr);
      assert.equal(JSON.parse(status.stdout).connected, true);
    });

    it('TLS required: without TLS a clear refusal; with sslmode=no-verify it works; an unverifiable certificate is named', async () => {
      server = await ownServer({ tls: true });
      await server.start();
      for (const command of ['check', 'status', 'health']) {
        assertFault(await cli([command, '--root', project.root, '--db', server.url, '--timeout', '5000']), command, /no encryption|SSL|TLS/i);
        assertFault(await cli([command, '--root', project.root, '--db', `${server.url}?sslmode=require`, '--timeout', '5000']), command, /certificate/i);
      }
      const check = await cli(['check', '--root', project.root, '--db', `${server.url}?sslmode=no-verify`, '--timeout', '10000']);
      assert.equal(check.code, 1, check.stderr);
      const status = await cli(['status', '--root', project.root, '--db', `${server.url}?sslmode=no-verify`, '--json']);
      assert.equal(status.code, 0, status.stderr);
      assert.equal(JSON.parse(status.stdout).connected, true);
    });
  });
});
