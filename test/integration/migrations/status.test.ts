import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { runMigrations } from '../../../src/core/migrations/runner';
import { readMigrationStatus } from '../../../src/core/migrations/status';
import { createTestProject, type MigrationSpec, nameOf, type TestProject } from './project';

const spec = (name: string, timestamp: number): MigrationSpec => ({
  name,
  timestamp,
  up: [`CREATE TABLE "${name.toLowerCase()}" ("id" int)`],
  down: [`DROP TABLE "${name.toLowerCase()}"`],
});

describe('migrations/status (real PostgreSQL)', function () {
  this.timeout(120_000);
  let project: TestProject;
  before(async () => {
    project = await createTestProject('status');
  });
  after(async () => {
    await project.dispose();
  });

  it('reports executed, pending, missing, out of order, edited and duplicates, each as a finding', async () => {
    const first = spec('First', 1700000000000);
    const gone = spec('Gone', 1700000002000);
    const edited = spec('Edited', 1700000003000);
    const branch = spec('Branch', 1700000001000); // older than what already ran
    const newest = spec('Newest', 1700000004000);
    const twinA = spec('TwinA', 1700000005000);
    const twinB = spec('TwinB', 1700000005000);
    const sameName = spec('Edited', 1700000003000);
    for (const migration of [first, gone, edited]) project.write(migration);
    const config = project.config();
    await runMigrations({ dataSource: config });
    project.remove(gone);
    appendFileSync(project.fileOf(edited), '// a later edit\n');
    for (const migration of [branch, newest, twinA, twinB]) project.write(migration);
    // A copy of an existing migration under another file name: same class name.
    const { copyFileSync } = await import('node:fs');
    copyFileSync(project.fileOf(sameName), project.fileOf(sameName).replace('.ts', '-copy.ts'));

    const status = await readMigrationStatus(config);
    assert.equal(status.connected, true);
    const byName = (name: string, file?: RegExp) => status.migrations.find((m) => m.name === name && (!file || file.test(m.file ?? '')))!;
    // Newest first; equal timestamps by name.
    assert.deepEqual(
      status.migrations.map((m) => `${m.name}:${m.state}`),
      [
        `${nameOf(twinA)}:pending`,
        `${nameOf(twinB)}:pending`,
        `${nameOf(newest)}:pending`,
        `${nameOf(edited)}:executed`,
        `${nameOf(edited)}:executed`,
        `${nameOf(gone)}:missing`,
        `${nameOf(branch)}:pending`,
        `${nameOf(first)}:executed`,
      ],
    );
    assert.equal(status.migrations[0]!.timestamp, 1700000005000);
    assert.equal(status.migrations.at(-1)!.name, nameOf(first));
    assert.equal(byName(nameOf(first)).runOrder, 1);
    assert.equal(byName(nameOf(gone)).runOrder, 2);
    assert.equal(byName(nameOf(branch)).outOfOrder, true);
    assert.equal(byName(nameOf(newest)).outOfOrder, false);
    assert.equal(byName(nameOf(edited), /Edited\.ts$/).edited, true);
    assert.equal(byName(nameOf(first)).edited, false);
    assert.equal(byName(nameOf(twinA)).duplicateTimestamp, true);
    assert.equal(byName(nameOf(edited), /copy/).duplicateName, true);

    const codes = (name: string) => status.findings.filter((f) => f.message.includes(name)).map((f) => f.code).sort();
    assert.deepEqual(codes(nameOf(branch)), ['SL401', 'SL403']);
    assert.deepEqual(codes(nameOf(gone)), ['SL402']);
    // Both files carry the name that ran, and neither has the content that ran.
    assert.deepEqual(codes(nameOf(edited)), ['SL404', 'SL404', 'SL406', 'SL406']);
    assert.deepEqual(codes(nameOf(twinA)), ['SL401', 'SL405']);
    assert.deepEqual(codes(nameOf(first)), []);
    for (const finding of status.findings) assert.equal(finding.category, 'migration');
    const pendingFinding = status.findings.find((f) => f.code === 'SL401' && f.message.includes(nameOf(branch)))!;
    assert.equal(pendingFinding.file, project.fileOf(branch));
    assert.equal(pendingFinding.span?.file, project.fileOf(branch));
  });

  it('is unknown for every file without a database, and says why when the database is unreachable', async () => {
    const offline = await readMigrationStatus(project.config({ connection: undefined }));
    assert.equal(offline.connected, false);
    assert.ok(offline.migrations.every((m) => m.state === 'unknown'));
    assert.deepEqual(offline.findings.filter((f) => f.code === 'SL401'), []);
    const unreachable = await readMigrationStatus(project.config({ connection: { url: 'postgres://nobody:secret-pw@127.0.0.1:1/none' } }), { timeoutMs: 2000 });
    assert.equal(unreachable.connected, false);
    assert.equal(unreachable.problems.filter((p) => /cannot read the migration history/.test(p.message)).length, 1);
    assert.ok(unreachable.problems.every((p) => !p.message.includes('secret-pw')));
  });
});
