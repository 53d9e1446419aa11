// `schema-lens lint` replays the migrations into the embedded PostgreSQL (issue 15): SL624 for a
// down() that does not undo its up(), and check's differences between the schema the migrations
// build and the entities. The shop fixture's migrations are TypeORM's migration:generate output for
// its entities: the true negative; added hand-written migrations break one or the other.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyProject, migrationWithDown, type TempProject } from '../shadow/support/project';
import { runCli } from '../support/cli';

interface JsonFinding {
  code: string;
  severity: string;
  message: string;
  file?: string;
  line?: number;
}

const migration = migrationWithDown;

describe('schema-lens lint: replay (SL624, entities against the migrations)', function () {
  this.timeout(300_000);
  const projects: TempProject[] = [];
  after(() => projects.forEach((project) => project.dispose()));

  const lint = async (project: TempProject, extra: string[] = []): Promise<{ code: number | null; findings: JsonFinding[]; stderr: string }> => {
    const run = await runCli(['lint', '--root', project.root, '--format', 'json', '--fail-on', 'never', '--no-db', ...extra]);
    assert.equal(run.code, 0, run.stderr);
    return { code: run.code, findings: (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings, stderr: run.stderr };
  };
  const replayCodes = (findings: JsonFinding[]): string[] => findings.filter((finding) => !/^SL6(0\d|1\d|2[0-3])$/.test(finding.code)).map((finding) => `${finding.code} ${finding.file}:${finding.line}`);

  it("finds nothing to replay-report when the migrations are TypeORM's own for the entities", async () => {
    const project = copyProject('shop');
    projects.push(project);
    const { findings } = await lint(project);
    assert.ok(findings.length > 0, 'the lint ran (SL6xx findings on the generated SQL)');
    assert.deepEqual(replayCodes(findings), []);
    const text = await runCli(['lint', '--root', project.root, '--fail-on', 'never', '--no-db']);
    assert.match(text.stderr, /replayed them with each down\(\) checked; the entities were compared with the schema its 2 migrations build/);
  });

  it('reports a down() that does not restore a column and its index (SL624, on down()) and a column type the entities do not have (SL103, on the entity); --no-replay reports neither', async () => {
    const project = copyProject('shop');
    projects.push(project);
    project.write('src/migrations/1710000200000-PhoneIndex.ts', migration('PhoneIndex1710000200000', ['CREATE INDEX "IDX_customers_phone" ON "customers" ("phone")'], ['DROP INDEX "IDX_customers_phone"']));
    project.write('src/migrations/1710000300000-PhoneText.ts', migration('PhoneText1710000300000', ['ALTER TABLE "customers" ALTER COLUMN "phone" TYPE text'], ['ALTER TABLE "customers" ALTER COLUMN "phone" TYPE character varying(30)']));
    project.write('src/migrations/1710000400000-ProductNote.ts', migration('ProductNote1710000400000', ['ALTER TABLE "products" ADD "note" text', 'CREATE INDEX "IDX_products_note" ON "products" ("note")'], ['ALTER TABLE "products" DROP COLUMN "note"']));
    project.write('src/migrations/1710000500000-DropNote.ts', migration('DropNote1710000500000', ['ALTER TABLE "products" DROP COLUMN "note"'], []));
    const { findings } = await lint(project);
    const codes = replayCodes(findings);
    // ProductNote's down() drops the column, and its index with it: correct. DropNote's down() adds back neither the column nor its index.
    const dropNote = findings.filter((finding) => finding.code === 'SL624');
    assert.deepEqual(dropNote.map((finding) => `${finding.file}:${finding.line}`), [join('src', 'migrations', '1710000500000-DropNote.ts:10'), join('src', 'migrations', '1710000500000-DropNote.ts:10')]);
    assert.deepEqual(dropNote.map((finding) => finding.message.replace(/, so reverting.*/, '')).sort(), [
      'DropNote1710000500000: down() does not restore column "products"."note" text',
      'DropNote1710000500000: down() does not restore index IDX_products_note ("note") on "products"',
    ]);
    const type = findings.filter((finding) => finding.code === 'SL103');
    assert.equal(type.length, 1, codes.join('\n'));
    assert.equal(type[0]!.file, join('src', 'entities', 'customer.entity.ts'));
    assert.match(type[0]!.message, /phone/);
    // PhoneIndex's down() is right: the index it leaves in the final schema is the entities' business (SL110 is for tables only; an extra index is not drift).
    assert.deepEqual(codes.filter((code) => !code.startsWith('SL624') && !code.startsWith('SL103')), []);

    const off = await lint(project, ['--no-replay']);
    assert.deepEqual(replayCodes(off.findings), []);
  });

  it('reports the down() of a migration with the error it throws', async () => {
    const project = copyProject('shop');
    projects.push(project);
    project.write('src/migrations/1710000200000-Broken.ts', migration('Broken1710000200000', ['ALTER TABLE "products" ADD "note" text'], ['ALTER TABLE "products" DROP COLUMN "no_such_column"']));
    const { findings } = await lint(project);
    const broken = findings.filter((finding) => finding.code === 'SL624');
    assert.equal(broken.length, 1);
    assert.match(broken[0]!.message, /Broken1710000200000: down\(\) throws .*column "no_such_column" of relation "products" does not exist/);
    // The column up() adds is not on the entity: check's own finding for it.
    assert.ok(findings.some((finding) => finding.code === 'SL111' && /note/.test(finding.message)), replayCodes(findings).join('\n'));
  });

  it('a replay that stops is a warning, not a finding, and no entity is compared with its partial schema; down() is checked up to the stop', async () => {
    const project = copyProject('shop');
    projects.push(project);
    // As in a project whose migrations do not start from an empty database (a baseline made outside them).
    project.write('src/migrations/1710000200000-PhoneIndex.ts', migration('PhoneIndex1710000200000', ['CREATE INDEX "IDX_customers_phone" ON "customers" ("phone")'], []));
    project.write('src/migrations/1710000300000-Legacy.ts', migration('Legacy1710000300000', ['ALTER TABLE "legacy_accounts" ADD "note" text'], ['ALTER TABLE "legacy_accounts" DROP COLUMN "note"']));
    project.write('src/migrations/1710000400000-Later.ts', migration('Later1710000400000', ['CREATE TABLE "later" ("id" integer PRIMARY KEY)'], ['DROP TABLE "later"']));
    const { findings, stderr } = await lint(project);
    assert.deepEqual(replayCodes(findings), ['SL624 src/migrations/1710000200000-PhoneIndex.ts:10']);
    assert.match(stderr, /warning: .*SL450 Migration Legacy1710000300000 failed when replayed into the embedded PostgreSQL: relation "legacy_accounts" does not exist/);
    assert.match(stderr, /The entities were not compared with the schema of a replay that stopped/);
  });

  it('reports no difference that rests on an entity fact the reader could not read (the trust model)', async () => {
    const project = copyProject('shop');
    projects.push(project);
    const entity = join(project.root, 'src', 'entities', 'customer.entity.ts');
    const text = readFileSync(entity, 'utf8');
    // The type comes from the environment at run time: unknown to the reader (SL001), so never compared.
    writeFileSync(entity, text.replace("@Column({ type: 'varchar', length: 30, nullable: true })", "@Column({ type: process.env.PHONE_TYPE as 'varchar', length: 30, nullable: true })"));
    project.write('src/migrations/1710000200000-PhoneText.ts', migration('PhoneText1710000200000', ['ALTER TABLE "customers" ALTER COLUMN "phone" TYPE text'], ['ALTER TABLE "customers" ALTER COLUMN "phone" TYPE character varying(30)']));
    const { findings } = await lint(project);
    assert.deepEqual(replayCodes(findings), []);
    // The same migration against the entity as written is a difference: the unknown type is what kept it out.
    writeFileSync(entity, text);
    assert.deepEqual(replayCodes((await lint(project)).findings), ['SL103 src/entities/customer.entity.ts:23']);
  });
});
