// `schema-lens check` against databases that misbehave: the built-from-source CLI is spawned as a
// user would run it, and must exit 2 with one clear line on stderr (never the password), within
// the configured timeout.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testServer } from '../support/postgres';
import { runCli, type CliRun } from '../support/cli';

const PASSWORD = 'sup3r-s3cret-pw';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** Stops listening and cuts the connections still open (close() alone waits for them). */
function close(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** One line on stderr that names the problem and never the password. */
function assertOneLine(run: CliRun, pattern: RegExp): void {
  assert.equal(run.code, 2, `exit code; stderr: ${run.stderr}`);
  const lines = run.stderr.split('\n').filter((line) => line && !line.startsWith('npm warn'));
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0]!, /^schema-lens check: /);
  assert.match(lines[0]!, pattern);
  assert.ok(!run.stderr.includes(PASSWORD), 'the password never appears');
}

describe('schema-lens check: connection failures', function () {
  this.timeout(60_000);
  let root: string;
  const sockets = new Set<Socket>();

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'schema-lens-check-'));
    writeFileSync(join(root, 'thing.entity.ts'), `import { Entity, PrimaryGeneratedColumn } from 'typeorm';\n@Entity()\nexport class Thing { @PrimaryGeneratedColumn() id!: number; }\n`);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('refused: exit 2 with a one-line reason', async () => {
    const probe = createServer();
    const port = await listen(probe);
    await close(probe, sockets); // nothing listens there any more
    const run = await runCli(['check', '--root', root, '--db', `postgres://app:${PASSWORD}@127.0.0.1:${port}/app`, '--timeout', '3000']);
    assertOneLine(run, /refused/i);
  });

  it('a server that never answers: exit 2 within the timeout', async () => {
    const silent = createServer((socket) => sockets.add(socket));
    const port = await listen(silent);
    try {
      const args = ['check', '--root', root, '--db', `postgres://app:${PASSWORD}@127.0.0.1:${port}/app`, '--timeout', '1500'];
      assertOneLine(await runCli(args), /time/i);
      // Timed in-process, so the measure is the command's, not the process start-up's.
      const { default: check } = await import('../../../src/cli/commands/check');
      const stderr: string[] = [];
      const write = process.stderr.write;
      process.stderr.write = ((chunk: string | Uint8Array) => stderr.push(String(chunk)) > 0) as typeof process.stderr.write;
      const started = Date.now();
      let code: number;
      try {
        code = await check.run(args.slice(1));
      } finally {
        process.stderr.write = write;
      }
      const ms = Date.now() - started;
      assert.equal(code, 2);
      assert.match(stderr.join(''), /^schema-lens check: .*time/im);
      assert.ok(ms < 1_500 + 2_000, `took ${ms} ms with --timeout 1500`);
    } finally {
      await close(silent, sockets);
    }
  });

  it('a connection that drops during introspection: exit 2 naming the lost connection', async () => {
    const { adminUrl } = await testServer();
    const target = new URL(adminUrl);
    // A proxy to the real server that cuts both sides at the first parameterised catalog query.
    const proxy = createServer((client) => {
      sockets.add(client);
      const upstream = new Socket();
      sockets.add(upstream);
      upstream.connect(Number(target.port), target.hostname);
      upstream.on('data', (data) => client.write(data));
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.on('data', (data) => {
        if (data[0] === 0x50 /* 'P': Parse, an extended-protocol query */) {
          client.destroy();
          upstream.destroy();
          return;
        }
        upstream.write(data);
      });
    });
    const port = await listen(proxy);
    try {
      const url = `postgres://${target.username}:${target.password}@127.0.0.1:${port}/postgres`;
      const run = await runCli(['check', '--root', root, '--db', url, '--timeout', '5000']);
      assertOneLine(run, /lost|terminated|closed|connection/i);
      assert.ok(!run.stderr.includes(target.password));
    } finally {
      await close(proxy, sockets);
    }
  });

  it('usage errors: exit 2 with the reason', async () => {
    const run = await runCli(['check', '--format', 'xml']);
    assertOneLine(run, /--format must be one of text, json, sarif/);
    const unknown = await runCli(['check', '--bogus']);
    assert.equal(unknown.code, 2);
  });
});
