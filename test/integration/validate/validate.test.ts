// `schema-lens validate`: one exit code for CI over entities, migrations and database. Against a
// real database it fails on drift and on a migration `status --check` fails on, and passes once
// both agree; without one it replays the migrations and says the status was not checked.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { createTestProject, type MigrationSpec, type TestProject } from '../migrations/project';

const create: MigrationSpec = { name: 'CreateCounter', timestamp: 1700000000000, up: ['CREATE TABLE "counter" ("id" SERIAL PRIMARY KEY, "note" text)'], down: ['DROP TABLE "counter"'] };

const entity = (extra = '') => `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('counter')
export class Counter {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
${extra}}
`;

describe('schema-lens validate', function () {
  this.timeout(180_000);
  let project: TestProject;
  let common: string[];
  beforeEach(async () => {
    project = await createTestProject('validate');
    project.write(create);
    writeFileSync(join(project.root, 'counter.entity.ts'), entity());
    common = ['--root', project.root, '--entities', '*.entity.ts', '--migrations', 'migrations/*.ts'];
  });
  afterEach(() => project.dispose());

  it('fails while a migration is pending, passes once it ran, fails again on drift', async () => {
    const pending = await runCli(['validate', ...common, '--db', project.db.url, '--no-shadow']);
    assert.equal(pending.code, 1, pending.stderr);
    assert.match(pending.stderr, /1 migration needs attention \(pending, missing, out of order or edited\): CreateCounter1700000000000/);
    assert.match(pending.stderr, /validate: failed \(.*migrations need attention\)/);

    assert.equal((await runCli(['migrate', ...common, '--db', project.db.url])).code, 0);
    const clean = await runCli(['validate', ...common, '--db', project.db.url, '--no-shadow']);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stderr, /validate: passed\./);

    writeFileSync(join(project.root, 'counter.entity.ts'), entity("\n  @Column({ type: 'int', default: 0 })\n  hits!: number;\n"));
    const drift = await runCli(['validate', ...common, '--db', project.db.url, '--no-shadow', '--format', 'json']);
    assert.equal(drift.code, 1);
    assert.deepEqual((JSON.parse(drift.stdout) as { findings: { code: string }[] }).findings.map((f) => f.code), ['SL102']);
    assert.match(drift.stderr, /validate: failed \(findings at or above --fail-on error\)/);
  });

  it('without a database: the entities against the schema the migrations build, the status not checked', async () => {
    const run = await runCli(['validate', ...common, '--shadow']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stderr, /migration status not checked: no database/);
    assert.match(run.stderr, /validate: passed\./);
  });
});
