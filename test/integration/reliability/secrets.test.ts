// Secrets: a distinctive password reaches the CLI through --db and through the project's .env, and
// every command runs with it, successfully and against databases that fail (wrong password, refused,
// a server that never answers, a malformed URL). Nothing the run produces shows it: stdout, stderr,
// every file written under the project (backups unpacked, their names, the docs pages), for text,
// JSON and SARIF; health, lint and docs included.
// The commands run in this process (support.ts runInProcess); connection-failures.test.ts and the
// fault tests run the binary itself.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { CliRun } from '../support/cli';
import { freePort } from '../support/postgres';
import { leakIn, runInProcess, searchableContent, SECRET, SECRET_CORE, secretProject, snapshotFiles, writtenFiles, type SecretProject } from './support';

interface Ran {
  args: string[];
  run: CliRun;
}

describe('secrets: the password never appears in any output or artefact', function () {
  this.timeout(300_000);
  let project: SecretProject;
  let inputs: Map<string, string>;
  const ran: Ran[] = [];

  async function cli(args: string[], expectedCode?: number): Promise<CliRun> {
    const run = await runInProcess(args);
    ran.push({ args, run });
    if (expectedCode !== undefined) assert.equal(run.code, expectedCode, `${args.join(' ')}\n${run.stderr}`);
    return run;
  }

  before(async () => {
    project = await secretProject('secrets');
    // The project's own configuration carries the password too (the example's DataSource reads DATABASE_URL).
    writeFileSync(join(project.root, '.env'), `DATABASE_URL=${project.url}\n`);
    inputs = snapshotFiles(project.root);
  });
  after(async () => {
    await project?.dispose();
  });

  it('the test password is distinctive and the role really uses it', () => {
    assert.ok(SECRET.includes(SECRET_CORE) && encodeURIComponent(SECRET).includes(SECRET_CORE));
    assert.ok(project.url.includes(SECRET_CORE), 'the URL carries it');
  });

  it('every command, with the password in --db and in .env, on a reachable database', async () => {
    const root = ['--root', project.root];
    const db = [...root, '--db', project.url];
    await cli(['status', ...db], 0);
    await cli(['migrate', ...db, '--json'], 0);
    await project.db.exec(`
      INSERT INTO organizations (name, slug) VALUES ('Acme', 'acme');
      INSERT INTO users (email, "displayName", "organizationId") SELECT 'a@x.io', 'A', id FROM organizations;
      INSERT INTO projects (title, "organizationId") SELECT 'P', id FROM organizations;
      INSERT INTO tasks (title, "projectId") SELECT 'T', id FROM projects;`);
    for (const format of ['text', 'json', 'sarif']) await cli(['check', ...db, '--format', format, '--fail-on', 'never'], 0);
    for (const format of ['text', 'json', 'sarif']) await cli(['check', ...root, '--format', format, '--fail-on', 'never'], 0);
    await cli(['model', ...db, '--json'], 0);
    for (const format of ['text', 'json', 'sarif']) {
      await cli(['health', ...db, '--format', format, '--fail-on', 'never'], 0);
      await cli(['lint', ...db, '--format', format, '--fail-on', 'never'], 0);
    }
    await cli(['health', ...root, '--fail-on', 'never'], 0);
    await cli(['docs', ...db, '--out', join(project.root, 'docs-db')], 0);
    await cli(['docs', ...root, '--out', join(project.root, 'docs-env'), '--format', 'json'], 0);
    await cli(['model', ...root], 0);
    await cli(['status', ...root, '--json'], 0);
    await cli(['status', ...db, '--check'], 0);
    const backup = await cli(['backup', ...db, '--json'], 0);
    await cli(['backup', ...root], 0);
    await cli(['generate', 'FixDrift', ...db, '--json'], 0);
    await cli(['create', 'Empty', ...root], 0);
    // The generated migration runs, then the revert backs up what its down() drops.
    await cli(['migrate', ...root], 0);
    await cli(['generate', 'NothingLeft', ...root], 0);
    await cli(['revert', ...db, '--yes'], 0);
    const reverted = await cli(['revert', ...root, '--yes', '--json', '--to', 'InitialSchema1700000000000'], 0);
    assert.ok(JSON.parse(reverted.stdout).backup, 'the revert took a backup');
    await cli(['migrate', ...db], 0);
    await cli(['restore', JSON.parse(backup.stdout).file, ...db], 0);
    await cli(['restore', JSON.parse(reverted.stdout).backup, ...root, '--json'], 0);
    for (const { args, run } of ran) {
      assert.equal(leakIn(run.stdout), undefined, `stdout of ${args[0]}`);
      assert.equal(leakIn(run.stderr), undefined, `stderr of ${args[0]}`);
    }
  });

  it('every command against a wrong password, a refused port, a silent server and malformed URLs: exit 2, no password', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as { port: number }).port;
    const refusedPort = await freePort();
    const role = encodeURIComponent(project.role);
    const encoded = encodeURIComponent(SECRET);
    const urls = {
      'wrong password': project.wrongUrl,
      refused: `postgres://${role}:${encoded}@127.0.0.1:${refusedPort}/app`,
      silent: `postgres://${role}:${encoded}@127.0.0.1:${silentPort}/app`,
      // The password typed as is: its '/', '#' and '@' break the URL apart.
      'unencoded password': `postgres://${role}:${SECRET}@127.0.0.1:${refusedPort}/app`,
      'invalid port': `postgres://${role}:${encoded}@127.0.0.1:99999/app`,
    };
    const commands: string[][] = [
      ['check', '--format', 'json'], ['check', '--format', 'sarif'], ['check'], ['status', '--json'], ['status'], ['migrate'], ['revert', '--yes'], ['backup'],
      ['generate', 'Nope'], ['model'], ['restore', 'none.snapshot.json.gz'], ['health', '--format', 'sarif'], ['lint', '--format', 'json'], ['docs', '--out', join(project.root, 'docs-fail')],
    ];
    // Every command meets the password's and the timeout's failures; a sample meets the others.
    const sample = new Set(['check', 'status', 'migrate', 'backup', 'health']);
    try {
      for (const [kind, url] of Object.entries(urls)) {
        for (const command of commands.filter((c) => kind === 'wrong password' || kind === 'silent' || sample.has(c[0]!))) {
          const lock = command[0] === 'migrate' || command[0] === 'revert' ? ['--lock-timeout', '1500'] : [];
          const run = await cli([...command, '--root', project.root, '--db', url, '--timeout', '1500', ...lock]);
          assert.equal(leakIn(run.stdout), undefined, `${kind}: stdout of ${command.join(' ')}`);
          assert.equal(leakIn(run.stderr), undefined, `${kind}: stderr of ${command.join(' ')}: ${run.stderr}`);
          // lint goes on without the database (a warning, the files alone); the others stop.
          assert.equal(run.code, command[0] === 'lint' ? 0 : 2, `${kind}: ${command.join(' ')} exit code\n${run.stderr}`);
        }
      }
      // The project's .env with a wrong password: the discovered connection fails the same way.
      writeFileSync(join(project.root, '.env'), `DATABASE_URL=${project.wrongUrl}\n`);
      // (model reads a database only from --db.)
      for (const command of commands.filter((c) => c[0] !== 'model')) {
        const run = await cli([...command, '--root', project.root]);
        assert.equal(leakIn(`${run.stdout}\n${run.stderr}`), undefined, `.env wrong password: ${command.join(' ')}: ${run.stderr}`);
        assert.equal(run.code, command[0] === 'lint' ? 0 : 2, `.env wrong password: ${command.join(' ')}\n${run.stderr}`);
      }
    } finally {
      writeFileSync(join(project.root, '.env'), `DATABASE_URL=${project.url}\n`);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('no file the commands wrote, nor its name, contains the password', () => {
    const written = writtenFiles(project.root, inputs).filter((file) => file !== '.env');
    // Two backups by hand and at least one before a revert, a generated and a created migration.
    assert.ok(written.filter((file) => file.endsWith('.snapshot.json.gz')).length >= 3, written.join('\n'));
    assert.ok(written.filter((file) => /migrations\/\d{13}-/.test(file)).length >= 2, written.join('\n'));
    for (const file of written) {
      assert.equal(leakIn(file), undefined, `file name ${file}`);
      assert.equal(leakIn(searchableContent(join(project.root, file))), undefined, `content of ${file}`);
    }
  });
});
