// Read-only analysis, proven on the connections the analysis commands really open: while check (with
// each output format), status, model, generate, health, lint and docs run, every pg client they connect is made to try a
// write before its first query. Each such write must fail with read_only_sql_transaction (25006) and
// the canary table stays empty. The migration runner's own connections write by design and are not
// analysis; the extension reads the database through the same connectReadOnly (src/extension/actualModel.ts).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runInProcess, secretProject, type SecretProject } from './support';

const DOCS_OUT = join(tmpdir(), `sl-read-only-docs-${process.pid}`);

interface Probe {
  application: string;
  code?: string;
}

/**
 * Until the returned function is called, every pg client's first query is preceded by an INSERT into
 * the canary table on the same connection; what the INSERT did is recorded.
 */
function probeWrites(probes: Probe[]): () => void {
  const original = pg.Client.prototype.query;
  const probed = new WeakSet<pg.Client>();
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (probed.has(this)) return (original as (...a: unknown[]) => unknown).apply(this, args);
    probed.add(this);
    const probe: Probe = { application: String((this as unknown as { connectionParameters?: { application_name?: string } }).connectionParameters?.application_name ?? '') };
    probes.push(probe);
    const write = (original as (sql: string) => Promise<unknown>).call(this, 'INSERT INTO public.read_only_canary VALUES (1)').then(
      () => (probe.code = 'written'),
      (error: { code?: string }) => (probe.code = error.code ?? 'error'),
    );
    // A callback-style call has nothing to return; a promise-style call gets the original's promise, after the probe.
    if (typeof args[args.length - 1] === 'function') {
      void write.then(() => (original as (...a: unknown[]) => unknown).apply(this, args));
      return undefined;
    }
    return write.then(() => (original as (...a: unknown[]) => unknown).apply(this, args));
  } as typeof original;
  return () => {
    pg.Client.prototype.query = original;
  };
}

describe('read-only analysis: a write through an analysis connection fails', function () {
  this.timeout(120_000);
  let project: SecretProject;

  before(async () => {
    project = await secretProject('readonly');
    const migrated = await runInProcess(['migrate', '--root', project.root, '--db', project.url]);
    assert.equal(migrated.code, 0, migrated.stderr);
    await project.db.exec(`CREATE TABLE public.read_only_canary (n int); GRANT ALL ON public.read_only_canary TO PUBLIC`);
  });
  after(async () => {
    await project?.dispose();
    rmSync(DOCS_OUT, { recursive: true, force: true });
  });

  const commands = [
    ['check', '--format', 'text', '--fail-on', 'never'],
    ['check', '--format', 'json', '--fail-on', 'never'],
    ['check', '--format', 'sarif', '--fail-on', 'never'],
    ['status', '--json'],
    ['model', '--json'],
    ['generate', 'Probe', '--json'],
    ['health', '--format', 'json', '--fail-on', 'never'],
    ['lint', '--format', 'sarif', '--fail-on', 'never'],
    ['docs', '--out', DOCS_OUT],
  ];
  for (const command of commands) {
    it(command.join(' '), async () => {
      const probes: Probe[] = [];
      const restore = probeWrites(probes);
      let run;
      try {
        run = await runInProcess([...command, '--root', project.root, '--db', project.url]);
      } finally {
        restore();
      }
      assert.ok(run.code === 0 || run.code === 1, `${command.join(' ')}: exit ${run.code}\n${run.stderr}`);
      assert.ok(probes.length > 0, 'it opened a connection');
      assert.deepEqual(
        probes.map((probe) => probe.code),
        probes.map(() => '25006'),
        `every connection refuses the write: ${JSON.stringify(probes)}`,
      );
      assert.deepEqual(await project.db.rows('SELECT count(*)::int AS n FROM public.read_only_canary'), [{ n: 0 }]);
    });
  }

  it('the probe itself can write through a writable connection (the test can fail)', async () => {
    const probes: Probe[] = [];
    const restore = probeWrites(probes);
    const client = new pg.Client({ connectionString: project.url });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } finally {
      restore();
      await client.end();
    }
    assert.deepEqual(probes.map((probe) => probe.code), ['written']);
    await project.db.exec('TRUNCATE public.read_only_canary');
  });
});
